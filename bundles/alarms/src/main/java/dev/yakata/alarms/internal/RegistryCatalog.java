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
 * the files is checked against one list of devices. A snapshot only holds the registry's definitions until a load asks
 * for the catalog's view: the files' poll takes one every 250 ms to see whether the devices changed, and building the
 * view of 500 devices each time (maps, and a string to compare) was 12 % of the hub's garbage at 200 swipes/s
 * (BENCHMARKS.md, Access control end to end).
 */
final class RegistryCatalog implements Catalog {

    private final List<DeviceDefinition> definitions;
    private final List<Profile> profileList;
    private List<Device> devices;
    private Map<String, Map<String, PointKind>> profiles;

    private RegistryCatalog(List<DeviceDefinition> definitions, List<Profile> profileList) {
        this.definitions = definitions;
        this.profileList = profileList;
    }

    static RegistryCatalog of(DeviceRegistry registry, ProfileRegistry profileRegistry) {
        List<DeviceInfo> infos = registry.devices();
        List<DeviceDefinition> definitions = new ArrayList<>(infos.size());
        for (DeviceInfo info : infos) {
            if (info.definition() != null) {
                definitions.add(info.definition()); // null: an invalid device file; the registry says why
            }
        }
        return new RegistryCatalog(definitions, profileRegistry.profiles());
    }

    /**
     * Whether this snapshot holds the same devices and profiles as another, as the alarm files see them. The registry
     * hands out the same definition objects while a device's file is unchanged, so this is mostly identity checks.
     */
    boolean sameAs(RegistryCatalog other) {
        return other != null && same(definitions, other.definitions) && same(profileList, other.profileList);
    }

    private static boolean same(List<?> a, List<?> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            Object x = a.get(i);
            Object y = b.get(i);
            if (x != y && !x.equals(y)) {
                return false;
            }
        }
        return true;
    }

    private synchronized void view() {
        if (devices != null) {
            return;
        }
        List<Device> built = new ArrayList<>();
        for (DeviceDefinition d : definitions) {
            Map<String, PointKind> points = new LinkedHashMap<>();
            for (PointDefinition p : d.points()) {
                points.put(p.id(), p.kind());
            }
            built.add(new Device(d.id(), d.profile(), d.floor(), points, d.roles()));
        }
        Map<String, Map<String, PointKind>> byName = new LinkedHashMap<>();
        for (Profile profile : profileList) {
            Map<String, PointKind> roles = new LinkedHashMap<>();
            for (PointRole role : profile.roles()) {
                roles.put(role.name(), role.kind());
            }
            byName.put(profile.name(), roles);
        }
        profiles = byName;
        devices = List.copyOf(built);
    }

    @Override
    public synchronized List<Device> devices() {
        view();
        return devices;
    }

    @Override
    public synchronized Optional<Map<String, PointKind>> profileRoles(String profile) {
        view();
        return Optional.ofNullable(profiles.get(profile));
    }

    @Override
    public synchronized List<String> profiles() {
        view();
        return List.copyOf(profiles.keySet());
    }
}
