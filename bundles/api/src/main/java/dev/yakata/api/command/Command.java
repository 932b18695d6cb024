package dev.yakata.api.command;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A request to a device: write a point, or perform an action of the device's profile ({@code open}, {@code close},
 * {@code stop}, {@code unlock}, ...). Immutable. Build one with {@link #builder(String, String)},
 * {@link #action(String, String, Map, Issuer, String)} or {@link #write(String, String, Object, Issuer, String)}; the
 * canonical constructor is not part of the stable contract.
 *
 * @param id            the command's id; its outcome and the bus events about it carry it
 * @param deviceId      the target device
 * @param pointId       the target point, or {@code null} for a device-level action
 * @param action        what to do; {@link #WRITE} writes {@code arguments.value} to the point
 * @param arguments     the action's arguments; the adapter receives them checked, converted to the profile's types
 *                      and with the profile's defaults filled in
 * @param issuer        who issued it, set by the hub from the authenticated session
 * @param reason        why, in the issuer's words; may be empty
 * @param issuedAt      when it was issued
 * @param correlationId what it answers (the swipe an unlock follows), empty when it answers nothing
 */
public record Command(String id, String deviceId, String pointId, String action, Map<String, Object> arguments,
        Issuer issuer, String reason, Instant issuedAt, String correlationId) {

    /** The action that writes {@code arguments.value} to a point. */
    public static final String WRITE = "write";

    /** The argument holding the value to write. */
    public static final String VALUE = "value";

    public Command {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(issuedAt, "issuedAt");
        arguments = arguments == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(arguments));
        reason = reason == null ? "" : reason;
        correlationId = correlationId == null ? "" : correlationId;
    }

    /** A builder for a command with a fresh id, issued now. */
    public static Builder builder(String deviceId, String action) {
        return new Builder(deviceId, action);
    }

    /** A device-level action with a fresh id, issued now. */
    public static Command action(String deviceId, String action, Map<String, Object> arguments, Issuer issuer, String reason) {
        return builder(deviceId, action).arguments(arguments).issuer(issuer).reason(reason).build();
    }

    /** A write of {@code value} to a point, with a fresh id, issued now. */
    public static Command write(String deviceId, String pointId, Object value, Issuer issuer, String reason) {
        return builder(deviceId, WRITE).point(pointId).argument(VALUE, value).issuer(issuer).reason(reason).build();
    }

    /** A builder that starts from this command's fields (same id). */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The same command with other arguments. */
    public Command withArguments(Map<String, Object> newArguments) {
        return toBuilder().arguments(newArguments).build();
    }

    /** The target point, if the command has one. */
    public Optional<String> point() {
        return Optional.ofNullable(pointId);
    }

    /** Builds a {@link Command}; not thread-safe. */
    public static final class Builder {
        private String id;
        private final String deviceId;
        private final String action;
        private String pointId;
        private Map<String, Object> arguments = new LinkedHashMap<>();
        private Issuer issuer;
        private String reason = "";
        private Instant issuedAt;
        private String correlationId = "";

        private Builder(String deviceId, String action) {
            this.deviceId = Objects.requireNonNull(deviceId, "deviceId");
            this.action = Objects.requireNonNull(action, "action");
        }

        private Builder(Command c) {
            this(c.deviceId, c.action);
            id = c.id;
            pointId = c.pointId;
            arguments = new LinkedHashMap<>(c.arguments);
            issuer = c.issuer;
            reason = c.reason;
            issuedAt = c.issuedAt;
            correlationId = c.correlationId;
        }

        public Builder id(String value) { id = value; return this; }
        public Builder point(String value) { pointId = value; return this; }
        /** Replaces the arguments. */
        public Builder arguments(Map<String, Object> value) {
            arguments = value == null ? new LinkedHashMap<>() : new LinkedHashMap<>(value);
            return this;
        }
        public Builder argument(String name, Object value) { arguments.put(name, value); return this; }
        public Builder issuer(Issuer value) { issuer = value; return this; }
        public Builder reason(String value) { reason = value; return this; }
        public Builder issuedAt(Instant value) { issuedAt = value; return this; }
        public Builder correlationId(String value) { correlationId = value; return this; }

        public Command build() {
            return new Command(id == null ? UUID.randomUUID().toString() : id, deviceId, pointId, action, arguments,
                    issuer, reason, issuedAt == null ? Instant.now() : issuedAt, correlationId);
        }
    }
}
