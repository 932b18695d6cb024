package dev.yakata.journal.internal;

/**
 * How a {@link SegmentedJournal} uses the disk. Each check names the setting, the value and what to set instead, in
 * the words of the {@code dev.yakata.journal} configuration.
 *
 * @param segmentBytes       size at which the journal starts a new segment file; space is freed one whole segment at
 *                           a time, so smaller segments free it sooner and larger ones mean fewer files
 * @param maxBytes           limit on the bytes of all segment files; beyond it the oldest segment is removed, never
 *                           an append refused
 * @param syncIntervalMillis how often a background thread forces appended records to the disk; bounds what a power
 *                           loss can take (a killed process loses nothing either way)
 * @param cursorSyncMillis   how often, at most, each named cursor's committed position is written to disk; a crash
 *                           replays at most this much of what consumers had committed
 * @param maxRecordBytes     largest encoded event accepted; also the largest length believed when reading a file
 */
public record JournalSettings(long segmentBytes, long maxBytes, long syncIntervalMillis, long cursorSyncMillis,
        int maxRecordBytes) {

    public static final long DEFAULT_SEGMENT_BYTES = 16L << 20;
    public static final long DEFAULT_MAX_BYTES = 512L << 20;
    public static final long DEFAULT_SYNC_INTERVAL_MILLIS = 200;
    public static final long DEFAULT_CURSOR_SYNC_MILLIS = 200;
    public static final int DEFAULT_MAX_RECORD_BYTES = 1 << 20;

    static final long MIN_SEGMENT_BYTES = 1024;
    static final long MAX_SEGMENT_BYTES = 1L << 30;
    static final long MAX_INTERVAL_MILLIS = 60_000;
    static final int MAX_RECORD_BYTES_LIMIT = 64 << 20;

    public JournalSettings {
        if (segmentBytes < MIN_SEGMENT_BYTES || segmentBytes > MAX_SEGMENT_BYTES) {
            throw new IllegalArgumentException("segmentBytes = " + segmentBytes + " is out of range: set it between "
                    + MIN_SEGMENT_BYTES + " and " + MAX_SEGMENT_BYTES + " bytes (default " + DEFAULT_SEGMENT_BYTES
                    + ", 16 MiB)");
        }
        if (maxBytes < 2 * segmentBytes) {
            throw new IllegalArgumentException("maxBytes = " + maxBytes + " is less than two segments (segmentBytes = "
                    + segmentBytes + "): set maxBytes to at least " + 2 * segmentBytes
                    + " bytes, or lower segmentBytes (default maxBytes " + DEFAULT_MAX_BYTES + ", 512 MiB)");
        }
        checkInterval("syncIntervalMillis", syncIntervalMillis, DEFAULT_SYNC_INTERVAL_MILLIS);
        checkInterval("cursorSyncMillis", cursorSyncMillis, DEFAULT_CURSOR_SYNC_MILLIS);
        if (maxRecordBytes < 1 || maxRecordBytes > MAX_RECORD_BYTES_LIMIT) {
            throw new IllegalArgumentException("maxRecordBytes = " + maxRecordBytes + " is out of range: set it "
                    + "between 1 and " + MAX_RECORD_BYTES_LIMIT + " bytes (default " + DEFAULT_MAX_RECORD_BYTES + ")");
        }
    }

    private static void checkInterval(String key, long value, long defaultValue) {
        if (value < 1 || value > MAX_INTERVAL_MILLIS) {
            throw new IllegalArgumentException(key + " = " + value + " is out of range: set it between 1 and "
                    + MAX_INTERVAL_MILLIS + " ms (default " + defaultValue + ")");
        }
    }

    /** 16 MiB segments, 512 MiB in all, records forced every 200 ms, cursors written every 200 ms, events to 1 MiB. */
    public static JournalSettings defaults() {
        return new JournalSettings(DEFAULT_SEGMENT_BYTES, DEFAULT_MAX_BYTES, DEFAULT_SYNC_INTERVAL_MILLIS,
                DEFAULT_CURSOR_SYNC_MILLIS, DEFAULT_MAX_RECORD_BYTES);
    }

    public JournalSettings withSegmentBytes(long value) {
        return new JournalSettings(value, maxBytes, syncIntervalMillis, cursorSyncMillis, maxRecordBytes);
    }

    public JournalSettings withMaxBytes(long value) {
        return new JournalSettings(segmentBytes, value, syncIntervalMillis, cursorSyncMillis, maxRecordBytes);
    }

    public JournalSettings withSyncIntervalMillis(long value) {
        return new JournalSettings(segmentBytes, maxBytes, value, cursorSyncMillis, maxRecordBytes);
    }

    public JournalSettings withCursorSyncMillis(long value) {
        return new JournalSettings(segmentBytes, maxBytes, syncIntervalMillis, value, maxRecordBytes);
    }

    public JournalSettings withMaxRecordBytes(int value) {
        return new JournalSettings(segmentBytes, maxBytes, syncIntervalMillis, cursorSyncMillis, value);
    }
}
