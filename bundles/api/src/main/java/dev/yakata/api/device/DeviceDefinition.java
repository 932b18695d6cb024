package dev.yakata.api.device;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A device as its configuration file describes it. Adapters read their protocol settings from
 * {@link #properties()} and their point mappings from {@link #points()}. Build one with
 * {@link #builder(String, String, String)}; the canonical constructor is not part of the stable contract.
 *
 * @param id         the device id, unique in the hub (e.g. {@code door.2f.server-room})
 * @param type       the device type ({@code door}, {@code shutter}, {@code camera}, {@code hvac}, {@code power}, ...)
 * @param adapterId  the id of the adapter that drives it
 * @param name       a human-readable name
 * @param site       the site (building)
 * @param floor      the floor (e.g. {@code 2F})
 * @param zone       the security zone (e.g. {@code L3})
 * @param points     the device's points, in file order
 * @param properties adapter-specific settings, every key of the file that is not one of the hub's
 * @param profile    the profile that gives the device its meaning ({@code door}, {@code shutter}, ...), empty when none
 * @param roles      the profile's point roles mapped onto this device's points: role name to point id, as the hub
 *                   resolved and checked them when the file loaded
 */
public record DeviceDefinition(String id, String type, String adapterId, String name, String site, String floor,
        String zone, List<PointDefinition> points, Map<String, String> properties, String profile,
        Map<String, String> roles) {

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
        profile = profile == null ? "" : profile;
        roles = roles == null ? Map.of() : Map.copyOf(roles);
    }

    public static Builder builder(String id, String type, String adapterId) {
        return new Builder(id, type, adapterId);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The point with this id, if the device has one. */
    public Optional<PointDefinition> point(String pointId) {
        return points.stream().filter(p -> p.id().equals(pointId)).findFirst();
    }

    /** The point that plays a role of the device's profile ({@code locked}, {@code contact}), if mapped. */
    public Optional<PointDefinition> pointFor(String role) {
        String pointId = roles.get(role);
        return pointId == null ? Optional.empty() : point(pointId);
    }

    /** An adapter-specific setting, or {@code defaultValue} when the file does not set it. */
    public String property(String key, String defaultValue) {
        return properties.getOrDefault(key, defaultValue);
    }

    /** Builds a {@link DeviceDefinition}; not thread-safe. */
    public static final class Builder {
        private final String id;
        private final String type;
        private final String adapterId;
        private String name;
        private String site;
        private String floor;
        private String zone;
        private final List<PointDefinition> points = new ArrayList<>();
        private final Map<String, String> properties = new LinkedHashMap<>();
        private String profile = "";
        private final Map<String, String> roles = new LinkedHashMap<>();

        private Builder(String id, String type, String adapterId) {
            this.id = id;
            this.type = type;
            this.adapterId = adapterId;
        }

        private Builder(DeviceDefinition d) {
            this(d.id, d.type, d.adapterId);
            name = d.name;
            site = d.site;
            floor = d.floor;
            zone = d.zone;
            points.addAll(d.points);
            properties.putAll(d.properties);
            profile = d.profile;
            roles.putAll(d.roles);
        }

        public Builder name(String value) { name = value; return this; }
        public Builder site(String value) { site = value; return this; }
        public Builder floor(String value) { floor = value; return this; }
        public Builder zone(String value) { zone = value; return this; }
        public Builder point(PointDefinition value) { points.add(value); return this; }
        public Builder points(List<PointDefinition> value) { points.clear(); points.addAll(value); return this; }
        public Builder property(String key, String value) { properties.put(key, value); return this; }
        public Builder properties(Map<String, String> value) { properties.clear(); properties.putAll(value); return this; }
        public Builder profile(String value) { profile = value; return this; }
        public Builder role(String role, String pointId) { roles.put(role, pointId); return this; }
        public Builder roles(Map<String, String> value) { roles.clear(); roles.putAll(value); return this; }

        public DeviceDefinition build() {
            return new DeviceDefinition(id, type, adapterId, name, site, floor, zone, points, properties, profile, roles);
        }
    }
}
