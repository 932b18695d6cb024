package dev.yakata.journal.baseline;

/**
 * How an {@link Outbox} uses the disk.
 *
 * @param segmentBytes size at which the outbox starts a new segment file; acknowledgements free disk space one whole
 *        segment at a time, so smaller segments free space sooner and larger ones mean fewer files
 * @param maxBytes limit on the bytes of all segment files; an append beyond it throws {@link OutboxFullException}
 * @param syncIntervalMillis how often a background thread forces appended data to the device; this bounds what an
 *        operating-system crash or power loss can take (a killed process loses nothing either way)
 * @param cursorSyncMillis how often, at most, the acknowledged sequence number is written to disk; a crash replays at
 *        most this much of already delivered records (consumers de-duplicate by sequence number)
 * @param maxRecordBytes largest accepted payload; also the largest length the outbox believes when reading a file
 */
public record OutboxSettings(long segmentBytes, long maxBytes, long syncIntervalMillis, long cursorSyncMillis,
        int maxRecordBytes) {

    /** Largest {@link #maxRecordBytes()} accepted: the reader holds one whole record in memory. */
    public static final int MAX_RECORD_BYTES_LIMIT = 64 * 1024 * 1024;

    public OutboxSettings {
        requirePositive("segmentBytes", segmentBytes);
        requirePositive("maxBytes", maxBytes);
        requirePositive("syncIntervalMillis", syncIntervalMillis);
        requirePositive("cursorSyncMillis", cursorSyncMillis);
        requirePositive("maxRecordBytes", maxRecordBytes);
        if (maxRecordBytes > MAX_RECORD_BYTES_LIMIT) {
            throw new IllegalArgumentException(
                    "maxRecordBytes must be at most " + MAX_RECORD_BYTES_LIMIT + " but was " + maxRecordBytes);
        }
    }

    /** 16 MiB segments, 512 MiB in total, data forced every 200 ms, cursor written every 200 ms, records up to 1 MiB. */
    public static OutboxSettings defaults() {
        return new OutboxSettings(16L << 20, 512L << 20, 200, 200, 1 << 20);
    }

    /** A copy with another {@link #segmentBytes()}. */
    public OutboxSettings withSegmentBytes(long value) {
        return new OutboxSettings(value, maxBytes, syncIntervalMillis, cursorSyncMillis, maxRecordBytes);
    }

    /** A copy with another {@link #maxBytes()}. */
    public OutboxSettings withMaxBytes(long value) {
        return new OutboxSettings(segmentBytes, value, syncIntervalMillis, cursorSyncMillis, maxRecordBytes);
    }

    /** A copy with another {@link #maxRecordBytes()}. */
    public OutboxSettings withMaxRecordBytes(int value) {
        return new OutboxSettings(segmentBytes, maxBytes, syncIntervalMillis, cursorSyncMillis, value);
    }

    private static void requirePositive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive but was " + value);
        }
    }
}
