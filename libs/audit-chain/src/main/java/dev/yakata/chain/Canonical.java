package dev.yakata.chain;

import java.util.Arrays;

/**
 * The unambiguous byte form hashes and signatures are computed over: big-endian integers, and each string as its
 * UTF-8 byte length (4 bytes) followed by those bytes, so no two different sequences of fields give the same bytes.
 * A growable buffer, reused between records ({@link #reset()}) so hashing a chain allocates nothing per record.
 */
final class Canonical {

    private byte[] buf = new byte[512];
    private int len;

    void reset() {
        len = 0;
    }

    byte[] buffer() {
        return buf;
    }

    int length() {
        return len;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }

    void int32(int v) {
        ensure(4);
        buf[len++] = (byte) (v >>> 24);
        buf[len++] = (byte) (v >>> 16);
        buf[len++] = (byte) (v >>> 8);
        buf[len++] = (byte) v;
    }

    void int64(long v) {
        int32((int) (v >>> 32));
        int32((int) v);
    }

    /**
     * Writes the length prefix and the UTF-8 bytes. Text with an unpaired surrogate has no UTF-8 form, and replacing
     * it (as {@code String.getBytes} does) would make two different texts hash alike: it is refused instead.
     */
    void string(String s) {
        int start = len;
        int n = s.length();
        ensure(4 + n);
        len += 4;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                if (len == buf.length) {
                    ensure(1);
                }
                buf[len++] = (byte) c;
            } else {
                ensure(4 + (n - i) * 3);
                if (c < 0x800) {
                    buf[len++] = (byte) (0xC0 | (c >> 6));
                    buf[len++] = (byte) (0x80 | (c & 0x3F));
                } else if (Character.isSurrogate(c)) {
                    if (!Character.isHighSurrogate(c) || i + 1 == n || !Character.isLowSurrogate(s.charAt(i + 1))) {
                        throw new IllegalArgumentException("Text with an unpaired surrogate (at index " + i
                                + ") cannot be hashed: audit text must be valid Unicode");
                    }
                    int cp = Character.toCodePoint(c, s.charAt(++i));
                    buf[len++] = (byte) (0xF0 | (cp >> 18));
                    buf[len++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                    buf[len++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                    buf[len++] = (byte) (0x80 | (cp & 0x3F));
                } else {
                    buf[len++] = (byte) (0xE0 | (c >> 12));
                    buf[len++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                    buf[len++] = (byte) (0x80 | (c & 0x3F));
                }
            }
        }
        int bytes = len - start - 4;
        buf[start] = (byte) (bytes >>> 24);
        buf[start + 1] = (byte) (bytes >>> 16);
        buf[start + 2] = (byte) (bytes >>> 8);
        buf[start + 3] = (byte) bytes;
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
    }
}
