package dev.yakata.adapter.bacnet.codec;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** BACnetObjectType numbers and their standard names ({@code analog-value} = 2), as used in point addresses. */
public final class ObjectTypes {

    public static final int ANALOG_INPUT = 0;
    public static final int ANALOG_OUTPUT = 1;
    public static final int ANALOG_VALUE = 2;
    public static final int BINARY_INPUT = 3;
    public static final int BINARY_OUTPUT = 4;
    public static final int BINARY_VALUE = 5;
    public static final int DEVICE = 8;
    public static final int MULTI_STATE_INPUT = 13;
    public static final int MULTI_STATE_OUTPUT = 14;
    public static final int MULTI_STATE_VALUE = 19;
    public static final int CHARACTERSTRING_VALUE = 40;
    public static final int INTEGER_VALUE = 45;
    public static final int POSITIVE_INTEGER_VALUE = 48;

    private static final String[] NAMES = {
        "analog-input", "analog-output", "analog-value", "binary-input", "binary-output", "binary-value", "calendar",
        "command", "device", "event-enrollment", "file", "group", "loop", "multi-state-input", "multi-state-output",
        "notification-class", "program", "schedule", "averaging", "multi-state-value", "trend-log",
        "life-safety-point", "life-safety-zone", "accumulator", "pulse-converter", "event-log", "global-group",
        "trend-log-multiple", "load-control", "structured-view", "access-door", "timer", "access-credential",
        "access-point", "access-rights", "access-user", "access-zone", "credential-data-input", "network-security",
        "bitstring-value", "characterstring-value", "date-pattern-value", "date-value", "datetime-pattern-value",
        "datetime-value", "integer-value", "large-analog-value", "octetstring-value", "positive-integer-value",
        "time-pattern-value", "time-value", "notification-forwarder", "alert-enrollment", "channel",
        "lighting-output", "binary-lighting-output", "network-port", "elevator-group", "escalator", "lift",
        "staging", "audit-log", "audit-reporter", "color", "color-temperature"};

    private static final Map<String, Integer> BY_NAME = new HashMap<>();

    static {
        for (int i = 0; i < NAMES.length; i++) {
            BY_NAME.put(NAMES[i], i);
        }
    }

    private ObjectTypes() {
    }

    /** @return the standard name, or the number for a type this table does not know (proprietary types) */
    public static String name(int type) {
        return type >= 0 && type < NAMES.length ? NAMES[type] : Integer.toString(type);
    }

    /**
     * Parses a type name ({@code analog-value}, case-insensitive, {@code _} allowed for {@code -}) or number.
     *
     * @throws IllegalArgumentException naming the known types when the text is neither
     */
    public static int parse(String text) {
        String key = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        Integer known = BY_NAME.get(key);
        if (known != null) {
            return known;
        }
        try {
            int number = Integer.parseInt(key);
            if (number >= 0 && number <= ObjectIdentifier.MAX_TYPE) {
                return number;
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("unknown BACnet object type '" + text + "'; use a number 0.."
                + ObjectIdentifier.MAX_TYPE + " or a name such as analog-input, analog-value, binary-output, "
                + "multi-state-value");
    }

    /** @return whether objects of this type have an analog (REAL) present value */
    public static boolean isAnalog(int type) {
        return type == ANALOG_INPUT || type == ANALOG_OUTPUT || type == ANALOG_VALUE || type == 46;
    }

    /** @return whether objects of this type have a BACnetBinaryPV present value */
    public static boolean isBinary(int type) {
        return type == BINARY_INPUT || type == BINARY_OUTPUT || type == BINARY_VALUE || type == 55;
    }

    /** @return whether objects of this type have an Unsigned state-number present value */
    public static boolean isMultiState(int type) {
        return type == MULTI_STATE_INPUT || type == MULTI_STATE_OUTPUT || type == MULTI_STATE_VALUE;
    }
}
