package dev.yakata.adapter.bacnet;

import dev.yakata.adapter.bacnet.codec.BacnetValue;
import dev.yakata.adapter.bacnet.codec.ObjectTypes;
import dev.yakata.adapter.bacnet.codec.PropertyIds;
import dev.yakata.api.device.PointKind;
import java.util.List;

/** Converts between BACnet values and the Java types of Yakata point kinds. */
final class ValueMapping {

    private ValueMapping() {
    }

    /**
     * The point value of a property read or reported.
     *
     * @return a {@code Double}, {@code Boolean}, {@code Long} or {@code String} for {@code kind}; null when the
     *         BACnet value does not fit it (NULL, a list where one value belongs, a text for an analog point)
     */
    static Object toPoint(PointKind kind, List<BacnetValue> values) {
        if (values.size() != 1) {
            return kind == PointKind.TEXT ? values.toString() : null;
        }
        BacnetValue value = values.get(0);
        Double number = number(value);
        switch (kind) {
            case ANALOG:
                return number;
            case BINARY:
                if (value instanceof BacnetValue.Bool b) {
                    return b.value();
                }
                return number == null ? null : number != 0;
            case MULTISTATE:
                return number == null || number != Math.rint(number) ? null : (Object) number.longValue();
            case TEXT:
            default:
                if (value instanceof BacnetValue.CharacterString s) {
                    return s.value();
                }
                if (value instanceof BacnetValue.Null) {
                    return null;
                }
                return number != null ? (number == Math.rint(number) && Math.abs(number) < 1e15
                        ? Long.toString(number.longValue()) : number.toString()) : value.toString();
        }
    }

    private static Double number(BacnetValue value) {
        if (value instanceof BacnetValue.Real r) {
            return (double) r.value();
        }
        if (value instanceof BacnetValue.DoubleValue d) {
            return d.value();
        }
        if (value instanceof BacnetValue.Unsigned u) {
            return u.value() >= 0 ? (double) u.value() : null;
        }
        if (value instanceof BacnetValue.Signed s) {
            return (double) s.value();
        }
        if (value instanceof BacnetValue.Enumerated e) {
            return (double) e.value();
        }
        if (value instanceof BacnetValue.Bool b) {
            return b.value() ? 1.0 : 0.0;
        }
        return null;
    }

    /**
     * The BACnet value to write to a property: the object's present value (and relinquish default) is typed by the
     * object, any other property (object-name, description, a limit) by the Java type, since it is not the object's
     * analog or binary value.
     */
    static BacnetValue toBacnet(int objectType, int property, Object value) {
        if (property == PropertyIds.PRESENT_VALUE || property == PropertyIds.RELINQUISH_DEFAULT || value == null) {
            return toBacnet(objectType, value);
        }
        if (value instanceof String text) {
            return new BacnetValue.CharacterString(text);
        }
        return toBacnet(-1, value);
    }

    /**
     * The BACnet value to write for a point value, typed by the object's type (REAL for analog objects, Enumerated
     * for binary ones, Unsigned for multi-state ones) and else by the Java type.
     *
     * @throws IllegalArgumentException when the value does not fit the object
     */
    static BacnetValue toBacnet(int objectType, Object value) {
        if (value == null) {
            return BacnetValue.Null.INSTANCE;
        }
        if (ObjectTypes.isAnalog(objectType)) {
            return new BacnetValue.Real((float) asDouble(value));
        }
        if (ObjectTypes.isBinary(objectType)) {
            if (value instanceof Boolean b) {
                return new BacnetValue.Enumerated(b ? 1 : 0);
            }
            double d = asDouble(value);
            if (d != 0 && d != 1) {
                throw new IllegalArgumentException("a binary object takes true/false (or 1/0), not " + value);
            }
            return new BacnetValue.Enumerated((long) d);
        }
        if (ObjectTypes.isMultiState(objectType) || objectType == ObjectTypes.POSITIVE_INTEGER_VALUE) {
            double d = asDouble(value);
            if (d < (ObjectTypes.isMultiState(objectType) ? 1 : 0) || d != Math.rint(d)) {
                throw new IllegalArgumentException("a " + ObjectTypes.name(objectType)
                        + " object takes a whole number from 1 up, not " + value);
            }
            return new BacnetValue.Unsigned((long) d);
        }
        if (objectType == ObjectTypes.INTEGER_VALUE) {
            return new BacnetValue.Signed(Math.round(asDouble(value)));
        }
        if (objectType == ObjectTypes.CHARACTERSTRING_VALUE || value instanceof String) {
            return new BacnetValue.CharacterString(value.toString());
        }
        if (value instanceof Boolean b) {
            return new BacnetValue.Enumerated(b ? 1 : 0);
        }
        if (value instanceof Long l) {
            return new BacnetValue.Unsigned(l);
        }
        return new BacnetValue.Real((float) asDouble(value));
    }

    private static double asDouble(Object value) {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        if (value instanceof Boolean b) {
            return b ? 1 : 0;
        }
        try {
            return Double.parseDouble(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + value + "' is not a number");
        }
    }
}
