package dev.yakata.api.device;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A device as its configuration file describes it. Adapters read their protocol settings from
 * {@link #properties()} and their point mappings from {@link #points()}.
 *
 * @param id         the device id, unique in the hub (e.g. {@code door.2f.server-room})
 * @param type       the device type ({@code door}, {@code shutter}, {@code camera}, {@code hvac}, {@code power}, ...)
 * @param adapterId  the id of the adapter that drives it
 * @param name       a human-readable name
 * @param site       the site (building)
 * @param floor      the floor (e.g. {@code 2F})
 * @param zone       the security zone (e.g. {@code L3})
 * @param points     the device's points, in file order
 * @param properties adapter-specific settings, every key of the file that is not one of the above
 */
public record DeviceDefinition(String id, String type, String adapterId, String name, String site, String floor,
        String zone, List<PointDefinition> points, Map<String, String> properties) {

    public DeviceDefinition {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(adapterId, "adapterId");
        name = name == null ? id : name;
        site = site == null ? "" : site;
        floor = floor == null ? "" : floor;
        zone = zone == null ? "" : zone;
        points = points == null ? List.of() : List.copyOf(points);
        properties = properties == null ? Map.of() : Map.copyOf(properties);
    }

    /** The point with this id, if the device has one. */
    public Optional<PointDefinition> point(String pointId) {
        return points.stream().filter(p -> p.id().equals(pointId)).findFirst();
    }

    /** An adapter-specific setting, or {@code defaultValue} when the file does not set it. */
    public String property(String key, String defaultValue) {
        return properties.getOrDefault(key, defaultValue);
    }
}
