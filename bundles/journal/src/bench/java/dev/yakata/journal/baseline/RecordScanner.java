package dev.yakata.journal.baseline;

import static dev.yakata.journal.baseline.RecordFormat.HEADER_BYTES;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * Decodes and checks records from segment files through one read buffer. Not thread-safe: the outbox uses one under
 * its read lock, and a separate one while opening.
 *
 * <p>Every length, sequence number and checksum is checked before it is believed: a length larger than
 * {@code maxRecordBytes} or reaching past the readable end is damage, never an allocation.
 */
final class RecordScanner {

    private static final int INITIAL_BUFFER_BYTES = 256 * 1024;

    private final int maxRecordBytes;
    private final CRC32C crc = new CRC32C();
    private ByteBuffer buffer;

    /** Which bytes the buffer holds: {@code bufferLength} bytes of {@code bufferedSegment} from {@code bufferStart}. */
    private Segment bufferedSegment;
    private long bufferStart;
    private int bufferLength;

    /** The record found by the last successful {@link #decode}. */
    private long sequence;
    private int length;
    private int payloadIndex;

    RecordScanner(int maxRecordBytes) {
        this.maxRecordBytes = maxRecordBytes;
        this.buffer = ByteBuffer.allocateDirect(Math.min(INITIAL_BUFFER_BYTES, HEADER_BYTES + maxRecordBytes));
    }

    /**
     * Whether a whole, intact record starts at {@code offset}, ends at or before {@code limit} and carries a
     * sequence number within {@code [minSequence, maxSequence]}. If so, {@link #sequence()}, {@link #length()} and
     * {@link #payload()} describe it.
     */
    boolean decode(Segment segment, long offset, long limit, long minSequence, long maxSequence) throws IOException {
        if (limit - offset < HEADER_BYTES) {
            return false;
        }
        int index = fill(segment, offset, HEADER_BYTES, limit);
        if (index < 0) {
            return false;
        }
        int recordLength = buffer.getInt(index);
        if (recordLength < 0 || recordLength > maxRecordBytes || recordLength > limit - offset - HEADER_BYTES) {
            return false;
        }
        long recordSequence = buffer.getLong(index + 8);
        if (recordSequence < minSequence || recordSequence > maxSequence) {
            return false;
        }
        int storedChecksum = buffer.getInt(index + 4);
        index = fill(segment, offset, HEADER_BYTES + recordLength, limit);
        if (index < 0 || RecordFormat.checksum(crc, buffer, index, recordLength) != storedChecksum) {
            return false;
        }
        sequence = recordSequence;
        length = recordLength;
        payloadIndex = index + HEADER_BYTES;
        return true;
    }

    /**
     * After a record that failed {@link #decode} at {@code damagedOffset}, the offset of the next intact record with
     * a sequence number in range, or -1 if there is none before {@code limit}. Byte by byte, because a damaged length
     * says nothing about where the next record starts; the checksum makes a false match practically impossible.
     */
    long resync(Segment segment, long damagedOffset, long limit, long minSequence, long maxSequence)
            throws IOException {
        for (long offset = damagedOffset + 1; limit - offset >= HEADER_BYTES; offset++) {
            if (decode(segment, offset, limit, minSequence, maxSequence)) {
                return offset;
            }
        }
        return -1;
    }

    long sequence() {
        return sequence;
    }

    /** Payload length of the last decoded record. */
    int length() {
        return length;
    }

    /** A copy of the last decoded record's payload. */
    byte[] payload() {
        byte[] payload = new byte[length];
        buffer.get(payloadIndex, payload);
        return payload;
    }

    /** Drops buffered bytes of a segment that is going away. */
    void forget(Segment segment) {
        if (bufferedSegment == segment) {
            bufferedSegment = null;
            bufferLength = 0;
        }
    }

    /**
     * Makes sure {@code count} bytes from {@code offset} are in the buffer and returns their index in it, or -1 if
     * the file holds fewer bytes than its committed end promised. Reads ahead as far as the buffer and limit allow.
     */
    private int fill(Segment segment, long offset, int count, long limit) throws IOException {
        if (segment == bufferedSegment && offset >= bufferStart && offset + count <= bufferStart + bufferLength) {
            return (int) (offset - bufferStart);
        }
        if (count > buffer.capacity()) {
            int capacity = (int) Math.min((long) HEADER_BYTES + maxRecordBytes, Math.max(count, 2L * buffer.capacity()));
            buffer = ByteBuffer.allocateDirect(capacity);
        }
        bufferedSegment = null;
        buffer.clear().limit((int) Math.min(buffer.capacity(), limit - offset));
        while (buffer.hasRemaining()) {
            if (segment.channel.read(buffer, offset + buffer.position()) < 0) {
                break;
            }
        }
        bufferedSegment = segment;
        bufferStart = offset;
        bufferLength = buffer.position();
        return bufferLength >= count ? 0 : -1;
    }
}
