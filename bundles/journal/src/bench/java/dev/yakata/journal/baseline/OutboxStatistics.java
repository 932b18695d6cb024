package dev.yakata.journal.baseline;

/**
 * A snapshot of an {@link Outbox}'s counters; cheap to take from any thread.
 *
 * @param appended records appended by this instance since it was opened
 * @param acknowledged highest acknowledged sequence number (0 if none)
 * @param lastSequence highest appended sequence number (0 if none)
 * @param pending records appended but not yet acknowledged ({@code lastSequence - acknowledged})
 * @param bytesOnDisk bytes held by segment files, the quantity limited by {@link OutboxSettings#maxBytes()}
 * @param segments number of segment files
 * @param corruptRecordsSkipped records found damaged on disk (checksum, length or sequence wrong) and skipped since
 *        open; each is logged once with its file and offset
 * @param rejectedFull appends refused with {@link OutboxFullException} since open
 */
public record OutboxStatistics(long appended, long acknowledged, long lastSequence, long pending, long bytesOnDisk,
        int segments, long corruptRecordsSkipped, long rejectedFull) {
}
