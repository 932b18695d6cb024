package dev.yakata.api.profile;

import dev.yakata.api.device.PointKind;
import java.util.Objects;

/**
 * One point a profile knows by its meaning, mapped in a device file onto one of the device's points
 * ({@code role.<name> = <point id>}, or implicitly the point of the same id).
 *
 * @param name     the role's name ({@code locked}, {@code contact})
 * @param kind     the kind of value the mapped point must hold
 * @param required whether a device of the profile must map it (the device goes FAULT naming the role otherwise)
 * @param meaning  what the value means, with its polarity for a binary ({@code true when the bolt is thrown})
 */
public record PointRole(String name, PointKind kind, boolean required, String meaning) {

    public PointRole {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        meaning = meaning == null ? "" : meaning;
    }
}
