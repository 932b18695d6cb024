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
     * Whether {@code value} has the Java type this kind carries. {@code null} never fits. (An adapter may also
     * publish another number type for ANALOG or MULTISTATE; the hub converts it and drops what it cannot.)
     */
    public boolean accepts(Object value) {
        return switch (this) {
            case ANALOG -> value instanceof Double;
            case BINARY -> value instanceof Boolean;
            case MULTISTATE -> value instanceof Long;
            case TEXT -> value instanceof String;
        };
    }
}
