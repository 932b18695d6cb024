package dev.yakata.adapter.bacnet.codec;

import java.util.ArrayList;
import java.util.List;

/**
 * Encoding and decoding of tagged values (clause 20.2): tag headers, application-tagged primitives, context-tagged
 * primitives of a known type, and constructed values between opening and closing tags.
 *
 * <p>Every length field is checked against the bytes that remain before anything is read or allocated, and nesting
 * of constructed values is limited to {@link #MAX_DEPTH}, so no input can exhaust memory or the stack.
 */
public final class Asn {

    /** Deepest nesting of opening tags the decoder follows; real properties nest a handful of levels. */
    public static final int MAX_DEPTH = 16;

    private Asn() {
    }

    // ------------------------------------------------------------------ tag headers

    /** Reads a tag header. */
    public static Tag readTag(ByteReader in) throws DecodeException {
        int at = in.position();
        int first = in.u8();
        int number = first >>> 4;
        boolean context = (first & 0x08) != 0;
        int lvt = first & 0x07;
        if (number == 15) {
            number = in.u8();
            if (number == 255) {
                throw new DecodeException("reserved tag number 255 at offset " + at);
            }
        }
        if (lvt == 6 || lvt == 7) {
            if (!context) {
                throw new DecodeException("application tag " + number + " with L/V/T " + lvt + " at offset " + at);
            }
            return new Tag(number, true, lvt == 6 ? Tag.Kind.OPENING : Tag.Kind.CLOSING, 0);
        }
        long length = lvt;
        if (lvt == 5) {
            int extended = in.u8();
            if (extended == 254) {
                length = in.u16();
            } else if (extended == 255) {
                length = in.u32();
            } else {
                length = extended;
            }
        }
        if (!context && number == BacnetValue.BOOLEAN) {
            if (length > 1) {
                throw new DecodeException("application BOOLEAN with value " + length + " at offset " + at);
            }
            return new Tag(number, false, Tag.Kind.PRIMITIVE, length);
        }
        if (length > in.remaining()) {
            throw new DecodeException(
                    "tag at offset " + at + " claims " + length + " content bytes but only " + in.remaining() + " remain");
        }
        return new Tag(number, context, Tag.Kind.PRIMITIVE, length);
    }

    /** Reads the next tag header without consuming it; null at the end of input. */
    public static Tag peekTag(ByteReader in) throws DecodeException {
        if (!in.hasRemaining()) {
            return null;
        }
        int mark = in.position();
        try {
            return readTag(in);
        } finally {
            in.rewind(mark);
        }
    }

    /** Writes a primitive tag header. */
    public static void writeTag(ByteWriter out, int number, boolean context, long length) {
        int classBit = context ? 0x08 : 0;
        int lvt = length <= 4 ? (int) length : 5;
        if (number <= 14) {
            out.u8((number << 4) | classBit | lvt);
        } else {
            out.u8(0xF0 | classBit | lvt);
            out.u8(number);
        }
        if (lvt == 5) {
            if (length <= 253) {
                out.u8((int) length);
            } else if (length <= 0xFFFF) {
                out.u8(254).u16((int) length);
            } else {
                out.u8(255).u32(length);
            }
        }
    }

    /** Writes opening context tag {@code number}. */
    public static void writeOpening(ByteWriter out, int number) {
        writeShape(out, number, 6);
    }

    /** Writes closing context tag {@code number}. */
    public static void writeClosing(ByteWriter out, int number) {
        writeShape(out, number, 7);
    }

    private static void writeShape(ByteWriter out, int number, int lvt) {
        if (number <= 14) {
            out.u8((number << 4) | 0x08 | lvt);
        } else {
            out.u8(0xF8 | lvt).u8(number);
        }
    }

    // ------------------------------------------------------------------ application-tagged values

