package dev.yakata.journal.internal;

import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * The on-disk layout of a segment (the MQTT outbox's, kept): records back to back, no file header, each
 * {@code [length int][checksum int][position long][payload]}, big-endian, the payload being an {@link EventCodec}
 * encoding. The checksum is CRC-32C over the length, the position and the payload, so a damaged length or position is
 * caught as well as a damaged payload. A segment file is named after the position of its first record, zero-padded
 * to 20 digits so names sort in order.
 */
final class RecordFormat {

    /** Bytes before the payload. */
    static final int HEADER_BYTES = 16;

    static final String SEGMENT_SUFFIX = ".seg";

    private static final int NAME_DIGITS = 20;

    private RecordFormat() {
    }

    static String segmentFileName(long firstPosition) {
        return String.format("%0" + NAME_DIGITS + "d%s", firstPosition, SEGMENT_SUFFIX);
    }

    /** The first position a segment file name stands for, or -1 if the name is not a segment's. */
    static long firstPositionOf(Path file) {
        String name = file.getFileName().toString();
        if (name.length() != NAME_DIGITS + SEGMENT_SUFFIX.length() || !name.endsWith(SEGMENT_SUFFIX)) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < NAME_DIGITS; i++) {
            char c = name.charAt(i);
            if (c < '0' || c > '9' || value > (Long.MAX_VALUE - 9) / 10) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value > 0 ? value : -1;
    }

    /** Writes length and position into the header at {@code bytes[0..16)} and the checksum over it and the payload. */
    static void seal(CRC32C crc, byte[] bytes, int payloadLength, long position) {
        putInt(bytes, 0, payloadLength);
        putLong(bytes, 8, position);
        putInt(bytes, 4, checksum(crc, bytes, 0, payloadLength));
    }

    /** Checksum of the record whose header starts at {@code index}, with a payload of {@code payloadLength} bytes. */
    static int checksum(CRC32C crc, byte[] bytes, int index, int payloadLength) {
        crc.reset();
        crc.update(bytes, index, 4);
        crc.update(bytes, index + 8, 8 + payloadLength);
        return (int) crc.getValue();
    }

    static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    static void putLong(byte[] b, int at, long v) {
        putInt(b, at, (int) (v >>> 32));
        putInt(b, at + 4, (int) v);
    }
}
