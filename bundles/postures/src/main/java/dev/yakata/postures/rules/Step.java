package dev.yakata.postures.rules;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One step of a posture: the devices it selects and what each is told, a profile action with arguments
 * ({@code do close}) or a point write ({@code write setpoint 26}).
 *
 * @param line      the step's line in the file
 * @param selection the devices
 * @param action    the profile action, or {@code write} for a point write
 * @param arguments the action's arguments as written (the core converts and checks them again at each command)
 * @param point     the point a write writes, null for an action
 * @param value     the value a write writes, as written, null for an action
 */
public record Step(int line, Selection selection, String action, Map<String, String> arguments, String point,
        String value) {

    public static final String WRITE = "write";

    public Step {
        arguments = Collections.unmodifiableMap(new LinkedHashMap<>(arguments));
    }

    public boolean isWrite() {
        return point != null;
    }

    /** What each selected device is told, as the file writes it. */
    public String what() {
        if (isWrite()) {
            return "write " + point + " " + value;
        }
        return "do " + action + (arguments.isEmpty() ? "" : " " + arguments.entrySet().stream()
                .map(e -> e.getKey() + "=" + quoted(e.getValue())).collect(Collectors.joining(" ")));
    }

    private static String quoted(String value) {
        return value.isEmpty() || value.chars().anyMatch(Character::isWhitespace) ? "\"" + value + "\"" : value;
    }

    @Override
    public String toString() {
        return "step " + selection + " " + what();
    }
}
