package dev.yakata.core.model;

import dev.yakata.api.profile.ActionSpec;
import dev.yakata.api.profile.ArgumentKind;
import dev.yakata.api.profile.ArgumentSpec;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Checks a command's arguments against its profile action: every argument known, present when required, of its
 * type and in range; defaults filled in; values converted to the type the adapter receives.
 */
public final class ActionArguments {

    /** The converted arguments, or the sentence that says what is wrong (then {@code arguments} is null). */
    public record Checked(Map<String, Object> arguments, String problem) {
        public boolean ok() {
            return problem == null;
        }
    }

    private ActionArguments() {
    }

    public static Checked check(ActionSpec action, Map<String, Object> given, String deviceId) {
        String what = deviceId + " " + action.name();
        for (String name : given.keySet()) {
            if (action.argument(name).isEmpty()) {
                return problem(what + " has no argument '" + name + "'; "
                        + (action.arguments().isEmpty() ? "it takes none" : "its arguments are " + describe(action)));
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        for (ArgumentSpec spec : action.arguments()) {
            Object value = given.get(spec.name());
            if (value == null) {
                if (spec.defaultValue() != null) {
                    result.put(spec.name(), spec.defaultValue());
                    continue;
                }
                if (spec.required()) {
                    return problem(what + " needs the argument " + describe(spec) + ", e.g. " + spec.name() + "=" + example(spec));
                }
                continue;
            }
            Object converted = convert(spec.kind(), value);
            if (converted == null) {
                return problem(what + ": " + spec.name() + "=" + value + " is not " + article(spec.kind()) + "; give "
                        + describe(spec) + ", e.g. " + spec.name() + "=" + example(spec));
            }
            if (converted instanceof Number n) {
                double d = n.doubleValue();
                if ((spec.min() != null && d < spec.min()) || (spec.max() != null && d > spec.max())) {
                    return problem(what + ": " + spec.name() + "=" + value + " is out of range; give " + describe(spec));
                }
            }
            if (converted instanceof String text && !spec.allowed().isEmpty() && !spec.allowed().contains(text)) {
                return problem(what + ": " + spec.name() + "=" + value + " is not one of " + String.join(", ", spec.allowed()));
            }
            result.put(spec.name(), converted);
        }
        return new Checked(result, null);
    }

    /** The value in the kind's Java type, or null when it cannot mean one. */
    public static Object convert(ArgumentKind kind, Object value) {
        return switch (kind) {
            case INTEGER -> {
                if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
                    yield ((Number) value).longValue();
                }
                if (value instanceof Double d && d == Math.rint(d) && !d.isInfinite()) {
                    yield d.longValue();
                }
                if (value instanceof String s) {
                    try {
                        yield Long.valueOf(s.trim());
                    } catch (NumberFormatException e) {
                        yield null;
                    }
                }
                yield null;
            }
            case NUMBER -> {
                if (value instanceof Number n) {
                    yield n.doubleValue();
                }
                if (value instanceof String s) {
                    try {
                        double d = Double.parseDouble(s.trim());
                        yield Double.isFinite(d) ? d : null;
                    } catch (NumberFormatException e) {
                        yield null;
                    }
                }
                yield null;
            }
            case BOOLEAN -> value instanceof Boolean ? value : value instanceof String s ? Values.parseBoolean(s) : null;
            case TEXT -> value instanceof String ? value : null;
        };
    }

    private static Checked problem(String sentence) {
        return new Checked(null, sentence);
    }

    private static String describe(ActionSpec action) {
        return action.arguments().stream().map(ActionArguments::describe).collect(Collectors.joining(", "));
    }

    /** {@code seconds (a whole number from 1 to 600 s, default 5)}. */
    static String describe(ArgumentSpec spec) {
        StringBuilder text = new StringBuilder(spec.name()).append(" (").append(article(spec.kind()));
        if (spec.min() != null && spec.max() != null) {
            text.append(" from ").append(number(spec.min())).append(" to ").append(number(spec.max()));
        } else if (spec.min() != null) {
            text.append(" of at least ").append(number(spec.min()));
        } else if (spec.max() != null) {
            text.append(" of at most ").append(number(spec.max()));
        }
        if (!spec.unit().isEmpty()) {
            text.append(' ').append(spec.unit());
        }
        if (spec.defaultValue() != null) {
            text.append(", default ").append(spec.defaultValue());
        }
        return text.append(')').toString();
    }

    private static String article(ArgumentKind kind) {
        return switch (kind) {
            case INTEGER -> "a whole number";
            case NUMBER -> "a number";
            case BOOLEAN -> "true or false";
            case TEXT -> "text";
        };
    }

    private static String example(ArgumentSpec spec) {
        if (spec.defaultValue() != null) {
            return String.valueOf(spec.defaultValue());
        }
        if (!spec.allowed().isEmpty()) {
            return spec.allowed().get(0);
        }
        return switch (spec.kind()) {
            case INTEGER -> spec.min() != null ? number(spec.min()) : "1";
            case NUMBER -> spec.min() != null ? number(spec.min()) : "1.5";
            case BOOLEAN -> "true";
            case TEXT -> "text";
        };
    }

    private static String number(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d).toLowerCase(Locale.ROOT);
    }
}
