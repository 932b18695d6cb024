package dev.yakata.opcua.server;

import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventTypes;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * What an OPC UA client sees of one hub alarm, built from the alarm engine's bus events (and, at start, from the
 * {@code alarms} device's {@code list} rows). Pure data: the Milo nodes are set from it by {@link AlarmConditions}.
 *
 * @param alarm the alarm id (the event's subject)
 * @param condition the condition's name; the alarm id until an event names it
 * @param device the device the alarm is about; empty until an event names it
 * @param priority urgent, high, medium or low
 * @param state NORMAL, ACTIVE_UNACKED, ACTIVE_ACKED or RETURNED_UNACKED
 * @param shelved whether an operator shelved it
 * @param suppressed whether it is suppressed by design
 * @param outOfService whether a manager took it out of service
 */
record AlarmSnapshot(String alarm, String condition, String device, String point, String priority, String state,
        long count, String message, String user, String comment, boolean shelved, boolean suppressed,
        boolean outOfService, Instant time) {

    /** The alarm events this server follows. */
    static final Set<String> TYPES = Set.of(EventTypes.ALARM_RAISED, EventTypes.ALARM_ACKNOWLEDGED,
            EventTypes.ALARM_RETURNED, EventTypes.ALARM_CLEARED, EventTypes.ALARM_SHELVED, EventTypes.ALARM_UNSHELVED,
            EventTypes.ALARM_SUPPRESSED, EventTypes.ALARM_UNSUPPRESSED, EventTypes.ALARM_OUT_OF_SERVICE,
            EventTypes.ALARM_IN_SERVICE);

    /** The source of the alarm engine's events. */
    static final String SOURCE = "alarms";

    /**
     * OPC UA severity (1..1000) of a hub priority. The bands follow Part 9's guidance (801-1000 high, 601-800 medium
     * high, 401-600 medium, 201-400 medium low); an unknown priority is taken as medium rather than hidden.
     */
    static int severity(String priority) {
        return switch (priority) {
            case "urgent" -> 900;
            case "high" -> 700;
            case "low" -> 300;
            default -> 500;
        };
    }

    /** Whether the condition is active: ACTIVE_UNACKED and ACTIVE_ACKED. */
    boolean active() {
        return state.startsWith("ACTIVE");
    }

    /** Whether nothing waits for an acknowledgement: NORMAL and ACTIVE_ACKED. */
    boolean acked() {
        return "NORMAL".equals(state) || "ACTIVE_ACKED".equals(state);
    }

    /** Whether a client should show it: standing (not NORMAL) and in service; a disabled condition is not retained. */
    boolean retain() {
        return !"NORMAL".equals(state) && !outOfService;
    }

    int severity() {
        return severity(priority);
    }

    /** Whether this event belongs to the alarm engine's alarms. */
    static boolean isAlarmEvent(Event event) {
        return SOURCE.equals(event.source()) && TYPES.contains(event.type()) && event.subject() != null
                && !event.subject().isBlank();
    }

    /** The snapshot after an alarm event; {@code previous} (may be null) keeps the flags the event does not change. */
    static AlarmSnapshot after(AlarmSnapshot previous, Event event) {
        Map<String, Object> d = event.data();
        String alarm = event.subject();
        boolean shelved = previous != null && previous.shelved();
        boolean suppressed = previous != null && previous.suppressed();
        boolean outOfService = previous != null && previous.outOfService();
        switch (event.type()) {
            case EventTypes.ALARM_SHELVED -> shelved = true;
            case EventTypes.ALARM_UNSHELVED -> shelved = false;
            case EventTypes.ALARM_SUPPRESSED -> suppressed = true;
            case EventTypes.ALARM_UNSUPPRESSED -> suppressed = false;
            case EventTypes.ALARM_OUT_OF_SERVICE -> outOfService = true;
            case EventTypes.ALARM_IN_SERVICE -> outOfService = false;
            default -> { }
        }
        return new AlarmSnapshot(alarm,
                text(d, "condition", previous == null ? alarm : previous.condition()),
                text(d, "device", previous == null ? "" : previous.device()),
                text(d, "point", previous == null ? "" : previous.point()),
                text(d, "priority", previous == null ? "medium" : previous.priority()),
                text(d, "state", previous == null ? "NORMAL" : previous.state()),
                number(d, "count", previous == null ? 0 : previous.count()),
                text(d, "message", previous == null ? alarm : previous.message()),
                text(d, "user", ""), text(d, "comment", ""), shelved, suppressed, outOfService, event.time());
    }

    /**
     * A snapshot from a row of the {@code alarms} device's {@code list}: alarm, priority, state, count, since, flags
     * (active, "shelved until ...", "suppressed (...)", "out of service"), message. A row does not name the
     * condition, device or point; the next event of the alarm fills them in.
     */
    static AlarmSnapshot fromRow(Map<?, ?> row, Instant now) {
        String alarm = String.valueOf(row.get("alarm"));
        String flags = row.get("flags") == null ? "" : row.get("flags").toString();
        Instant since = now;
        Object sinceText = row.get("since");
        if (sinceText != null && !sinceText.toString().isBlank()) {
            try {
                since = Instant.parse(sinceText.toString());
            } catch (RuntimeException e) {
                since = now; // a row's time is a nicety; the state is what matters
            }
        }
        Map<String, Object> d = new java.util.HashMap<>();
        row.forEach((k, v) -> d.put(String.valueOf(k), v));
        return new AlarmSnapshot(alarm, text(d, "condition", alarm), text(d, "device", ""), text(d, "point", ""),
                text(d, "priority", "medium"), text(d, "state", "NORMAL"), number(d, "count", 0),
                text(d, "message", alarm), "", "", flags.contains("shelved"), flags.contains("suppressed"),
                flags.contains("out of service"), since);
    }

    private static String text(Map<String, Object> data, String key, String fallback) {
        Object value = data.get(key);
        return value == null || value.toString().isBlank() ? fallback : value.toString();
    }

    private static long number(Map<String, Object> data, String key, long fallback) {
        Object value = data.get(key);
        if (value instanceof Number n) {
            return n.longValue();
        }
        try {
            return value == null ? fallback : Long.parseLong(value.toString().trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
