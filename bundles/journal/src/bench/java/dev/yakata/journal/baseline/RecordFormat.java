package dev.yakata.journal.baseline;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * The on-disk layout of a segment: records back to back, no file header, each
 * {@code [length int][checksum int][sequence long][payload]}, big-endian. The checksum is CRC-32C over the length,
 * the sequence and the payload, so a damaged length or sequence is caught as well as a damaged payload. A segment
 * file is named after the sequence number of its first record, zero-padded to 20 digits so names sort in order.
 */
final class RecordFormat {

    /** Bytes before the payload. */
    static final int HEADER_BYTES = 16;

    static final String SEGMENT_SUFFIX = ".seg";

    private static final int NAME_DIGITS = 20;

    private RecordFormat() {
    }

    static String segmentFileName(long firstSequence) {
        return String.format("%0" + NAME_DIGITS + "d%s", firstSequence, SEGMENT_SUFFIX);
    }

    /** The first sequence number a segment file name stands for, or -1 if the name is not a segment's. */
    static long firstSequenceOf(Path file) {
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

    /**
     * Checksum of the record whose header starts at {@code index} in {@code buffer} and whose payload has
     * {@code payloadLength} bytes (all of it in the buffer). Leaves the buffer at position 0, limit capacity.
     */
    static int checksum(CRC32C crc, ByteBuffer buffer, int index, int payloadLength) {
        crc.reset();
        buffer.limit(index + 4).position(index);
        crc.update(buffer);
        buffer.limit(index + HEADER_BYTES + payloadLength).position(index + 8);
        crc.update(buffer);
        buffer.limit(buffer.capacity()).position(0); // absolute gets check the limit
        return (int) crc.getValue();
    }
}
