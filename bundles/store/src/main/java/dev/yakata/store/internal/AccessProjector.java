package dev.yakata.store.internal;

import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventTypes;
import dev.yakata.eventjson.EventJson;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Level-3 entry/exit record (docs/access-control.md, "The Level-3 record"): every {@code access.granted} and
 * {@code access.denied} whose {@code level} is 3 becomes a record of chain {@code access}. Who is the person,
 * through the {@code card} channel, at the door, in the swipe's direction; the zones, reader and card pseudonym go
 * into its arguments. The access bundle publishes the facts; this only picks them out.
 */
final class AccessProjector {

    static final String CHANNEL = "card";
    static final int LEVEL = 3;

    /** Data keys copied into the arguments when the event carries them. */
    private static final List<String> OPTIONAL_ARGUMENTS = List.of("passbackViolation", "escort", "late", "clockSkew");
    private static final BigDecimal LEVEL_3 = BigDecimal.valueOf(LEVEL);

    private AccessProjector() {
    }

    static boolean isDecision(String type) {
        return type.equals(EventTypes.ACCESS_GRANTED) || type.equals(EventTypes.ACCESS_DENIED);
    }

    /** An access decision at a Level-3 door: its {@code level} is 3 as a number or as text ("3"). */
    static boolean isLevel3Decision(Event event) {
        return isDecision(event.type()) && isLevel3(event.data().get("level"));
    }

    /**
     * Whether a {@code level} value says 3. An Integer from the publisher comes back from the journal as a Long, and
     * a level read from a file may stay text; anything that is not a number is no level.
     */
    static boolean isLevel3(Object level) {
        if (!(level instanceof Number) && !(level instanceof CharSequence)) {
            return false;
        }
        try {
            return new BigDecimal(level.toString().trim()).compareTo(LEVEL_3) == 0;
        } catch (NumberFormatException e) {
            return false; // NaN, "high", ""
        }
    }

    /** The record for a Level-3 decision, without its chain number and hashes; {@code null} for any other event. */
    static AuditRecord project(Event event, long position) {
        if (!isLevel3Decision(event)) {
            return null;
        }
        Map<String, Object> data = event.data();
        String door = text(data.get("door"));
        Map<String, Object> arguments = new LinkedHashMap<>();
        for (String key : List.of("reader", "from", "to", "card")) {
            arguments.put(key, text(data.get(key)));
        }
        for (String key : OPTIONAL_ARGUMENTS) {
            Object value = data.get(key);
            if (value != null && !"".equals(value)) { // an empty escort is no escort
                arguments.put(key, value);
            }
        }
        String outcome = event.type().equals(EventTypes.ACCESS_GRANTED) ? "granted" : "denied";
        return new AuditRecord(Chains.ACCESS, 0, Times.nanos(event.time()), event.type(), text(data.get("person")),
                CHANNEL, door.isEmpty() ? event.source() : door, text(data.get("direction")),
                EventJson.valueToJson(arguments), outcome, text(data.get("reason")), event.id(), position,
                event.correlationId(), "", "");
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }
}
