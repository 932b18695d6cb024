package dev.yakata.api.device;

/** The kind of value a point holds, and the Java type its {@link PointValue#value()} carries. */
public enum PointKind {
    /** A measured or set quantity; the value is a {@link Double}. */
    ANALOG,
    /** On/off, open/closed, alarm/normal; the value is a {@link Boolean}. */
    BINARY,
    /** One of a set of numbered states; the value is a {@link Long}. */
    MULTISTATE,
    /** Free text; the value is a {@link String}. */
    TEXT;

    /**
     * Converts a value to the Java type this kind carries: any number for ANALOG, whole numbers for MULTISTATE,
     * and text as a shell or console user types it ({@code 22.5}, {@code true}/{@code on}/{@code 1}, {@code 3}).
     *
     * @return the converted value, or {@code null} when {@code value} cannot mean a value of this kind
     */
    public Object coerce(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof String text) {
            return parse(text.trim());
        }
        return switch (this) {
            case ANALOG -> value instanceof Number n ? (Object) n.doubleValue() : null;
            case BINARY -> value instanceof Boolean ? value : null;
            case MULTISTATE -> value instanceof Long || value instanceof Integer || value instanceof Short
                    || value instanceof Byte ? (Object) ((Number) value).longValue() : null;
            case TEXT -> null;
        };
    }

    private Object parse(String text) {
        try {
            return switch (this) {
                case ANALOG -> Double.valueOf(text);
                case BINARY -> switch (text.toLowerCase(java.util.Locale.ROOT)) {
                    case "true", "on", "1", "yes" -> Boolean.TRUE;
                    case "false", "off", "0", "no" -> Boolean.FALSE;
                    default -> null;
                };
                case MULTISTATE -> Long.valueOf(text);
                case TEXT -> text;
            };
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Whether {@code value} has the Java type this kind carries. {@code null} never fits. */
    public boolean accepts(Object value) {
        return switch (this) {
            case ANALOG -> value instanceof Double;
            case BINARY -> value instanceof Boolean;
            case MULTISTATE -> value instanceof Long;
            case TEXT -> value instanceof String;
        };
    }
}
