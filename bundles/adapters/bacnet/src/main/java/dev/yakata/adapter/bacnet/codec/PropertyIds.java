package dev.yakata.adapter.bacnet.codec;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** The BACnetPropertyIdentifier numbers this stack names; any other property is addressed by number. */
public final class PropertyIds {

    public static final int ALL = 8;
    public static final int DESCRIPTION = 28;
    public static final int MAX_APDU_LENGTH_ACCEPTED = 62;
    public static final int OBJECT_IDENTIFIER = 75;
    public static final int OBJECT_LIST = 76;
    public static final int OBJECT_NAME = 77;
    public static final int OBJECT_TYPE = 79;
    public static final int PRESENT_VALUE = 85;
    public static final int PRIORITY_ARRAY = 87;
    public static final int RELINQUISH_DEFAULT = 104;
    public static final int SEGMENTATION_SUPPORTED = 107;
    public static final int STATUS_FLAGS = 111;
    public static final int UNITS = 117;
    public static final int VENDOR_IDENTIFIER = 120;
    public static final int VENDOR_NAME = 121;
    public static final int PROTOCOL_SERVICES_SUPPORTED = 97;

    private static final Map<Integer, String> NAMES = new HashMap<>();
    private static final Map<String, Integer> BY_NAME = new HashMap<>();

    static {
        name(4, "active-text");
        name(ALL, "all");
        name(12, "application-software-version");
        name(22, "cov-increment");
        name(DESCRIPTION, "description");
        name(36, "event-state");
        name(44, "firmware-revision");
        name(46, "inactive-text");
        name(MAX_APDU_LENGTH_ACCEPTED, "max-apdu-length-accepted");
        name(65, "max-pres-value");
        name(69, "min-pres-value");
        name(70, "model-name");
        name(74, "number-of-states");
        name(OBJECT_IDENTIFIER, "object-identifier");
        name(OBJECT_LIST, "object-list");
        name(OBJECT_NAME, "object-name");
        name(OBJECT_TYPE, "object-type");
        name(81, "out-of-service");
        name(84, "polarity");
        name(PRESENT_VALUE, "present-value");
        name(PRIORITY_ARRAY, "priority-array");
        name(PROTOCOL_SERVICES_SUPPORTED, "protocol-services-supported");
        name(103, "reliability");
        name(RELINQUISH_DEFAULT, "relinquish-default");
        name(SEGMENTATION_SUPPORTED, "segmentation-supported");
        name(110, "state-text");
        name(STATUS_FLAGS, "status-flags");
        name(112, "system-status");
        name(UNITS, "units");
        name(VENDOR_IDENTIFIER, "vendor-identifier");
        name(VENDOR_NAME, "vendor-name");
        name(152, "active-cov-subscriptions");
        name(167, "max-segments-accepted");
    }

    private PropertyIds() {
    }

    private static void name(int id, String name) {
        NAMES.put(id, name);
        BY_NAME.put(name, id);
    }

    /** @return the standard name, or the number when this table does not name it */
    public static String name(int id) {
        return NAMES.getOrDefault(id, Integer.toString(id));
    }

    /**
     * Parses a property name ({@code present-value}) or number.
     *
     * @throws IllegalArgumentException when it is neither
     */
    public static int parse(String text) {
        String key = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        Integer known = BY_NAME.get(key);
        if (known != null) {
            return known;
        }
        try {
            int number = Integer.parseInt(key);
            if (number >= 0 && number <= 4_194_303) {
                return number;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new IllegalArgumentException("unknown BACnet property '" + text + "'; use a number or a name such as "
                + "present-value, object-name, units, status-flags");
    }
}
