package dev.yakata.api.profile;

import java.util.List;
import java.util.Objects;

/**
 * One argument of a profile action. The hub checks and converts it before a command reaches the adapter.
 *
 * @param name         the argument's name ({@code seconds})
 * @param kind         its type
 * @param required     whether a command must give it (only when there is no default)
 * @param defaultValue the value filled in when a command leaves it out, in the kind's Java type; {@code null} for none
 * @param min          the smallest value a number may have, {@code null} for no bound
 * @param max          the largest value a number may have, {@code null} for no bound
 * @param unit         its unit ({@code s}), empty when none
 * @param allowed      for TEXT, the values it may take; empty for any text
 * @param description  one sentence for the docs
 */
public record ArgumentSpec(String name, ArgumentKind kind, boolean required, Object defaultValue, Double min, Double max,
        String unit, List<String> allowed, String description) {

    public ArgumentSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        unit = unit == null ? "" : unit;
        allowed = allowed == null ? List.of() : List.copyOf(allowed);
        description = description == null ? "" : description;
    }
}
