package dev.yakata.journal.baseline;

import java.util.Arrays;

/**
 * One stored record: its sequence number (unique and increasing across restarts, so a consumer can de-duplicate by
 * it) and its payload. The payload array is the caller's own copy.
 */
public record OutboxRecord(long sequence, byte[] payload) {

    // A record's default equals compares arrays by identity; two reads of the same record should be equal.
    @Override
    public boolean equals(Object other) {
        return other instanceof OutboxRecord that && sequence == that.sequence && Arrays.equals(payload, that.payload);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(sequence) * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "OutboxRecord[sequence=" + sequence + ", " + payload.length + " bytes]";
    }
}
