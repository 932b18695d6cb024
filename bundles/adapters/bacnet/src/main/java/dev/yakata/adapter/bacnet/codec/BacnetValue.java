package dev.yakata.adapter.bacnet.codec;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One decoded BACnet value. Application-tagged primitives carry their type; a context-tagged primitive whose type
 * only the enclosing production knows stays as {@link ContextPrimitive} bytes, and a constructed context value as
 * {@link Constructed}. Values are immutable.
 */
public sealed interface BacnetValue {

    /** Application tag numbers (clause 20.2.1.4). */
    int NULL = 0, BOOLEAN = 1, UNSIGNED = 2, SIGNED = 3, REAL = 4, DOUBLE = 5, OCTET_STRING = 6,
            CHARACTER_STRING = 7, BIT_STRING = 8, ENUMERATED = 9, DATE = 10, TIME = 11, OBJECT_IDENTIFIER = 12;

    /** NULL, also the value that relinquishes a command priority. */
    record Null() implements BacnetValue {
        /** The one NULL. */
        public static final Null INSTANCE = new Null();
    }

    /** BOOLEAN. */
    record Bool(boolean value) implements BacnetValue {
    }

    /** Unsigned Integer, 0..2^64-1 held in a long (read with {@link Long#toUnsignedString} above 2^63). */
    record Unsigned(long value) implements BacnetValue {
    }

    /** Signed Integer. */
    record Signed(long value) implements BacnetValue {
    }

    /** REAL (IEEE-754 single). */
    record Real(float value) implements BacnetValue {
    }

    /** Double (IEEE-754 double). */
    record DoubleValue(double value) implements BacnetValue {
    }

    /** Octet String. */
    record OctetString(byte[] value) implements BacnetValue {
        public OctetString {
            value = value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof OctetString o && Arrays.equals(value, o.value);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "OctetString" + Arrays.toString(value);
        }
    }

    /**
     * Character String with the character set it was (or is to be) encoded in.
     *
     * @param value   the text
     * @param charset one of {@link CharacterSets}' codes
     */
    record CharacterString(String value, int charset) implements BacnetValue {
        public CharacterString {
            Objects.requireNonNull(value, "value");
        }

        /** A UTF-8 string, the standard's default character set. */
        public CharacterString(String value) {
            this(value, CharacterSets.UTF_8);
        }
    }

    /**
     * Bit String.
     *
     * @param bits the bits, bit 0 first
     */
    record BitString(boolean[] bits) implements BacnetValue {
        public BitString {
            bits = bits.clone();
        }

        @Override
        public boolean[] bits() {
            return bits.clone();
        }

        /** @return bit {@code index}, false beyond the end */
        public boolean bit(int index) {
            return index >= 0 && index < bits.length && bits[index];
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof BitString o && Arrays.equals(bits, o.bits);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bits);
        }

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder("BitString[");
            for (boolean bit : bits) {
                text.append(bit ? '1' : '0');
            }
            return text.append(']').toString();
        }
    }

    /** Enumerated. */
    record Enumerated(long value) implements BacnetValue {
    }

    /**
     * Date; 255 in any field means "unspecified".
     *
     * @param year      the year (1900..2154), or 255+1900 when unspecified
     * @param month     1..12, 13 odd, 14 even, 255
     * @param day       1..31, 32 last day, 33 odd, 34 even, 255
     * @param dayOfWeek 1 Monday .. 7 Sunday, 255
     */
    record Date(int year, int month, int day, int dayOfWeek) implements BacnetValue {
    }

    /** Time; 255 in any field means "unspecified". */
    record Time(int hour, int minute, int second, int hundredths) implements BacnetValue {
    }

    /** BACnetObjectIdentifier. */
    record ObjectId(ObjectIdentifier value) implements BacnetValue {
    }

    /** A context-tagged primitive whose type the surrounding production decides; the raw content octets. */
    record ContextPrimitive(int tag, byte[] content) implements BacnetValue {
        public ContextPrimitive {
            content = content.clone();
        }

        @Override
        public byte[] content() {
            return content.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof ContextPrimitive o && tag == o.tag && Arrays.equals(content, o.content);
        }

        @Override
        public int hashCode() {
            return 31 * tag + Arrays.hashCode(content);
        }

        @Override
        public String toString() {
            return "[" + tag + "]" + Arrays.toString(content);
        }
    }

    /** Values between an opening and a closing context tag. */
    record Constructed(int tag, List<BacnetValue> values) implements BacnetValue {
        public Constructed {
            values = List.copyOf(values);
        }
    }
}
