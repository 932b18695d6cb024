package dev.yakata.api.event;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The envelope of everything on the bus, shaped after CloudEvents. Immutable.
 *
 * @param id       unique id; consumers de-duplicate by it
 * @param time     when it happened
 * @param source   who says so: a device id, {@code hub}, an adapter id, a route id
 * @param type     what happened, see {@link EventTypes}
 * @param subject  what it is about within the source (a point id, a command id), empty when the source says it all
 * @param zone     the security zone it happened in, empty when none
 * @param severity how urgent it is
 * @param data     the payload, in insertion order: strings, numbers, booleans, nulls, lists and maps of those
 */
public record Event(String id, Instant time, String source, String type, String subject, String zone,
        Severity severity, Map<String, Object> data) {

    public Event {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(type, "type");
        subject = subject == null ? "" : subject;
        zone = zone == null ? "" : zone;
        severity = severity == null ? Severity.INFO : severity;
        data = data == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(data));
    }

    /** A new event with a fresh id, stamped now, with no subject, zone or data and severity INFO. */
    public static Event of(String type, String source) {
        return new Event(UUID.randomUUID().toString(), Instant.now(), source, type, "", "", Severity.INFO, Map.of());
    }

    public Event withSubject(String newSubject) {
        return new Event(id, time, source, type, newSubject, zone, severity, data);
    }

    public Event withZone(String newZone) {
        return new Event(id, time, source, type, subject, newZone, severity, data);
    }

    public Event withSeverity(Severity newSeverity) {
        return new Event(id, time, source, type, subject, zone, newSeverity, data);
    }

    public Event withData(Map<String, Object> newData) {
        return new Event(id, time, source, type, subject, zone, severity, newData);
    }
}
