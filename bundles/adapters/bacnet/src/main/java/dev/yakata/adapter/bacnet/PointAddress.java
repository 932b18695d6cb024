package dev.yakata.adapter.bacnet;

import dev.yakata.adapter.bacnet.codec.ObjectIdentifier;
import dev.yakata.adapter.bacnet.codec.PropertyIds;
import dev.yakata.adapter.bacnet.codec.Services;

/**
 * Where a point lives on its BACnet device, parsed from {@code point.<id>.address}:
 * {@code <object-type>:<instance>[/<property>[[<index>]]][@<priority>]}, for example {@code analog-input:2},
 * {@code analog-value:3/present-value@8}, {@code multi-state-value:1/state-text[2]}. The property defaults to
 * present-value; the priority (1..16) is the one writes and relinquish use for this point.
 *
 * @param object     the object
 * @param property   the property
 * @param arrayIndex the array element, or -1 for the whole property
 * @param priority   the write priority, or -1 for the device's {@code bacnet.writePriority}
 */
public record PointAddress(ObjectIdentifier object, int property, long arrayIndex, int priority) {

    /**
     * Parses an address.
     *
     * @throws IllegalArgumentException saying what is wrong and showing the syntax
     */
    public static PointAddress parse(String text) {
        String rest = text.trim();
        try {
            int priority = -1;
            int at = rest.lastIndexOf('@');
            if (at >= 0) {
                priority = Integer.parseInt(rest.substring(at + 1).trim());
                if (priority < 1 || priority > Services.LOWEST_PRIORITY) {
                    throw new IllegalArgumentException("priority " + priority + " outside 1..16");
                }
                rest = rest.substring(0, at);
            }
            int property = PropertyIds.PRESENT_VALUE;
            long index = -1;
            int slash = rest.indexOf('/');
            if (slash >= 0) {
                String propertyText = rest.substring(slash + 1).trim();
                int bracket = propertyText.indexOf('[');
                if (bracket >= 0) {
                    if (!propertyText.endsWith("]")) {
                        throw new IllegalArgumentException("array index without closing ]");
                    }
                    index = Long.parseLong(propertyText.substring(bracket + 1, propertyText.length() - 1).trim());
                    if (index < 0 || index > 0xFFFFFFFFL) {
                        throw new IllegalArgumentException("array index " + index + " out of range");
                    }
                    propertyText = propertyText.substring(0, bracket);
                }
                property = PropertyIds.parse(propertyText);
                rest = rest.substring(0, slash);
            }
            return new PointAddress(ObjectIdentifier.parse(rest), property, index, priority);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("BACnet point address '" + text + "' is invalid (" + e.getMessage()
                    + "); write <object-type>:<instance>[/<property>[[<index>]]][@<priority>], "
                    + "e.g. analog-value:3/present-value@8", e);
        }
    }

    /** @return the same address with another write priority (the one a command used) */
    public PointAddress withPriority(int newPriority) {
        return new PointAddress(object, property, arrayIndex, newPriority);
    }

    /** @return whether this is an object's present value, which COV reports */
    public boolean isPresentValue() {
        return property == PropertyIds.PRESENT_VALUE && arrayIndex < 0;
    }

    @Override
    public String toString() {
        return object + "/" + PropertyIds.name(property) + (arrayIndex >= 0 ? "[" + arrayIndex + "]" : "")
                + (priority > 0 ? "@" + priority : "");
    }
}
