package dev.yakata.core.model;

import dev.yakata.api.device.PointKind;
import java.util.Locale;

/**
 * The hub's one set of value conversion rules: what a shell or console user types, and what an adapter publishes,
 * turned into the Java type a {@link PointKind} carries. Public for the testkit, which must convert as the hub does;
 * not exported to other bundles.
 */
public final class Values {

    private Values() {
    }

    /**
     * Converts a value to the Java type {@code kind} carries: any number for ANALOG, whole numbers for MULTISTATE,
     * and text as a person types it ({@code 22.5}, {@code true}/{@code on}/{@code 1}, {@code 3}).
     *
     * @return the converted value, or {@code null} when {@code value} cannot mean a value of this kind
     */
    public static Object coerce(PointKind kind, Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof String text) {
            return parse(kind, text.trim());
        }
        return switch (kind) {
            case ANALOG -> value instanceof Number n ? (Object) n.doubleValue() : null;
            case BINARY -> value instanceof Boolean ? value : null;
            case MULTISTATE -> value instanceof Long || value instanceof Integer || value instanceof Short
                    || value instanceof Byte ? (Object) ((Number) value).longValue() : null;
            case TEXT -> null;
        };
    }

    /**
     * What the hub takes from an adapter's {@code publishValue} for a point of {@code kind}: the value itself when it
     * is already of the kind's type, else a number converted to it (an {@code Integer} for an analog point becomes a
     * {@code Double}); never text, which a typing person sends but an adapter must not. {@code null} in, {@code null}
     * out.
     *
     * @return the value the point carries, or {@code null} when the hub drops it
     */
    public static Object published(PointKind kind, Object value) {
        if (value == null || kind.accepts(value)) {
            return value;
        }
        return value instanceof String ? null : coerce(kind, value);
    }

    /** Parses text as a person types it; {@code null} when it is not a value of this kind. */
    public static Object parse(PointKind kind, String text) {
        try {
            return switch (kind) {
                case ANALOG -> Double.valueOf(text);
                case BINARY -> parseBoolean(text);
                case MULTISTATE -> Long.valueOf(text);
                case TEXT -> text;
            };
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** {@code true/on/1/yes} and {@code false/off/0/no}, any case; {@code null} otherwise. */
    public static Boolean parseBoolean(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true", "on", "1", "yes" -> Boolean.TRUE;
            case "false", "off", "0", "no" -> Boolean.FALSE;
            default -> null;
        };
    }

    /** A hint of what a value of this kind looks like, for messages: {@code " (a number, e.g. 21.5)"}. */
    public static String exampleOf(PointKind kind) {
        return switch (kind) {
            case ANALOG -> " (a number, e.g. 21.5)";
            case BINARY -> " (true or false)";
            case MULTISTATE -> " (a whole number, e.g. 2)";
            case TEXT -> "";
        };
    }
}
