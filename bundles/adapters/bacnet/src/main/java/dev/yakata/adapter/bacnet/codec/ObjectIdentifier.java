package dev.yakata.adapter.bacnet.codec;

/**
 * A BACnetObjectIdentifier: a 10-bit object type and a 22-bit instance number.
 *
 * @param type     the object type, 0..1023 (see {@link ObjectTypes})
 * @param instance the instance number, 0..4194303 (4194303 is the wildcard)
 */
public record ObjectIdentifier(int type, int instance) {

    /** The largest object type number. */
    public static final int MAX_TYPE = 0x3FF;
    /** The largest instance number; as a device instance it means "any device". */
    public static final int MAX_INSTANCE = 0x3FFFFF;

    public ObjectIdentifier {
        if (type < 0 || type > MAX_TYPE) {
            throw new IllegalArgumentException("object type " + type + " outside 0.." + MAX_TYPE);
        }
        if (instance < 0 || instance > MAX_INSTANCE) {
            throw new IllegalArgumentException("instance " + instance + " outside 0.." + MAX_INSTANCE);
        }
    }

    /** @return the device object with this instance number */
    public static ObjectIdentifier device(int instance) {
        return new ObjectIdentifier(ObjectTypes.DEVICE, instance);
    }

    /** @return the identifier packed into its 32-bit wire form */
    public long toWire() {
        return ((long) type << 22) | instance;
    }

    /** @return the identifier of a 32-bit wire value (every 32-bit value is a valid identifier) */
    public static ObjectIdentifier fromWire(long wire) {
        return new ObjectIdentifier((int) ((wire >>> 22) & MAX_TYPE), (int) (wire & MAX_INSTANCE));
    }

    /**
     * Parses {@code analog-value:3} (or {@code 2:3}).
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static ObjectIdentifier parse(String text) {
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("'" + text + "' is not an object identifier; write type:instance, "
                    + "e.g. analog-value:3");
        }
        int type = ObjectTypes.parse(text.substring(0, colon));
        int instance;
        try {
            instance = Integer.parseInt(text.substring(colon + 1).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' has no instance number after the colon");
        }
        return new ObjectIdentifier(type, instance);
    }

    @Override
    public String toString() {
        return ObjectTypes.name(type) + ":" + instance;
    }
}
