package dev.yakata.store.api;

import java.time.Instant;

/**
 * Which stored events to return. Start with {@link #between} and narrow it with the {@code with…} copies; an empty
 * filter matches everything.
 *
 * @param from          first instant included (the event's {@code time})
 * @param to            first instant excluded; must be after {@code from}
 * @param device        the event's source (a device id, {@code hub}, {@code store}); empty for any
 * @param zone          the event's zone; empty for any
 * @param type          an exact type ({@code door.forced}) or a prefix ending in a dot ({@code door.}); empty for any
 * @param actor         who caused it (the issuer's user name, a rule, a card pseudonym); empty for any
 * @param correlationId the command or swipe the events answer; empty for any
 * @param limit         page size, 1 to {@link EventStore#MAX_LIMIT}
 * @param next          the token of the previous page, empty for the first
 * @param newestFirst   the newest event first (what a console's list shows) instead of the oldest (what an export
 *                      and a report read); a page's token only continues a query of the same order
 */
public record EventQuery(Instant from, Instant to, String device, String zone, String type, String actor,
        String correlationId, int limit, String next, boolean newestFirst) {

    /** Default page size. */
    public static final int DEFAULT_LIMIT = 100;

    public EventQuery {
        device = device == null ? "" : device;
        zone = zone == null ? "" : zone;
        type = type == null ? "" : type;
        actor = actor == null ? "" : actor;
        correlationId = correlationId == null ? "" : correlationId;
        next = next == null ? "" : next;
    }

    /** Every event in {@code [from, to)}, 100 a page. */
    public static EventQuery between(Instant from, Instant to) {
        return new EventQuery(from, to, "", "", "", "", "", DEFAULT_LIMIT, "", false);
    }

    public EventQuery withDevice(String value) {
        return new EventQuery(from, to, value, zone, type, actor, correlationId, limit, next, newestFirst);
    }

    public EventQuery withZone(String value) {
        return new EventQuery(from, to, device, value, type, actor, correlationId, limit, next, newestFirst);
    }

    public EventQuery withType(String value) {
        return new EventQuery(from, to, device, zone, value, actor, correlationId, limit, next, newestFirst);
    }

    public EventQuery withActor(String value) {
        return new EventQuery(from, to, device, zone, type, value, correlationId, limit, next, newestFirst);
    }

    public EventQuery withCorrelationId(String value) {
        return new EventQuery(from, to, device, zone, type, actor, value, limit, next, newestFirst);
    }

    public EventQuery withLimit(int value) {
        return new EventQuery(from, to, device, zone, type, actor, correlationId, value, next, newestFirst);
    }

    public EventQuery withNext(String value) {
        return new EventQuery(from, to, device, zone, type, actor, correlationId, limit, value, newestFirst);
    }

    /** The same query read from its newest event back ({@code true}) or from its oldest forward ({@code false}). */
    public EventQuery withNewestFirst(boolean value) {
        return new EventQuery(from, to, device, zone, type, actor, correlationId, limit, next, value);
    }
}
