package dev.yakata.store.api;

import java.time.Instant;

/**
 * What one retention run removed, per class of record.
 *
 * @param finishedAt     when it ended
 * @param controlEvents  stored control events removed ({@code retentionControlDays})
 * @param auditEntries   audit entries removed ({@code retentionAuditDays}; only whole records below a checkpoint)
 * @param accessEntries  records of the Level-3 access chain removed ({@code retentionAccessDays}; only whole records
 *                       below a checkpoint)
 * @param rawSamples     raw point samples removed ({@code retentionRawHistoryDays})
 * @param minuteRollups  minute rollups removed ({@code retentionMinuteRollupDays})
 * @param hourRollups    hour rollups removed ({@code retentionHourRollupDays})
 * @param note           anything an operator should know (a chain's retention that could not prune), or empty
 * @since 0.3.0 ({@code accessEntries})
 */
public record RetentionReport(Instant finishedAt, long controlEvents, long auditEntries, long accessEntries,
        long rawSamples, long minuteRollups, long hourRollups, String note) {

    /** A report without the access chain, as before it existed (0.2): none of its records removed. */
    public RetentionReport(Instant finishedAt, long controlEvents, long auditEntries, long rawSamples,
            long minuteRollups, long hourRollups, String note) {
        this(finishedAt, controlEvents, auditEntries, 0, rawSamples, minuteRollups, hourRollups, note);
    }
}
