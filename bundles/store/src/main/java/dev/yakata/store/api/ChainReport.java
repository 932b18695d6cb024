package dev.yakata.store.api;

import java.time.Instant;

/**
 * What {@link EventStore#verify(String)} found in one hash chain, as read from the database.
 *
 * @param chain               the chain verified ({@code audit} for the operator trail, {@code access} for the
 *                            Level-3 record)
 * @param intact              whether every record is chained to its predecessor, every signed checkpoint matches the
 *                            record it vouches for, and none vouches for more records than are present
 * @param problem             the first problem's kind, one of {@code EDITED}, {@code DELETED}, {@code INSERTED},
 *                            {@code REORDERED}, {@code TRUNCATED}, {@code BAD_CHECKPOINT}; empty when intact
 * @param problemSequence     the sequence of the record (or the checkpoint's count) where the problem shows first; 0
 *                            when intact
 * @param message             for an auditor: what was found, or when intact what vouches for it; a chain whose records
 *                            no signed checkpoint covers says so here
 * @param recordsChecked      records found sound before the first problem (all of them when intact)
 * @param firstSequence       the first record's sequence (above 1 when retention pruned older records); 0 for none
 * @param lastSequence        the last sound record's sequence; 0 for none
 * @param checkpointsChecked  signed checkpoints matched against their records
 * @param lastCheckpointCount the sequence up to which the newest matched checkpoint vouches; 0 when none matched
 * @param lastCheckpointTime  when that checkpoint was signed, or {@code null} when none matched
 * @param summary             one line for a shell: {@code chain audit: INTACT, ...} or the problem
 */
public record ChainReport(String chain, boolean intact, String problem, long problemSequence, String message,
        long recordsChecked, long firstSequence, long lastSequence, long checkpointsChecked, long lastCheckpointCount,
        Instant lastCheckpointTime, String summary) {

    /** Records after this sequence are chained, but no signature yet proves that none was cut off after them. */
    public long unvouchedRecords() {
        return Math.max(0, lastSequence - lastCheckpointCount);
    }
}