    /** Encodes {@code value} with its application tag; a context value is written with its own context tags. */
    public static void write(ByteWriter out, BacnetValue value) {
        if (value instanceof BacnetValue.Null) {
            writeTag(out, BacnetValue.NULL, false, 0);
        } else if (value instanceof BacnetValue.Bool b) {
            writeTag(out, BacnetValue.BOOLEAN, false, b.value() ? 1 : 0);
        } else if (value instanceof BacnetValue.Unsigned u) {
            writeContent(out, BacnetValue.UNSIGNED, false, unsignedBytes(u.value()));
        } else if (value instanceof BacnetValue.Signed s) {
            writeContent(out, BacnetValue.SIGNED, false, signedBytes(s.value()));
        } else if (value instanceof BacnetValue.Real r) {
            writeContent(out, BacnetValue.REAL, false, realBytes(r.value()));
        } else if (value instanceof BacnetValue.DoubleValue d) {
            writeContent(out, BacnetValue.DOUBLE, false, doubleBytes(d.value()));
        } else if (value instanceof BacnetValue.OctetString o) {
            writeContent(out, BacnetValue.OCTET_STRING, false, o.value());
        } else if (value instanceof BacnetValue.CharacterString c) {
            writeContent(out, BacnetValue.CHARACTER_STRING, false, CharacterSets.encode(c));
        } else if (value instanceof BacnetValue.BitString b) {
            writeContent(out, BacnetValue.BIT_STRING, false, bitStringBytes(b));
        } else if (value instanceof BacnetValue.Enumerated e) {
            writeContent(out, BacnetValue.ENUMERATED, false, unsignedBytes(e.value()));
        } else if (value instanceof BacnetValue.Date d) {
            writeContent(out, BacnetValue.DATE, false,
                    new byte[] {(byte) (d.year() - 1900), (byte) d.month(), (byte) d.day(), (byte) d.dayOfWeek()});
        } else if (value instanceof BacnetValue.Time t) {
            writeContent(out, BacnetValue.TIME, false,
                    new byte[] {(byte) t.hour(), (byte) t.minute(), (byte) t.second(), (byte) t.hundredths()});
        } else if (value instanceof BacnetValue.ObjectId o) {
            writeContent(out, BacnetValue.OBJECT_IDENTIFIER, false, objectIdBytes(o.value()));
        } else if (value instanceof BacnetValue.ContextPrimitive c) {
            writeContent(out, c.tag(), true, c.content());
        } else if (value instanceof BacnetValue.Constructed c) {
            writeOpening(out, c.tag());
            for (BacnetValue inner : c.values()) {
                write(out, inner);
            }
            writeClosing(out, c.tag());
        }
    }

    /** Encodes {@code value} as it would appear with context tag {@code tag} instead of its application tag. */
    public static void writeContext(ByteWriter out, int tag, BacnetValue value) {
        if (value instanceof BacnetValue.Null) {
            writeTag(out, tag, true, 0);
        } else if (value instanceof BacnetValue.Bool b) {
            writeContent(out, tag, true, new byte[] {(byte) (b.value() ? 1 : 0)});
        } else if (value instanceof BacnetValue.Constructed || value instanceof BacnetValue.ContextPrimitive) {
            throw new IllegalArgumentException("a context value cannot take context tag " + tag);
        } else {
            ByteWriter scratch = new ByteWriter();
            write(scratch, value);
            ByteReader reader = new ByteReader(scratch.toByteArray());
            try {
                Tag header = readTag(reader);
                writeContent(out, tag, true, reader.bytes(header.length()));
            } catch (DecodeException e) {
                throw new IllegalStateException("own encoding unreadable", e);
            }
        }
    }

    /** Writes context tag {@code tag} holding an Unsigned. */
    public static void writeContextUnsigned(ByteWriter out, int tag, long value) {
        writeContent(out, tag, true, unsignedBytes(value));
    }

    /** Writes context tag {@code tag} holding an Enumerated. */
    public static void writeContextEnumerated(ByteWriter out, int tag, long value) {
        writeContent(out, tag, true, unsignedBytes(value));
    }

    /** Writes context tag {@code tag} holding a BACnetObjectIdentifier. */
    public static void writeContextObjectId(ByteWriter out, int tag, ObjectIdentifier id) {
        writeContent(out, tag, true, objectIdBytes(id));
    }

