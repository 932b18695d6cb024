package dev.yakata.store.api;

import java.time.Instant;

/**
 * What one retention run removed, per class of record.
 *
 * @param finishedAt     when it ended
 * @param controlEvents  stored control events removed ({@code retentionControlDays})
 * @param auditEntries   audit entries removed ({@code retentionAuditDays}; only whole records below a checkpoint)
 * @param rawSamples     raw point samples removed ({@code retentionRawHistoryDays})
 * @param minuteRollups  minute rollups removed ({@code retentionMinuteRollupDays})
 * @param hourRollups    hour rollups removed ({@code retentionHourRollupDays})
 * @param note           anything an operator should know (an audit retention that could not prune), or empty
 */
public record RetentionReport(Instant finishedAt, long controlEvents, long auditEntries, long rawSamples,
        long minuteRollups, long hourRollups, String note) {
}
