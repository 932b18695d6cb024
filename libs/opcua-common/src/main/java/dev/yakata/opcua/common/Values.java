package dev.yakata.opcua.common;

import dev.yakata.api.device.PointKind;
import dev.yakata.api.device.PointValue;
import dev.yakata.api.device.Quality;
import java.time.Instant;
import java.util.Map;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UByte;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.ULong;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UShort;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned;

/** Conversions between OPC UA values and the hub's point values, in both directions, with type checks. */
public final class Values {

    private static final Map<NodeId, String> BUILT_IN_NAMES = Map.ofEntries(
            Map.entry(NodeIds.Boolean, "Boolean"), Map.entry(NodeIds.SByte, "SByte"), Map.entry(NodeIds.Byte, "Byte"),
            Map.entry(NodeIds.Int16, "Int16"), Map.entry(NodeIds.UInt16, "UInt16"), Map.entry(NodeIds.Int32, "Int32"),
            Map.entry(NodeIds.UInt32, "UInt32"), Map.entry(NodeIds.Int64, "Int64"), Map.entry(NodeIds.UInt64, "UInt64"),
            Map.entry(NodeIds.Float, "Float"), Map.entry(NodeIds.Double, "Double"), Map.entry(NodeIds.String, "String"),
            Map.entry(NodeIds.LocalizedText, "LocalizedText"), Map.entry(NodeIds.DateTime, "DateTime"));

    private Values() {
    }

    /** A readable name for a data type node id: {@code Double}, or the node id itself for other types. */
    public static String typeName(NodeId dataType) {
        return BUILT_IN_NAMES.getOrDefault(dataType, dataType == null ? "unknown" : dataType.toParseableString());
    }

    /** The hub's quality for an OPC UA status code. */
    public static Quality quality(StatusCode status) {
        if (status.isGood()) {
            return Quality.GOOD;
        }
        return status.isUncertain() ? Quality.UNCERTAIN : Quality.BAD;
    }

    /** The OPC UA status code for a hub quality. */
    public static StatusCode statusCode(Quality quality) {
        return switch (quality) {
            case GOOD -> StatusCode.GOOD;
            case UNCERTAIN -> StatusCode.UNCERTAIN;
            case BAD -> StatusCode.BAD;
        };
    }

    /**
     * The point value a data change carries: the value converted to the point's kind, the quality from the status
     * code and the source timestamp (else the server's, else now). A value that does not fit the kind is BAD.
     */
    public static PointValue toPointValue(DataValue dataValue, PointKind kind) {
        Instant time = instant(dataValue.getSourceTime());
        if (time == null) {
            time = instant(dataValue.getServerTime());
        }
        if (time == null) {
            time = Instant.now();
        }
        Quality quality = quality(dataValue.getStatusCode());
        Object value = toJava(dataValue.getValue().getValue(), kind);
        if (value == null) {
            return new PointValue(null, Quality.BAD, time);
        }
        return new PointValue(value, quality, time);
    }

    private static Instant instant(DateTime time) {
        if (time == null || time.isNull() || time.getUtcTime() <= 0) {
            return null;
        }
        return time.getJavaInstant();
    }

    /** An OPC UA value as the Java type of a point kind, or {@code null} when it cannot mean one. */
    public static Object toJava(Object raw, PointKind kind) {
        if (raw == null) {
            return null;
        }
        Object plain = raw instanceof UByte || raw instanceof UShort || raw instanceof UInteger || raw instanceof ULong
                ? (Object) ((Number) raw).longValue() : raw;
        if (plain instanceof ULong ul) {
            plain = ul.toBigInteger().longValue();
        }
        return switch (kind) {
            case ANALOG -> plain instanceof Number n ? (Object) n.doubleValue()
                    : plain instanceof Boolean b ? (Object) (b ? 1.0 : 0.0) : null;
            case BINARY -> plain instanceof Boolean ? plain
                    : plain instanceof Number n && isWhole(n) ? (Object) (n.longValue() != 0) : null;
            case MULTISTATE -> plain instanceof Number n && isWhole(n) ? (Object) n.longValue()
                    : plain instanceof Boolean b ? (Object) (b ? 1L : 0L) : null;
            case TEXT -> plain instanceof LocalizedText text ? text.text()
                    : plain instanceof String ? plain : plain.toString();
        };
    }