    /** Writes context tag {@code tag} holding a BOOLEAN. */
    public static void writeContextBoolean(ByteWriter out, int tag, boolean value) {
        writeContent(out, tag, true, new byte[] {(byte) (value ? 1 : 0)});
    }

    private static void writeContent(ByteWriter out, int tag, boolean context, byte[] content) {
        writeTag(out, tag, context, content.length);
        out.bytes(content);
    }

    /** Reads one application-tagged value, or a constructed context value, or a context primitive as raw bytes. */
    public static BacnetValue read(ByteReader in) throws DecodeException {
        return read(in, 0);
    }

    private static BacnetValue read(ByteReader in, int depth) throws DecodeException {
        int at = in.position();
        Tag tag = readTag(in);
        switch (tag.kind()) {
            case OPENING: {
                if (depth >= MAX_DEPTH) {
                    throw new DecodeException("values nested deeper than " + MAX_DEPTH + " at offset " + at);
                }
                return new BacnetValue.Constructed(tag.number(), readUntilClosing(in, tag.number(), depth + 1));
            }
            case CLOSING:
                throw new DecodeException("unexpected " + tag + " at offset " + at);
            default:
                if (tag.context()) {
                    return new BacnetValue.ContextPrimitive(tag.number(), in.bytes(tag.length()));
                }
                return readApplicationContent(tag, in, at);
        }
    }

    /**
     * Reads values up to and including closing tag {@code closingTag}.
     *
     * @throws DecodeException when the input ends first or another closing tag comes
     */
    public static List<BacnetValue> readUntilClosing(ByteReader in, int closingTag) throws DecodeException {
        return readUntilClosing(in, closingTag, 1);
    }

    private static List<BacnetValue> readUntilClosing(ByteReader in, int closingTag, int depth)
            throws DecodeException {
        List<BacnetValue> values = new ArrayList<>();
        while (true) {
            if (closingTag <= 14 && in.hasRemaining() && in.peek() == ((closingTag << 4) | 0x0F)) {
                in.skip(1);
                return values;
            }
            Tag next = peekTag(in);
            if (next == null) {
                throw new DecodeException("input ended before closing tag " + closingTag);
            }
            if (next.kind() == Tag.Kind.CLOSING) {
                if (next.number() != closingTag) {
                    throw new DecodeException("expected closing tag " + closingTag + " but found " + next
                            + " at offset " + in.position());
                }
                readTag(in);
                return values;
            }
            values.add(read(in, depth));
        }
    }

    private static BacnetValue readApplicationContent(Tag tag, ByteReader in, int at) throws DecodeException {
        long length = tag.length();
        switch (tag.number()) {
            case BacnetValue.NULL:
                requireLength(tag, length == 0, at);
                return BacnetValue.Null.INSTANCE;
            case BacnetValue.BOOLEAN:
                return new BacnetValue.Bool(length == 1);
            case BacnetValue.UNSIGNED:
                return new BacnetValue.Unsigned(unsigned(in, length, at));
            case BacnetValue.SIGNED:
                return new BacnetValue.Signed(signed(in, length, at));
            case BacnetValue.REAL:
                requireLength(tag, length == 4, at);
                return new BacnetValue.Real(Float.intBitsToFloat((int) in.u32()));
            case BacnetValue.DOUBLE:
                requireLength(tag, length == 8, at);
                return new BacnetValue.DoubleValue(Double.longBitsToDouble((in.u32() << 32) | in.u32()));
            case BacnetValue.OCTET_STRING:
                return new BacnetValue.OctetString(in.bytes(length));
            case BacnetValue.CHARACTER_STRING:
                requireLength(tag, length >= 1, at);
                return CharacterSets.decode(in.slice(length));
            case BacnetValue.BIT_STRING:
                return bitString(in.slice(length), at);
            case BacnetValue.ENUMERATED:
                return new BacnetValue.Enumerated(unsigned(in, length, at));
            case BacnetValue.DATE: {
                requireLength(tag, length == 4, at);
                int year = in.u8() + 1900;
                return new BacnetValue.Date(year, in.u8(), in.u8(), in.u8());
            }
            case BacnetValue.TIME:
                requireLength(tag, length == 4, at);
                return new BacnetValue.Time(in.u8(), in.u8(), in.u8(), in.u8());
            case BacnetValue.OBJECT_IDENTIFIER:
                requireLength(tag, length == 4, at);
                return new BacnetValue.ObjectId(ObjectIdentifier.fromWire(in.u32()));
            default:
                throw new DecodeException("reserved application tag " + tag.number() + " at offset " + at);
        }
    }

