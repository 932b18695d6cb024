package dev.yakata.core.model;

import dev.yakata.api.device.DeviceDefinition;
import dev.yakata.api.profile.Profile;
import java.util.Map;

/**
 * Everything the hub reads from one device file: the definition adapters see, the profile that gives it meaning,
 * and the actions the file implements with its own points.
 *
 * @param definition the device as adapters see it (roles resolved, action keys removed from its properties)
 * @param profile    its profile, or null when it has none
 * @param actions    the actions of the action language, by name
 */
public record DeviceConfig(DeviceDefinition definition, Profile profile, Map<String, ActionDefinition> actions) {

    public DeviceConfig {
        actions = actions == null ? Map.of() : Map.copyOf(actions);
    }

    /** The name the command policy knows the device by: its profile, or its type when it has none. */
    public String policyName() {
        return profile != null ? profile.name() : definition.type();
    }
}
