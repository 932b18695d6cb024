package dev.yakata.api.event;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The envelope of everything on the bus, shaped after CloudEvents. Immutable. Build one with
 * {@link #builder(String, String)} (or {@link #of(String, String)} and the {@code with…} copies); the canonical
 * constructor is not part of the stable contract, since fields are added as the record grows.
 *
 * @param id            unique id; consumers de-duplicate by it
 * @param time          when the hub learned of it
 * @param source        who says so: a device id, {@code hub}, an adapter id, a route id
 * @param type          what happened, see {@link EventTypes}
 * @param subject       what it is about within the source (a point id, a command id), empty when the source says it all
 * @param zone          the security zone it happened in, empty when none
 * @param severity      how urgent it is
 * @param data          the payload, in insertion order: strings, numbers, booleans, nulls, lists and maps of those
 * @param sequence      the event's number among the events of its source since the hub started, 1 up; 0 when not
 *                      numbered (yet): the hub numbers what its bus carries, so a consumer sees gaps
 * @param correlationId the command or swipe this event answers, empty when none
 * @param actor         who caused it: a user name, a rule, a card pseudonym; empty when nobody in particular
 * @param deviceTime    when the device says it happened (a controller that buffered swipes while offline), or
 *                      {@code null} when the device gave no time of its own
 */
public record Event(String id, Instant time, String source, String type, String subject, String zone,
        Severity severity, Map<String, Object> data, long sequence, String correlationId, String actor,
        Instant deviceTime) {

    public Event {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(type, "type");
        subject = subject == null ? "" : subject;
        zone = zone == null ? "" : zone;
        severity = severity == null ? Severity.INFO : severity;
        data = data == null || data.isEmpty() ? Map.of() : OrderedData.copyOf(data);
        correlationId = correlationId == null ? "" : correlationId;
        actor = actor == null ? "" : actor;
        if (sequence < 0) {
            throw new IllegalArgumentException("sequence must not be negative: " + sequence);
        }
    }

    /** A new event with a fresh id, stamped now, with no subject, zone or data and severity INFO. */
    public static Event of(String type, String source) {
        return builder(type, source).build();
    }

    /** A builder for a new event with a fresh id, stamped now. */
    public static Builder builder(String type, String source) {
        return new Builder(type, source);
    }

    /** A builder that starts from this event's fields (same id). */
    public Builder toBuilder() {
        return new Builder(this);
    }

    public Event withSubject(String newSubject) {
        return toBuilder().subject(newSubject).build();
    }

    public Event withZone(String newZone) {
        return toBuilder().zone(newZone).build();
    }

    public Event withSeverity(Severity newSeverity) {
        return toBuilder().severity(newSeverity).build();
    }

    public Event withData(Map<String, Object> newData) {
        return toBuilder().data(newData).build();
    }

    public Event withSequence(long newSequence) {
        return toBuilder().sequence(newSequence).build();
    }

    /**
     * A fresh event id: unique within this hub's run by a counter, and across runs by a random prefix drawn once.
     * Cheap, unlike a random UUID per event, which takes a lock on a shared random source; the counter is written
     * in decimal, in the same concatenation, so an id is allocated once (one for every point change).
     */
    public static String newId() {
        return Ids.PREFIX + Ids.COUNTER.incrementAndGet();
    }

    private static final class Ids {
        static final String PREFIX;
        static final AtomicLong COUNTER = new AtomicLong();

        static {
            byte[] bytes = new byte[6];
            new SecureRandom().nextBytes(bytes);
            StringBuilder text = new StringBuilder(14);
            for (byte b : bytes) {
                text.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
            }
            PREFIX = text.append('-').toString();
        }
    }

    /** Builds an {@link Event}; not thread-safe. */
    public static final class Builder {
        private String id;
        private Instant time;
        private final String source;
        private final String type;
        private String subject = "";
        private String zone = "";
        private Severity severity = Severity.INFO;
        /** The payload as set by {@link #data}, or the event's it started from; {@code appender} once entries are added. */
        private Map<String, Object> frozen = Map.of();
        private OrderedData.Appender appender;
        private long sequence;
        private String correlationId = "";
        private String actor = "";
        private Instant deviceTime;

        private Builder(String type, String source) {
            this.type = Objects.requireNonNull(type, "type");
            this.source = Objects.requireNonNull(source, "source");
        }

        private Builder(Event e) {
            this(e.type, e.source);
            id = e.id;
            time = e.time;
            subject = e.subject;
            zone = e.zone;
            severity = e.severity;
            frozen = e.data;
            sequence = e.sequence;
            correlationId = e.correlationId;
            actor = e.actor;
            deviceTime = e.deviceTime;
        }

        public Builder id(String value) { id = value; return this; }
        public Builder time(Instant value) { time = value; return this; }
        public Builder subject(String value) { subject = value; return this; }
        public Builder zone(String value) { zone = value; return this; }
        public Builder severity(Severity value) { severity = value; return this; }
        /** Replaces the payload. */
        public Builder data(Map<String, ?> value) {
            frozen = value == null || value.isEmpty() ? Map.of() : OrderedData.copyOf(value);
            appender = null;
            return this;
        }
        /** Adds one payload entry, after those already set (a key set again keeps its place and takes the new value). */
        public Builder put(String key, Object value) {
            if (appender == null) {
                appender = new OrderedData.Appender(frozen.size() + 5);
                if (!frozen.isEmpty()) { // no lambda for a payload built from nothing, the hot path's case
                    frozen.forEach(appender::put);
                }
            }
            appender.put(key, value);
            return this;
        }
        public Builder sequence(long value) { sequence = value; return this; }
        public Builder correlationId(String value) { correlationId = value; return this; }
        public Builder actor(String value) { actor = value; return this; }
        public Builder deviceTime(Instant value) { deviceTime = value; return this; }

        public Event build() {
            return new Event(id == null ? newId() : id, time == null ? Instant.now() : time, source, type, subject, zone,
                    severity, appender == null ? frozen : appender.build(), sequence, correlationId, actor, deviceTime);
        }
    }
}
