package dev.yakata.chain;

import java.time.Instant;

/**
 * What {@link ChainVerifier} found in one chain: intact, or the first problem in chain order.
 *
 * @param chain the chain's name
 * @param problem the first problem, or null when the chain is intact
 * @param recordsChecked records read and found sound before the verifier stopped (all of them when intact)
 * @param firstSequence the first record's sequence (above 1 when retention removed the oldest), 0 when none
 * @param lastSequence the last sound record's sequence, 0 when none
 * @param checkpointsChecked checkpoints whose signature was verified and whose head was compared with the chain
 *        (checkpoints older than the retained records are only signature-checked and not counted)
 * @param lastCheckpointCount the sequence the newest matched checkpoint vouches for: records after it are chained,
 *        but no signature proves the tail after it was not cut; 0 when none
 * @param lastCheckpointTime when that checkpoint was signed, or null when none
 */
public record VerifyReport(String chain, Problem problem, long recordsChecked, long firstSequence, long lastSequence,
        long checkpointsChecked, long lastCheckpointCount, Instant lastCheckpointTime) {

    /** What went wrong. */
    public enum Kind {
        /** A record's content no longer matches its hash, or it was replaced by one with a recomputed hash. */
        EDITED,
        /** Records are missing: a gap in the sequence, or a record chained to one that is not there. */
        DELETED,
        /** A record that was not in the original chain. */
        INSERTED,
        /** Records out of chain order. */
        REORDERED,
        /** A signed checkpoint vouches for more records than are present: the tail was cut. */
        TRUNCATED,
        /** A checkpoint whose signature is invalid or whose key is not known. */
        BAD_CHECKPOINT
    }

    /**
     * One problem.
     *
     * @param kind what sort
     * @param sequence the sequence of the record (or checkpoint count) where it shows first
     * @param message a sentence saying what was found, for an auditor
     */
    public record Problem(Kind kind, long sequence, String message) {
    }

    public boolean intact() {
        return problem == null;
    }

    /** One line: "chain audit: intact, 1,000 records (1–1000), ..." or the problem. */
    public String summary() {
        String proof = lastCheckpointTime == null ? "no checkpoint matched"
                : String.format("signed up to sequence %d by the checkpoint of %s", lastCheckpointCount, lastCheckpointTime);
        String range = recordsChecked == 0 ? "no record" : String.format("%,d records (%d-%d)", recordsChecked, firstSequence, lastSequence);
        if (problem == null) {
            return String.format("chain %s: INTACT, %s, %,d checkpoints, %s", chain, range, checkpointsChecked, proof);
        }
        return String.format("chain %s: %s at sequence %d: %s (before it: %s sound, %,d checkpoints, %s)", chain, problem.kind,
                problem.sequence, problem.message, range, checkpointsChecked, proof);
    }
}
