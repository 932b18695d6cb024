package dev.yakata.api.profile;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a kind of device means to the hub: its point roles, its actions and the events it emits.
 *
 * @param name        the profile's name, as device files give it in {@code device.profile} ({@code door})
 * @param description one sentence for the docs and the console
 * @param roles       the point roles, required ones first
 * @param actions     the actions a command may ask of the device
 * @param events      the event types the device emits
 */
public record Profile(String name, String description, List<PointRole> roles, List<ActionSpec> actions,
        List<EventSpec> events) {

    public Profile {
        Objects.requireNonNull(name, "name");
        description = description == null ? "" : description;
        roles = roles == null ? List.of() : List.copyOf(roles);
        actions = actions == null ? List.of() : List.copyOf(actions);
        events = events == null ? List.of() : List.copyOf(events);
    }

    public Optional<PointRole> role(String roleName) {
        return roles.stream().filter(r -> r.name().equals(roleName)).findFirst();
    }

    public Optional<ActionSpec> action(String actionName) {
        return actions.stream().filter(a -> a.name().equals(actionName)).findFirst();
    }

    public Optional<EventSpec> event(String type) {
        return events.stream().filter(e -> e.type().equals(type)).findFirst();
    }
}
