package dev.yakata.alarms.internal;

import dev.yakata.alarms.rules.Catalog;
import dev.yakata.api.device.DeviceDefinition;
import dev.yakata.api.device.PointDefinition;
import dev.yakata.api.device.PointKind;
import dev.yakata.api.profile.PointRole;
import dev.yakata.api.profile.Profile;
import dev.yakata.core.api.DeviceInfo;
import dev.yakata.core.api.DeviceRegistry;
import dev.yakata.core.api.ProfileRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The hub's devices and profiles as the alarm files see them: read once per {@link #of} (a snapshot), so one load of
 * the files is checked against one list of devices.
 */
final class RegistryCatalog implements Catalog {

    private final List<Device> devices;
    private final Map<String, Map<String, PointKind>> profiles;

    private RegistryCatalog(List<Device> devices, Map<String, Map<String, PointKind>> profiles) {
        this.devices = devices;
        this.profiles = profiles;
    }

    static RegistryCatalog of(DeviceRegistry registry, ProfileRegistry profileRegistry) {
        List<Device> devices = new ArrayList<>();
        for (DeviceInfo info : registry.devices()) {
            DeviceDefinition d = info.definition();
            if (d == null) {
                continue; // an invalid device file: the registry says why; nothing to bind to
            }
            Map<String, PointKind> points = new LinkedHashMap<>();
            for (PointDefinition p : d.points()) {
                points.put(p.id(), p.kind());
            }
            devices.add(new Device(d.id(), d.profile(), d.floor(), points, d.roles()));
        }
        Map<String, Map<String, PointKind>> profiles = new LinkedHashMap<>();
        for (Profile profile : profileRegistry.profiles()) {
            Map<String, PointKind> roles = new LinkedHashMap<>();
            for (PointRole role : profile.roles()) {
                roles.put(role.name(), role.kind());
            }
            profiles.put(profile.name(), roles);
        }
        return new RegistryCatalog(List.copyOf(devices), profiles);
    }

    @Override
    public List<Device> devices() {
        return devices;
    }

    @Override
    public Optional<Map<String, PointKind>> profileRoles(String profile) {
        return Optional.ofNullable(profiles.get(profile));
    }

    @Override
    public List<String> profiles() {
        return List.copyOf(profiles.keySet());
    }

    /** What the alarm files' validity depends on, to compare two snapshots cheaply. */
    String fingerprint() {
        return devices.toString();
    }
}
