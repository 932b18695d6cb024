package dev.yakata.adapter.bacnet.codec;

import java.util.Arrays;

/** A growable big-endian byte buffer for the encoders. */
public final class ByteWriter {

    private byte[] buffer;
    private int size;

    /** An empty writer with room for a typical APDU. */
    public ByteWriter() {
        this(64);
    }

    /** An empty writer with room for {@code capacity} bytes before it grows. */
    public ByteWriter(int capacity) {
        buffer = new byte[Math.max(16, capacity)];
    }

    /** Appends one byte (the low 8 bits). */
    public ByteWriter u8(int value) {
        ensure(1);
        buffer[size++] = (byte) value;
        return this;
    }

    /** Appends two bytes, big-endian. */
    public ByteWriter u16(int value) {
        ensure(2);
        buffer[size++] = (byte) (value >>> 8);
        buffer[size++] = (byte) value;
        return this;
    }

    /** Appends four bytes, big-endian. */
    public ByteWriter u32(long value) {
        ensure(4);
        for (int shift = 24; shift >= 0; shift -= 8) {
            buffer[size++] = (byte) (value >>> shift);
        }
        return this;
    }

    /** Appends all of {@code bytes}. */
    public ByteWriter bytes(byte[] bytes) {
        return bytes(bytes, 0, bytes.length);
    }

    /** Appends {@code bytes[offset, offset + length)}. */
    public ByteWriter bytes(byte[] bytes, int offset, int length) {
        ensure(length);
        System.arraycopy(bytes, offset, buffer, size, length);
        size += length;
        return this;
    }

    /** @return how many bytes were written */
    public int size() {
        return size;
    }

    /** Overwrites two bytes at {@code offset} (for length fields written after their content). */
    public void setU16(int offset, int value) {
        buffer[offset] = (byte) (value >>> 8);
        buffer[offset + 1] = (byte) value;
    }

    /** @return a copy of the written bytes */
    public byte[] toByteArray() {
        return Arrays.copyOf(buffer, size);
    }

    private void ensure(int more) {
        if (size + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
        }
    }
}