    private static void requireLength(Tag tag, boolean ok, int at) throws DecodeException {
        if (!ok) {
            throw new DecodeException("wrong length " + tag.length() + " for application tag " + tag.number()
                    + " at offset " + at);
        }
    }

    // ------------------------------------------------------------------ context-tagged values of known type

    /** Reads context tag {@code n} holding an Unsigned. */
    public static long readContextUnsigned(ByteReader in, int n) throws DecodeException {
        Tag tag = expectContext(in, n);
        return unsigned(in, tag.length(), in.position());
    }

    /** Reads context tag {@code n} holding an Enumerated. */
    public static long readContextEnumerated(ByteReader in, int n) throws DecodeException {
        return readContextUnsigned(in, n);
    }

    /** Reads context tag {@code n} holding a BACnetObjectIdentifier. */
    public static ObjectIdentifier readContextObjectId(ByteReader in, int n) throws DecodeException {
        Tag tag = expectContext(in, n);
        if (tag.length() != 4) {
            throw new DecodeException("object identifier in context tag " + n + " has length " + tag.length());
        }
        return ObjectIdentifier.fromWire(in.u32());
    }

    /** Reads context tag {@code n} holding a BOOLEAN. */
    public static boolean readContextBoolean(ByteReader in, int n) throws DecodeException {
        Tag tag = expectContext(in, n);
        if (tag.length() != 1) {
            throw new DecodeException("BOOLEAN in context tag " + n + " has length " + tag.length());
        }
        int value = in.u8();
        if (value > 1) {
            throw new DecodeException("BOOLEAN in context tag " + n + " has value " + value);
        }
        return value == 1;
    }

    /** @return whether the next tag is context tag {@code n}, primitive */
    public static boolean nextIsContext(ByteReader in, int n) throws DecodeException {
        if (n <= 14) {
            // one octet holds class, number and L/V/T of tags 0..14: no header to parse on this hot path
            if (!in.hasRemaining()) {
                return false;
            }
            int b = in.peek();
            return (b >>> 4) == n && (b & 0x08) != 0 && (b & 0x07) < 6;
        }
        Tag next = peekTag(in);
        return next != null && next.isContext(n);
    }

    /** @return whether the next tag is closing tag {@code n} */
    public static boolean nextIsClosing(ByteReader in, int n) throws DecodeException {
        if (n <= 14) {
            return in.hasRemaining() && in.peek() == ((n << 4) | 0x0F);
        }
        Tag next = peekTag(in);
        return next != null && next.isClosing(n);
    }

    /** @return whether the next tag is opening tag {@code n} */
    public static boolean nextIsOpening(ByteReader in, int n) throws DecodeException {
        if (n <= 14) {
            return in.hasRemaining() && in.peek() == ((n << 4) | 0x0E);
        }
        Tag next = peekTag(in);
        return next != null && next.isOpening(n);
    }

    /** Consumes opening tag {@code n}. */
    public static void expectOpening(ByteReader in, int n) throws DecodeException {
        int at = in.position();
        Tag tag = readTag(in);
        if (!tag.isOpening(n)) {
            throw new DecodeException("expected opening tag " + n + " but found " + tag + " at offset " + at);
        }
    }

    /** Consumes closing tag {@code n}. */
    public static void expectClosing(ByteReader in, int n) throws DecodeException {
        int at = in.position();
        Tag tag = readTag(in);
        if (!tag.isClosing(n)) {
            throw new DecodeException("expected closing tag " + n + " but found " + tag + " at offset " + at);
        }
    }

