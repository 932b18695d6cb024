package dev.yakata.api.device;

import java.util.Objects;

/**
 * The status of a device: a state, a detail code and a sentence a person can act on.
 * An expected failure (peer unreachable) is a status, not an exception.
 *
 * @param state  the coarse state
 * @param detail why the device is in that state
 * @param reason a human-readable sentence, empty when there is nothing to say
 */
public record DeviceStatus(DeviceState state, StatusDetail detail, String reason) {

    public DeviceStatus {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(detail, "detail");
        reason = reason == null ? "" : reason;
    }

    public static DeviceStatus online() {
        return new DeviceStatus(DeviceState.ONLINE, StatusDetail.NONE, "");
    }

    public static DeviceStatus offline(StatusDetail detail, String reason) {
        return new DeviceStatus(DeviceState.OFFLINE, detail, reason);
    }

    public static DeviceStatus fault(StatusDetail detail, String reason) {
        return new DeviceStatus(DeviceState.FAULT, detail, reason);
    }

    public static DeviceStatus unknown() {
        return new DeviceStatus(DeviceState.UNKNOWN, StatusDetail.NONE, "");
    }

    @Override
    public String toString() {
        return reason.isEmpty() ? state.name() : state + " (" + detail + "): " + reason;
    }
}
