package dev.yakata.access.internal;

import dev.yakata.api.device.DeviceDefinition;
import dev.yakata.api.device.PointValue;
import dev.yakata.core.api.DeviceInfo;
import dev.yakata.core.api.DeviceRegistry;
import java.util.Map;

/**
 * What access control reads of a device from the registry: its zone, which of its points plays a profile role, a
 * point's latest value. Always asked afresh, so a device file edited since is followed.
 */
final class DeviceLookup {

    private final DeviceRegistry registry;

    DeviceLookup(DeviceRegistry registry) {
        this.registry = registry;
    }

    /** The device's zone, empty for an unknown device. */
    String zone(String deviceId) {
        DeviceDefinition definition = definition(deviceId);
        return definition == null ? "" : definition.zone();
    }

    /** The point that plays a role of the device's profile: as mapped in its file, else the point of the role's name. */
    String pointFor(String deviceId, String role) {
        DeviceDefinition definition = definition(deviceId);
        return definition == null ? role : definition.roles().getOrDefault(role, role);
    }

    /** A point's latest value, or null when it has none (or a BAD one). */
    Object value(String deviceId, String pointId) {
        Map<String, PointValue> values = registry.values(deviceId);
        PointValue value = values.get(pointId);
        return value == null ? null : value.value();
    }

    private DeviceDefinition definition(String deviceId) {
        return registry.device(deviceId).map(DeviceInfo::definition).orElse(null);
    }
}
