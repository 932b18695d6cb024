package dev.yakata.adapter.bacnet.codec;

/**
 * A bounds-checked cursor over a slice of a byte array. Every read checks the remaining length first and throws
 * {@link DecodeException}, so no decoder can run off the end or allocate more than the input holds.
 */
public final class ByteReader {

    private final byte[] data;
    private final int start;
    private final int end;
    private int position;

    /** Reads {@code data[offset, offset + length)}. */
    public ByteReader(byte[] data, int offset, int length) {
        if (offset < 0 || length < 0 || offset > data.length - length) {
            throw new IllegalArgumentException("slice " + offset + "+" + length + " outside " + data.length + " bytes");
        }
        this.data = data;
        this.start = offset;
        this.position = offset;
        this.end = offset + length;
    }

    /** Reads all of {@code data}. */
    public ByteReader(byte[] data) {
        this(data, 0, data.length);
    }

    /** @return the absolute offset of the next byte */
    public int position() {
        return position;
    }

    /** Moves back to a position returned by {@link #position()} earlier, for look-ahead. */
    public void rewind(int mark) {
        if (mark < start || mark > position) {
            throw new IllegalArgumentException("cannot rewind to " + mark + " from " + position);
        }
        position = mark;
    }

    /** @return how many bytes are left */
    public int remaining() {
        return end - position;
    }

    /** @return whether any byte is left */
    public boolean hasRemaining() {
        return position < end;
    }

    /** @return the next byte (0..255) without consuming it */
    public int peek() throws DecodeException {
        require(1, "a byte");
        return data[position] & 0xFF;
    }

    /** @return the next byte as 0..255 */
    public int u8() throws DecodeException {
        require(1, "a byte");
        return data[position++] & 0xFF;
    }

    /** @return the next two bytes as a big-endian 0..65535 */
    public int u16() throws DecodeException {
        require(2, "two bytes");
        int value = ((data[position] & 0xFF) << 8) | (data[position + 1] & 0xFF);
        position += 2;
        return value;
    }

    /** @return the next four bytes as a big-endian unsigned value */
    public long u32() throws DecodeException {
        require(4, "four bytes");
        long value = 0;
        for (int i = 0; i < 4; i++) {
            value = (value << 8) | (data[position++] & 0xFF);
        }
        return value;
    }

    /** Copies the next {@code length} bytes; the length is checked against what is left before anything is allocated. */
    public byte[] bytes(long length) throws DecodeException {
        require(length, length + " bytes");
        byte[] copy = new byte[(int) length];
        System.arraycopy(data, position, copy, 0, copy.length);
        position += copy.length;
        return copy;
    }

    /** Skips {@code length} bytes. */
    public void skip(long length) throws DecodeException {
        require(length, length + " bytes");
        position += (int) length;
    }

    /** A reader over the next {@code length} bytes, which this reader then skips. */
    public ByteReader slice(long length) throws DecodeException {
        require(length, length + " bytes");
        ByteReader slice = new ByteReader(data, position, (int) length);
        position += (int) length;
        return slice;
    }

    /** A reader over everything that is left, which this reader then skips. */
    public ByteReader rest() {
        ByteReader slice = new ByteReader(data, position, end - position);
        position = end;
        return slice;
    }

    /** @return a copy of everything left, consuming it */
    public byte[] remainingBytes() throws DecodeException {
        return bytes(remaining());
    }

    private void require(long count, String what) throws DecodeException {
        if (count < 0 || count > end - position) {
            throw new DecodeException("expected " + what + " at offset " + position + " but only " + (end - position)
                    + " remain");
        }
    }
}
