package dev.yakata.api.command;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A request to a device: write a point, or perform an action the device's adapter understands
 * ({@code open}, {@code close}, {@code stop}, {@code unlock}, ...). Immutable.
 *
 * @param id        correlation id; the outcome and the bus events about it carry it
 * @param deviceId  the target device
 * @param pointId   the target point, or {@code null} for a device-level action
 * @param action    what to do; {@link #WRITE} writes {@code arguments.value} to the point
 * @param arguments the action's arguments
 * @param issuedBy  the user or component that issued it, for the audit trail
 * @param reason    why, in the issuer's words; may be empty
 * @param issuedAt  when it was issued
 */
public record Command(String id, String deviceId, String pointId, String action, Map<String, Object> arguments,
        String issuedBy, String reason, Instant issuedAt) {

    /** The action that writes {@code arguments.value} to a point. */
    public static final String WRITE = "write";

    /** The argument holding the value to write. */
    public static final String VALUE = "value";

    public Command {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(issuedBy, "issuedBy");
        Objects.requireNonNull(issuedAt, "issuedAt");
        arguments = arguments == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(arguments));
        reason = reason == null ? "" : reason;
    }

    /** A device-level action with a fresh id, issued now. */
    public static Command action(String deviceId, String action, Map<String, Object> arguments, String issuedBy, String reason) {
        return new Command(UUID.randomUUID().toString(), deviceId, null, action, arguments, issuedBy, reason, Instant.now());
    }

    /** A write of {@code value} to a point, with a fresh id, issued now. */
    public static Command write(String deviceId, String pointId, Object value, String issuedBy, String reason) {
        return new Command(UUID.randomUUID().toString(), deviceId, pointId, WRITE, Map.of(VALUE, value), issuedBy, reason,
                Instant.now());
    }

    /** The target point, if the command has one. */
    public Optional<String> point() {
        return Optional.ofNullable(pointId);
    }
}
