package dev.yakata.api.profile;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One action of a profile ({@code unlock}, {@code close}).
 *
 * @param name        the action's name, as commands give it
 * @param description one sentence for the docs and the console
 * @param arguments   its arguments
 */
public record ActionSpec(String name, String description, List<ArgumentSpec> arguments) {

    public ActionSpec {
        Objects.requireNonNull(name, "name");
        description = description == null ? "" : description;
        arguments = arguments == null ? List.of() : List.copyOf(arguments);
    }

    public Optional<ArgumentSpec> argument(String argumentName) {
        return arguments.stream().filter(a -> a.name().equals(argumentName)).findFirst();
    }
}
