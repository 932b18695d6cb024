package dev.yakata.core.model;

import dev.yakata.api.device.PointDefinition;
import dev.yakata.api.device.PointKind;
import dev.yakata.api.profile.ActionSpec;
import dev.yakata.api.profile.ArgumentKind;
import dev.yakata.api.profile.ArgumentSpec;
import dev.yakata.api.profile.Profile;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * An action a device file implements with its own points, for any adapter: the hub runs it as point writes through
 * the adapter's ordinary write path. Parsed and checked when the file loads, so a bad definition is refused then,
 * never half-way through a command.
 *
 * <pre>
 * action.close              = motor=true               writes, in order: point=value, value true/false/number/text,
 *                                                       null (relinquish), or $argument (the command's argument)
 * action.close.refuseWhen   = obstruction=true          refused (an interlock) while any of these holds
 * action.close.confirm      = closed=true               completes only when the point reads this ...
 * action.close.confirmSeconds = 12                      ... within this time (default 10), else FAILED
 * action.unlock.then        = lock-cmd=true             writes done after a pause (a timed pulse) ...
 * action.unlock.thenAfter   = $seconds                  ... of this many seconds: a number or $argument
 * </pre>
 *
 * @param name           the action
 * @param writes         what the action writes, in order
 * @param refuseWhen     conditions under which it is refused
 * @param confirm        the condition that confirms it, or null
 * @param confirmMillis  how long to wait for the confirmation
 * @param then           writes after the pause
 * @param thenAfter      the pause: a number of seconds, or an argument reference {@code $name}
 */
public record ActionDefinition(String name, List<Assignment> writes, List<Assignment> refuseWhen, Assignment confirm,
        long confirmMillis, List<Assignment> then, String thenAfter) {

    /**
     * {@code point=value}: {@code value} in the point's Java type, or null for relinquish; or {@code argument} names the
     * command argument whose value is written.
     */
    public record Assignment(String pointId, Object value, String argument) {
        @Override
        public String toString() {
            return pointId + "=" + (argument != null ? "$" + argument : String.valueOf(value));
        }
    }

    static final String PREFIX = "action.";
    private static final Set<String> SUFFIXES = Set.of("refuseWhen", "confirm", "confirmSeconds", "then", "thenAfter");
    private static final long DEFAULT_CONFIRM_MILLIS = 10_000;

    /** Whether a device-file key belongs to the action language. */
    static boolean isActionKey(String key) {
        return key.startsWith(PREFIX);
    }

    /** Every action the keys define, checked against the device's points and profile. */
    static Map<String, ActionDefinition> parseAll(Map<String, String> keys, List<PointDefinition> points, Profile profile,
            String source) throws DeviceConfigException {
        Map<String, Map<String, String>> byAction = new TreeMap<>();
        for (Map.Entry<String, String> e : keys.entrySet()) {
            String rest = e.getKey().substring(PREFIX.length());
            int dot = rest.indexOf('.');
            String action = dot < 0 ? rest : rest.substring(0, dot);
            String suffix = dot < 0 ? "" : rest.substring(dot + 1);
            if (action.isEmpty() || (!suffix.isEmpty() && !SUFFIXES.contains(suffix))) {
                throw new DeviceConfigException(source + ": key '" + e.getKey() + "' is not an action setting; write "
                        + "action.<name> = <point>=<value>, ... and optionally action.<name>.{" + String.join("|", new java.util.TreeSet<>(SUFFIXES)) + "}");
            }
            byAction.computeIfAbsent(action, a -> new TreeMap<>()).put(suffix, e.getValue().trim());
        }
        Map<String, ActionDefinition> result = new TreeMap<>();
        for (Map.Entry<String, Map<String, String>> a : byAction.entrySet()) {
            result.put(a.getKey(), parse(a.getKey(), a.getValue(), points, profile, source));
        }
        return result;
    }

    private static ActionDefinition parse(String name, Map<String, String> keys, List<PointDefinition> points, Profile profile,
            String source) throws DeviceConfigException {
        String where = source + ": action." + name;
        if (!keys.containsKey("")) {
            throw new DeviceConfigException(where + " has settings but no writes; add action." + name + " = <point>=<value>, ...");
        }
        ActionSpec spec = profile == null ? null : profile.action(name).orElse(null);
        List<Assignment> writes = assignments(keys.get(""), where, points, spec, true);
        if (writes.isEmpty()) {
            throw new DeviceConfigException(where + " writes nothing; give at least one <point>=<value>");
        }
        List<Assignment> refuse = keys.containsKey("refuseWhen")
                ? assignments(keys.get("refuseWhen"), where + ".refuseWhen", points, spec, false) : List.of();
        Assignment confirm = null;
        if (keys.containsKey("confirm")) {
            List<Assignment> list = assignments(keys.get("confirm"), where + ".confirm", points, spec, false);
            if (list.size() != 1) {
                throw new DeviceConfigException(where + ".confirm must name exactly one <point>=<value>");
            }
            confirm = list.get(0);
        }
        long confirmMillis = DEFAULT_CONFIRM_MILLIS;
        if (keys.containsKey("confirmSeconds")) {
            if (confirm == null) {
                throw new DeviceConfigException(where + ".confirmSeconds is set but action." + name + ".confirm is not");
            }
            confirmMillis = secondsToMillis(keys.get("confirmSeconds"), where + ".confirmSeconds");
        }
        List<Assignment> then = keys.containsKey("then")
                ? assignments(keys.get("then"), where + ".then", points, spec, true) : List.of();
        String thenAfter = keys.get("thenAfter");
        if (then.isEmpty() != (thenAfter == null)) {
            throw new DeviceConfigException(where + ": .then and .thenAfter go together (the writes after a pause, and the pause)");
        }
        if (thenAfter != null) {
            if (thenAfter.startsWith("$")) {
                ArgumentSpec argument = argument(thenAfter.substring(1), spec, where + ".thenAfter");
                if (argument.kind() != ArgumentKind.INTEGER && argument.kind() != ArgumentKind.NUMBER) {
                    throw new DeviceConfigException(where + ".thenAfter = " + thenAfter + " names a " + argument.kind()
                            + " argument; the pause needs a number of seconds");
                }
            } else {
                secondsToMillis(thenAfter, where + ".thenAfter");
            }
        }
        return new ActionDefinition(name, writes, refuse, confirm, confirmMillis, then, thenAfter);
    }

    private static List<Assignment> assignments(String text, String where, List<PointDefinition> points, ActionSpec spec,
            boolean writing) throws DeviceConfigException {
        List<Assignment> list = new ArrayList<>();
        for (String item : text.split(",")) {
            String part = item.trim();
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new DeviceConfigException(where + ": '" + part + "' is not <point>=<value>");
            }
            String pointId = part.substring(0, eq).trim();
            String valueText = part.substring(eq + 1).trim();
            Optional<PointDefinition> found = points.stream().filter(p -> p.id().equals(pointId)).findFirst();
            if (found.isEmpty()) {
                throw new DeviceConfigException(where + ": no point '" + pointId + "'; the device's points are "
                        + String.join(", ", points.stream().map(PointDefinition::id).toList()));
            }
            PointDefinition point = found.get();
            if (writing && !point.writable()) {
                throw new DeviceConfigException(where + ": point '" + pointId + "' is read-only; add point." + pointId
                        + ".writable = true if the device accepts writes to it");
            }
            if (valueText.startsWith("$")) {
                if (!writing) {
                    throw new DeviceConfigException(where + ": '" + part + "': a condition compares with a value, not an argument");
                }
                ArgumentSpec argument = argument(valueText.substring(1), spec, where);
                if (!fits(argument.kind(), point.kind())) {
                    throw new DeviceConfigException(where + ": argument $" + argument.name() + " is " + argument.kind()
                            + " but point '" + pointId + "' is " + point.kind());
                }
                list.add(new Assignment(pointId, null, argument.name()));
            } else if (valueText.equals("null")) {
                if (!writing) {
                    throw new DeviceConfigException(where + ": '" + part + "': a condition needs a value, not null");
                }
                list.add(new Assignment(pointId, null, null));
            } else {
                Object value = Values.parse(point.kind(), valueText);
                if (value == null) {
                    throw new DeviceConfigException(where + ": '" + valueText + "' is not a valid "
                            + point.kind().name().toLowerCase(Locale.ROOT) + " value for point '" + pointId + "'"
                            + Values.exampleOf(point.kind()));
                }
                list.add(new Assignment(pointId, value, null));
            }
        }
        return List.copyOf(list);
    }

    private static ArgumentSpec argument(String name, ActionSpec spec, String where) throws DeviceConfigException {
        if (spec == null) {
            throw new DeviceConfigException(where + ": $" + name + " names an argument, but this action is not one of the"
                    + " device profile's, so it has no arguments");
        }
        return spec.argument(name).orElseThrow(() -> new DeviceConfigException(where + ": $" + name + " is not an argument of "
                + spec.name() + "; its arguments are " + String.join(", ", spec.arguments().stream().map(ArgumentSpec::name).toList())));
    }

    private static boolean fits(ArgumentKind argument, PointKind point) {
        return switch (point) {
            case ANALOG -> argument == ArgumentKind.NUMBER || argument == ArgumentKind.INTEGER;
            case MULTISTATE -> argument == ArgumentKind.INTEGER;
            case BINARY -> argument == ArgumentKind.BOOLEAN;
            case TEXT -> argument == ArgumentKind.TEXT;
        };
    }

    private static long secondsToMillis(String text, String where) throws DeviceConfigException {
        try {
            double seconds = Double.parseDouble(text.trim());
            if (seconds > 0 && seconds <= 3600) {
                return Math.round(seconds * 1000);
            }
        } catch (NumberFormatException e) {
            // fall through to the message
        }
        throw new DeviceConfigException(where + " = '" + text + "' is not a number of seconds between 0 and 3600");
    }

    /** The pause before {@link #then()}, in milliseconds, for a command's checked arguments. */
    public long thenAfterMillis(Map<String, Object> arguments) {
        if (thenAfter.startsWith("$")) {
            Object value = arguments.get(thenAfter.substring(1));
            return value instanceof Number n ? Math.round(n.doubleValue() * 1000) : 0;
        }
        return Math.round(Double.parseDouble(thenAfter) * 1000);
    }
}