    /** Reads an application-tagged value and checks its type. */
    public static BacnetValue readApplication(ByteReader in, int expectedType) throws DecodeException {
        int at = in.position();
        Tag tag = peekTag(in);
        if (tag == null || tag.context() || tag.number() != expectedType) {
            throw new DecodeException("expected application tag " + expectedType + " but found "
                    + (tag == null ? "the end" : tag) + " at offset " + at);
        }
        return read(in);
    }

    private static Tag expectContext(ByteReader in, int n) throws DecodeException {
        int at = in.position();
        Tag tag = readTag(in);
        if (!tag.isContext(n)) {
            throw new DecodeException("expected context tag " + n + " but found " + tag + " at offset " + at);
        }
        return tag;
    }

    // ------------------------------------------------------------------ primitive content

    private static long unsigned(ByteReader in, long length, int at) throws DecodeException {
        if (length < 1 || length > 8) {
            throw new DecodeException("unsigned of length " + length + " at offset " + at);
        }
        long value = 0;
        for (int i = 0; i < length; i++) {
            value = (value << 8) | in.u8();
        }
        return value;
    }

    private static long signed(ByteReader in, long length, int at) throws DecodeException {
        if (length < 1 || length > 8) {
            throw new DecodeException("signed of length " + length + " at offset " + at);
        }
        long value = (byte) in.u8();
        for (int i = 1; i < length; i++) {
            value = (value << 8) | in.u8();
        }
        return value;
    }

    private static BacnetValue.BitString bitString(ByteReader content, int at) throws DecodeException {
        int unused = content.u8();
        int bytes = content.remaining();
        if (unused > 7 || (bytes == 0 && unused != 0)) {
            throw new DecodeException("bit string with " + unused + " unused bits in " + bytes + " bytes at offset "
                    + at);
        }
        byte[] raw = content.remainingBytes();
        boolean[] bits = new boolean[bytes * 8 - unused];
        for (int i = 0; i < bits.length; i++) {
            bits[i] = (raw[i / 8] & (0x80 >>> (i % 8))) != 0;
        }
        return new BacnetValue.BitString(bits);
    }

    /** @return the minimal big-endian bytes of an unsigned value (1..8 bytes) */
    public static byte[] unsignedBytes(long value) {
        int length = 1;
        while (length < 8 && (value >>> (8 * length)) != 0) {
            length++;
        }
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[length - 1 - i] = (byte) (value >>> (8 * i));
        }
        return bytes;
    }

    private static byte[] signedBytes(long value) {
        int length = 1;
        while (length < 8) {
            long min = -(1L << (8 * length - 1));
            long max = (1L << (8 * length - 1)) - 1;
            if (value >= min && value <= max) {
                break;
            }
            length++;
        }
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[length - 1 - i] = (byte) (value >>> (8 * i));
        }
        return bytes;
    }

    private static byte[] realBytes(float value) {
        int bits = Float.floatToIntBits(value);
        return new byte[] {(byte) (bits >>> 24), (byte) (bits >>> 16), (byte) (bits >>> 8), (byte) bits};
    }

    private static byte[] doubleBytes(double value) {
        long bits = Double.doubleToLongBits(value);
        byte[] bytes = new byte[8];
        for (int i = 0; i < 8; i++) {
            bytes[i] = (byte) (bits >>> (56 - 8 * i));
        }
        return bytes;
    }

    private static byte[] objectIdBytes(ObjectIdentifier id) {
        long wire = id.toWire();
        return new byte[] {(byte) (wire >>> 24), (byte) (wire >>> 16), (byte) (wire >>> 8), (byte) wire};
    }

    private static byte[] bitStringBytes(BacnetValue.BitString value) {
        boolean[] bits = value.bits();
        int bytes = (bits.length + 7) / 8;
        byte[] out = new byte[1 + bytes];
        out[0] = (byte) (bytes * 8 - bits.length);
        for (int i = 0; i < bits.length; i++) {
            if (bits[i]) {
                out[1 + i / 8] |= (byte) (0x80 >>> (i % 8));
            }
        }
        return out;
    }
}
