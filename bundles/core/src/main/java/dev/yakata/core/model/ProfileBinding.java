package dev.yakata.core.model;

import dev.yakata.api.device.PointDefinition;
import dev.yakata.api.profile.PointRole;
import dev.yakata.api.profile.Profile;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Resolves a device file's profile and maps the profile's roles onto the device's points, or says what to fix. */
final class ProfileBinding {

    private ProfileBinding() {
    }

    /** The profile a file names, or that its type implies (a {@code door} is a door); empty when it has none. */
    static Optional<Profile> resolve(String explicit, String type, String source) throws DeviceConfigException {
        if (explicit != null) {
            return Optional.of(StandardProfiles.named(explicit).orElseThrow(() -> new DeviceConfigException(source
                    + ": device.profile = '" + explicit + "' is not a profile; use one of " + names()
                    + " (docs/profiles.md describes each)")));
        }
        return StandardProfiles.named(type);
    }

    /** Role name to point id, for every role the device plays; checks required roles and kinds. */
    static Map<String, String> roles(Profile profile, Map<String, String> explicit, List<PointDefinition> points,
            String source) throws DeviceConfigException {
        Map<String, PointDefinition> byId = points.stream()
                .collect(Collectors.toMap(PointDefinition::id, p -> p, (a, b) -> a, LinkedHashMap::new));
        if (profile == null) {
            if (!explicit.isEmpty()) {
                throw new DeviceConfigException(source + ": role." + explicit.keySet().iterator().next()
                        + " maps a profile role, but the device has no profile; add device.profile = one of " + names());
            }
            return Map.of();
        }
        for (String role : explicit.keySet()) {
            if (profile.role(role).isEmpty()) {
                throw new DeviceConfigException(source + ": role." + role + ": the " + profile.name()
                        + " profile has no role '" + role + "'; its roles are " + roleNames(profile));
            }
        }
        Map<String, String> mapped = new LinkedHashMap<>();
        for (PointRole role : profile.roles()) {
            String pointId = explicit.get(role.name());
            PointDefinition point;
            if (pointId != null) {
                point = byId.get(pointId);
                if (point == null) {
                    throw new DeviceConfigException(source + ": role." + role.name() + " = '" + pointId
                            + "' names no point of this device; its points are " + String.join(", ", byId.keySet()));
                }
            } else {
                point = byId.get(role.name());
            }
            if (point == null) {
                if (role.required()) {
                    throw new DeviceConfigException(source + ": the " + profile.name() + " profile needs a point for role '"
                            + role.name() + "' (" + kindName(role) + ": " + role.meaning() + "); add point." + role.name()
                            + ".kind = " + kindName(role) + " or map one with role." + role.name() + " = <point id>");
                }
                continue;
            }
            if (point.kind() != role.kind()) {
                throw new DeviceConfigException(source + ": role '" + role.name() + "' of the " + profile.name()
                        + " profile needs a " + kindName(role) + " point, but point '" + point.id() + "' is "
                        + point.kind().name().toLowerCase(Locale.ROOT) + "; fix point." + point.id() + ".kind or map another point");
            }
            mapped.put(role.name(), point.id());
        }
        return mapped;
    }

    private static String kindName(PointRole role) {
        return role.kind().name().toLowerCase(Locale.ROOT);
    }

    private static String roleNames(Profile profile) {
        return profile.roles().stream().map(PointRole::name).collect(Collectors.joining(", "));
    }

    private static String names() {
        return StandardProfiles.all().stream().map(Profile::name).collect(Collectors.joining(", "));
    }
}
