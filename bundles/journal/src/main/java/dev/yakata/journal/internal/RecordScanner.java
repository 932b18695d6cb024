package dev.yakata.journal.internal;

import static dev.yakata.journal.internal.RecordFormat.HEADER_BYTES;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * Decodes and checks records from segment files through one read buffer. Not thread-safe: each cursor has its own,
 * and opening uses a separate one.
 *
 * <p>Every length, position and checksum is checked before it is believed: a length larger than
 * {@code maxRecordBytes} or reaching past the readable end is damage, never an allocation.
 */
final class RecordScanner {

    private static final int INITIAL_BUFFER_BYTES = 128 * 1024;

    private final int maxRecordBytes;
    private final CRC32C crc = new CRC32C();
    private byte[] array;
    private ByteBuffer buffer;

    /** Which bytes the buffer holds: {@code bufferLength} bytes of {@code bufferedSegment} from {@code bufferStart}. */
    private Segment bufferedSegment;
    private long bufferStart;
    private int bufferLength;

    /** The record found by the last successful {@link #decode}. */
    private long position;
    private int length;
    private int payloadIndex;

    RecordScanner(int maxRecordBytes) {
        this.maxRecordBytes = maxRecordBytes;
        allocate(Math.min(INITIAL_BUFFER_BYTES, HEADER_BYTES + maxRecordBytes));
    }

    private void allocate(int capacity) {
        array = new byte[capacity];
        buffer = ByteBuffer.wrap(array);
    }

    /**
     * Whether a whole, intact record starts at {@code offset}, ends at or before {@code limit} and carries a
     * position within {@code [minPosition, maxPosition]}. If so, {@link #position()}, {@link #length()} and
     * {@link #payload()} describe it.
     */
    boolean decode(Segment segment, long offset, long limit, long minPosition, long maxPosition) throws IOException {
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
        long recordPosition = buffer.getLong(index + 8);
        if (recordPosition < minPosition || recordPosition > maxPosition) {
            return false;
        }
        int storedChecksum = buffer.getInt(index + 4);
        index = fill(segment, offset, HEADER_BYTES + recordLength, limit);
        if (index < 0 || RecordFormat.checksum(crc, array, index, recordLength) != storedChecksum) {
            return false;
        }
        position = recordPosition;
        length = recordLength;
        payloadIndex = index + HEADER_BYTES;
        return true;
    }

    /**
     * After a record that failed {@link #decode} at {@code damagedOffset}, the offset of the next intact record with
     * a position in range, or -1 if there is none before {@code limit}. Byte by byte, because a damaged length says
     * nothing about where the next record starts; the checksum makes a false match practically impossible.
     */
    long resync(Segment segment, long damagedOffset, long limit, long minPosition, long maxPosition)
            throws IOException {
        for (long offset = damagedOffset + 1; limit - offset >= HEADER_BYTES; offset++) {
            if (decode(segment, offset, limit, minPosition, maxPosition)) {
                return offset;
            }
        }
        return -1;
    }

    long position() {
        return position;
    }

    /** Payload length of the last decoded record. */
    int length() {
        return length;
    }

    /** The last decoded record's payload, as a view valid until the next decode. */
    ByteBuffer payload() {
        return ByteBuffer.wrap(array, payloadIndex, length).slice();
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
        if (count > array.length) {
            allocate((int) Math.min((long) HEADER_BYTES + maxRecordBytes, Math.max(count, 2L * array.length)));
        }
        bufferedSegment = null;
        buffer.clear().limit((int) Math.min(array.length, limit - offset));
        while (buffer.hasRemaining()) {
            if (segment.channel.read(buffer, offset + buffer.position()) < 0) {
                break;
            }
        }
        bufferedSegment = segment;
        bufferStart = offset;
        bufferLength = buffer.position();
        buffer.clear(); // absolute gets check the limit
        return bufferLength >= count ? 0 : -1;
    }
}
