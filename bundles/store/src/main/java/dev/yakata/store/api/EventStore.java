package dev.yakata.store.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The hub's record, read side. Every control-lane event is stored from the store's own journal cursor, so what a
 * query returns lags the bus by the time of one write batch (see {@link StoreStatus#journalLag()}); telemetry is kept
 * as point history. Thread-safe; every method blocks on the database, so call it from a worker thread, not from a
 * bus listener.
 *
 * <p>Bad arguments (an impossible range, a limit outside 1..10000, a {@code next} token this store did not give, a
 * file name that would leave the export folder) are an {@link IllegalArgumentException} naming the argument. A
 * database that is absent or down is an {@link IllegalStateException} naming the DataSource and the file that
 * configures it ({@code etc/org.ops4j.datasource-yakata.cfg}).
 */
@ProviderType
public interface EventStore {

    /** The largest page any query returns. */
    int MAX_LIMIT = 10_000;

    /** The operator audit trail's chain: commands, policy decisions, log-ins, configuration and shell changes. */
    String AUDIT_CHAIN = "audit";

    /** The Level-3 entry/exit record's chain: every access decision at a Level-3 door. */
    String ACCESS_CHAIN = "access";

    /** Stored events matching the query, oldest first; {@link Page#next()} continues where this page ended. */
    Page<StoredEvent> events(EventQuery query);

    /** Entries of the query's chain ({@link AuditQuery#chain()}, {@code audit} by default) matching it, oldest first. */
    Page<AuditEntry> audit(AuditQuery query);

    /** One point's samples: every change ({@link Resolution#RAW}), or minute or hour rollups, oldest first. */
    Page<HistorySample> history(HistoryQuery query);

    /**
     * Writes every event matching the query's filters (all pages; the query's limit and {@code next} are ignored) as
     * CSV (UTF-8 with a byte order mark, RFC 4180) into the export folder.
     *
     * @param fileName a plain file name in the export folder; one with a path separator, {@code ..}, or an absolute
     *                 path is an {@link IllegalArgumentException}
     */
    ExportResult exportEvents(EventQuery query, String fileName);

    /**
     * As {@link #exportEvents}, for one chain ({@link AuditQuery#chain()}: the audit trail, or the Level-3 access
     * record), in the format the offline verifier reads ({@code yakata-audit-chain.jar}): the chain's signed
     * checkpoints first, then its records by sequence with their hashes.
     * A query by time range only gives a verifiable run of the chain (from just after the newest checkpoint before the
     * range's first record to the range's last record); a user, channel, device or kind filter gives an extract of the
     * matching records without checkpoints, which does not verify. {@link ExportResult#rows()} counts records.
     */
    ExportResult exportAudit(AuditQuery query, String fileName);

    /**
     * Verifies one hash chain as the database holds it: reads its records in sequence order
     * (streaming, so memory does not grow with the chain) and checks them against the chain's signed checkpoints with
     * the hub's public key ({@code etc/yakata-audit.pub}). Names the first record edited, deleted, inserted or
     * reordered, a tail cut after a checkpoint, or a checkpoint whose signature does not hold.
     *
     * @param chain the chain's name: {@link #AUDIT_CHAIN} (the operator audit trail) or {@link #ACCESS_CHAIN} (the
     *              Level-3 entry/exit record); another name is an {@link IllegalArgumentException} listing these
     */
    ChainReport verify(String chain);

    /** Whether the store is writing, and if not why and which setting to fix; counters since start. Never blocks. */
    StoreStatus status();

    /**
     * Applies the configured retention now (the daily job does the same), logs and publishes a {@code store.retention}
     * event with what it removed.
     */
    RetentionReport runRetention();
}
