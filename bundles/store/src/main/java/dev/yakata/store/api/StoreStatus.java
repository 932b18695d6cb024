package dev.yakata.store.api;

import java.time.Instant;

/**
 * What the store is doing.
 *
 * @param connected        whether the last write (or, idle, the schema check) succeeded
 * @param reason           when not connected: why, naming the setting or file to fix; otherwise empty
 * @param schemaVersion    the schema version migrated to, empty before the first migration
 * @param journalLag       control events journaled but not yet stored
 * @param eventsWritten    control events stored since start
 * @param auditWritten     audit entries written since start
 * @param samplesWritten   raw point samples written since start
 * @param telemetryDropped point changes not stored because the history queue was full or the database was down
 * @param lastRetention    the last retention run, or {@code null} before the first
 * @param auditChain       how the audit trail is made tamper-evident: the hash, how often checkpoints are signed,
 *                         the key id and the public key file
 * @param auditProblem     empty while checkpoints are signed; otherwise why not (a key file, naming it and the fix):
 *                         the audit trail is then still hash-chained, but a cut tail would not show
 */
public record StoreStatus(boolean connected, String reason, String schemaVersion, long journalLag, long eventsWritten,
        long auditWritten, long samplesWritten, long telemetryDropped, RetentionReport lastRetention,
        String auditChain, String auditProblem) {

    /** When the last retention run finished, or {@code null}. */
    public Instant lastRetentionRun() {
        return lastRetention == null ? null : lastRetention.finishedAt();
    }
}