    /**
     * A command argument or written value as the Java type of a kind: typed values pass when they fit exactly
     * (any number for ANALOG, a Boolean for BINARY, an integral number for MULTISTATE), and text as an operator
     * typed it is parsed ({@code true/on/1/yes}, {@code 0.5}, {@code 3}). {@code null} when it cannot mean one.
     * The adapter's own reading of its protocol's arguments; the hub's own rules stay in the core.
     */
    public static Object parse(Object value, PointKind kind) {
        if (value == null) {
            return null;
        }
        if (value instanceof String text) {
            String t = text.trim();
            try {
                return switch (kind) {
                    case ANALOG -> Double.valueOf(t);
                    case BINARY -> switch (t.toLowerCase(java.util.Locale.ROOT)) {
                        case "true", "on", "1", "yes" -> Boolean.TRUE;
                        case "false", "off", "0", "no" -> Boolean.FALSE;
                        default -> null;
                    };
                    case MULTISTATE -> Long.valueOf(t);
                    case TEXT -> t;
                };
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return switch (kind) {
            case ANALOG -> value instanceof Number n ? (Object) n.doubleValue() : null;
            case BINARY -> value instanceof Boolean ? value : null;
            case MULTISTATE -> value instanceof Long || value instanceof Integer || value instanceof Short
                    || value instanceof Byte ? (Object) ((Number) value).longValue() : null;
            case TEXT -> null;
        };
    }

    private static boolean isWhole(Number n) {
        double d = n.doubleValue();
        return !(n instanceof Double || n instanceof Float) || (d == Math.rint(d) && !Double.isInfinite(d));
    }

    /** A value does not fit a node's data type. */
    public static final class TypeMismatchException extends Exception {
        private static final long serialVersionUID = 1L;

        public TypeMismatchException(String message) {
            super(message);
        }
    }

    /**
     * Converts a hub value ({@code Double}, {@code Boolean}, {@code Long} or {@code String}) into a variant of a
     * built-in OPC UA data type, refusing anything lossy: a fraction into an integer, a number out of range, a
     * Boolean into a number, or text into anything but String.
     */
    public static Variant toVariant(Object value, NodeId dataType) throws TypeMismatchException {
        String type = typeName(dataType);
        if (value == null) {
            throw new TypeMismatchException("no value given");
        }
        if (NodeIds.Boolean.equals(dataType)) {
            if (value instanceof Boolean b) {
                return Variant.ofBoolean(b);
            }
            throw mismatch(value, type);
        }
        if (NodeIds.String.equals(dataType)) {
            if (value instanceof String s) {
                return Variant.ofString(s);
            }
            throw mismatch(value, type);
        }
        if (NodeIds.LocalizedText.equals(dataType)) {
            if (value instanceof String s) {
                return Variant.ofLocalizedText(LocalizedText.english(s));
            }
            throw mismatch(value, type);
        }
        if (!(value instanceof Number number)) {
            throw mismatch(value, type);
        }
        if (NodeIds.Double.equals(dataType)) {
            return Variant.ofDouble(number.doubleValue());
        }
        if (NodeIds.Float.equals(dataType)) {
            double d = number.doubleValue();
            if (Math.abs(d) > Float.MAX_VALUE && !Double.isInfinite(d)) {
                throw new TypeMismatchException(value + " is out of range for Float");
            }
            return Variant.ofFloat((float) d);
        }
        double d = number.doubleValue();
        if (d != Math.rint(d) || Double.isInfinite(d)) {
            throw new TypeMismatchException(value + " is not a whole number, but the node's data type is " + type);
        }
        long l = number instanceof Long ll ? ll : (long) d;
        if (NodeIds.SByte.equals(dataType)) {
            return Variant.ofSByte((byte) inRange(l, Byte.MIN_VALUE, Byte.MAX_VALUE, type));
        }
        if (NodeIds.Byte.equals(dataType)) {
            return Variant.ofByte(Unsigned.ubyte(inRange(l, 0, 255, type)));
        }
        if (NodeIds.Int16.equals(dataType)) {
            return Variant.ofInt16((short) inRange(l, Short.MIN_VALUE, Short.MAX_VALUE, type));
        }
        if (NodeIds.UInt16.equals(dataType)) {
            return Variant.ofUInt16(Unsigned.ushort((int) inRange(l, 0, 65535, type)));
        }
        if (NodeIds.Int32.equals(dataType)) {
            return Variant.ofInt32((int) inRange(l, Integer.MIN_VALUE, Integer.MAX_VALUE, type));
        }
        if (NodeIds.UInt32.equals(dataType)) {
            return Variant.ofUInt32(Unsigned.uint(inRange(l, 0, 0xFFFF_FFFFL, type)));
        }
        if (NodeIds.Int64.equals(dataType)) {
            return Variant.ofInt64(l);
        }
        if (NodeIds.UInt64.equals(dataType)) {
            return Variant.ofUInt64(Unsigned.ulong(inRange(l, 0, Long.MAX_VALUE, type)));
        }
        throw new TypeMismatchException("the node's data type " + type + " is not one the hub can write (Boolean, "
                + "numbers, String, LocalizedText)");
    }

    private static long inRange(long value, long min, long max, String type) throws TypeMismatchException {
        if (value < min || value > max) {
            throw new TypeMismatchException(value + " is out of range for " + type + " (" + min + ".." + max + ")");
        }
        return value;
    }

    private static TypeMismatchException mismatch(Object value, String type) {
        return new TypeMismatchException("cannot write " + describeJava(value) + " to a node of data type " + type);
    }

    private static String describeJava(Object value) {
        String kind = value instanceof Boolean ? "Boolean" : value instanceof String ? "text"
                : value instanceof Number ? "number" : value.getClass().getSimpleName();
        return kind + " " + (value instanceof String ? "'" + value + "'" : String.valueOf(value));
    }
}
