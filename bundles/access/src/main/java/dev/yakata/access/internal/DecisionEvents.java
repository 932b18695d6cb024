package dev.yakata.access.internal;

import dev.yakata.access.rules.Decision;
import dev.yakata.access.rules.Swipe;
import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventTypes;
import dev.yakata.api.event.Severity;
import java.time.Instant;
import java.util.Map;

/**
 * A decision as the bus carries it ({@code access.granted}/{@code access.denied}, {@code card.presented}, with the
 * keys of docs/access-control.md's Events table), and back: the record's granted decisions become decisions again
 * when the hub restores who is where.
 */
final class DecisionEvents {

    private DecisionEvents() {
    }

    /**
     * {@code access.granted} or {@code access.denied}: source the door, correlation id the swipe's id, actor the card,
     * time the decision's, device time the swipe's. The optional keys are present only when they say something.
     *
     * @param zone          the door device's zone
     * @param unlockCommand the id of the unlock submitted for it, or empty
     */
    static Event decided(Decision d, Swipe swipe, String zone, String unlockCommand, Instant decidedAt) {
        Event.Builder event = Event.builder(d.granted() ? EventTypes.ACCESS_GRANTED : EventTypes.ACCESS_DENIED,
                swipe.door()).time(decidedAt).subject(swipe.reader()).zone(zone)
                .severity(d.granted() ? Severity.INFO : Severity.WARNING).correlationId(swipe.eventId())
                .actor(swipe.card()).deviceTime(swipe.deviceTime())
                .put("door", swipe.door()).put("reader", swipe.reader()).put("direction", d.direction())
                .put("from", d.fromZone()).put("to", d.toZone()).put("level", (long) d.level())
                .put("card", swipe.card()).put("person", d.person()).put("reason", d.reason())
                .put("detail", d.detail()).put("rule", d.rule());
        if (d.passbackViolation()) {
            event.put("passbackViolation", true);
        }
        if (!d.escort().isEmpty()) {
            event.put("escort", d.escort());
        }
        if (d.late()) {
            event.put("late", true);
        }
        if (d.clockSkew()) {
            event.put("clockSkew", true);
        }
        if (!unlockCommand.isEmpty()) {
            event.put("unlockCommand", unlockCommand);
        }
        return event.build();
    }

    /** {@code card.presented}, with pseudonyms only: the person's ({@code person:...}, empty when unknown) and the card's. */
    static Event presented(Decision d, Swipe swipe, String zone, String personPseudonym, Instant decidedAt) {
        return Event.builder(EventTypes.CARD_PRESENTED, swipe.door()).time(decidedAt).subject(swipe.reader())
                .zone(zone).correlationId(swipe.eventId()).actor(swipe.card()).deviceTime(swipe.deviceTime())
                .put("person", personPseudonym).put("card", swipe.card()).put("door", swipe.door())
                .put("reader", swipe.reader()).put("direction", d.direction())
                .put("decision", d.granted() ? "granted" : "denied").build();
    }

    /** The decision a stored {@code access.granted} or {@code access.denied} event records. */
    static Decision fromEvent(Event event) {
        Map<String, Object> d = event.data();
        return new Decision(EventTypes.ACCESS_GRANTED.equals(event.type()), EventData.text(d, "reason"),
                EventData.text(d, "detail"), EventData.text(d, "rule"), EventData.text(d, "door"),
                EventData.text(d, "reader"), EventData.text(d, "direction"), EventData.text(d, "from"),
                EventData.text(d, "to"), d.get("level") instanceof Number n ? n.intValue() : 0,
                EventData.text(d, "person"), Boolean.TRUE.equals(d.get("passbackViolation")),
                EventData.text(d, "escort"), Boolean.TRUE.equals(d.get("late")),
                Boolean.TRUE.equals(d.get("clockSkew")), 0);
    }
}
