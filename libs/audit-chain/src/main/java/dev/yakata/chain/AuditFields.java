package dev.yakata.chain;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * The content of one audit record, everything the chain vouches for. Text fields are never null: a null becomes the
 * empty string, so a database that stores "" as NULL (or the reverse) does not change the hash.
 *
 * <p>{@code time} is truncated to whole microseconds here, before it is hashed, because that is what PostgreSQL's
 * {@code timestamptz} and H2's {@code TIMESTAMP(6)} keep. The store must keep at least microseconds: a column that
 * keeps less (milliseconds, seconds) changes the time read back and the record then verifies as EDITED.
 *
 * @param time when it happened (required)
 * @param kind what sort of record, e.g. {@code command}, {@code login.refused}, {@code config.changed}, {@code access.granted}
 * @param user who (the issuer, the log-in name)
 * @param channel through which way in (shell, mqtt, opcua, console, hub)
 * @param device the device concerned, or the configuration PID
 * @param action the action or command name, or the changed keys
 * @param arguments the arguments, as the store renders them (secrets redacted before they get here)
 * @param outcome the result (ACCEPTED, REJECTED, ...)
 * @param reason why (the user's reason for a command, the refusal's reason)
 * @param eventId the journal event's id, linking the record to the event store
 */
public record AuditFields(Instant time, String kind, String user, String channel, String device, String action,
        String arguments, String outcome, String reason, String eventId) {

    public AuditFields {
        Objects.requireNonNull(time, "AuditFields.time is required: every audit record says when it happened");
        time = time.truncatedTo(ChronoUnit.MICROS);
        kind = orEmpty(kind);
        user = orEmpty(user);
        channel = orEmpty(channel);
        device = orEmpty(device);
        action = orEmpty(action);
        arguments = orEmpty(arguments);
        outcome = orEmpty(outcome);
        reason = orEmpty(reason);
        eventId = orEmpty(eventId);
    }

    /** Starts a builder: {@code AuditFields.at(now).kind("command").user("alice").build()}. */
    public static Builder at(Instant time) {
        return new Builder(time);
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    /** Names the fields as they are passed, so a caller's code survives a field added later. */
    public static final class Builder {
        private final Instant time;
        private String kind, user, channel, device, action, arguments, outcome, reason, eventId;

        private Builder(Instant time) {
            this.time = time;
        }

        public Builder kind(String v) { kind = v; return this; }
        public Builder user(String v) { user = v; return this; }
        public Builder channel(String v) { channel = v; return this; }
        public Builder device(String v) { device = v; return this; }
        public Builder action(String v) { action = v; return this; }
        public Builder arguments(String v) { arguments = v; return this; }
        public Builder outcome(String v) { outcome = v; return this; }
        public Builder reason(String v) { reason = v; return this; }
        public Builder eventId(String v) { eventId = v; return this; }

        public AuditFields build() {
            return new AuditFields(time, kind, user, channel, device, action, arguments, outcome, reason, eventId);
        }
    }
}
