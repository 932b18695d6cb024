package dev.yakata.alarms.rules;

import dev.yakata.api.device.PointKind;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the alarm files are checked against, and what the engine binds conditions to: the hub's configured devices and
 * the profiles' roles. The hub gives a view of its device registry; tests give their own.
 */
public interface Catalog {

    /**
     * One configured device.
     *
     * @param id      the device id
     * @param profile its profile, empty when none
     * @param floor   its floor, empty when none
     * @param points  its points with their kinds
     * @param roles   its profile's roles mapped onto its point ids
     */
    record Device(String id, String profile, String floor, Map<String, PointKind> points, Map<String, String> roles) {
        public Device {
            profile = profile == null ? "" : profile;
            floor = floor == null ? "" : floor;
            points = Map.copyOf(points);
            roles = Map.copyOf(roles);
        }
    }

    /** Every configured device whose file is valid, sorted by id. */
    List<Device> devices();

    /** One device, if it is configured and its file valid. */
    default Optional<Device> device(String id) {
        return devices().stream().filter(d -> d.id().equals(id)).findFirst();
    }

    /** The roles a profile declares, with their kinds; empty when the hub declares no such profile. */
    Optional<Map<String, PointKind>> profileRoles(String profile);

    /** The names of the declared profiles, for messages. */
    List<String> profiles();
}
