package dev.yakata.access.rules;

import java.time.Instant;

/**
 * One card presented at a reader, as the hub received it from a {@code card.swiped} event.
 *
 * @param eventId    the swipe event's id (replays are recognised by it)
 * @param door       the device id of the door whose reader it was
 * @param reader     the reader's id ({@code reader} in the event)
 * @param card       the card's pseudonym ({@code card:} + 24 hex digits), as the core put it in the event; may be
 *                   empty or malformed, which is a decision of its own
 * @param receivedAt when the hub received it (its decisions go by the hub's clock)
 * @param deviceTime when the reader says it happened, or {@code null}
 */
public record Swipe(String eventId, String door, String reader, String card, Instant receivedAt, Instant deviceTime) {
}
