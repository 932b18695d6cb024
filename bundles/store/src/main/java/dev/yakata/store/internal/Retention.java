package dev.yakata.store.internal;

import dev.yakata.store.api.RetentionReport;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;

/**
 * Removes what the retention settings no longer keep, one class per transaction. The audit trail is pruned only in
 * whole records below the newest checkpoint older than its cutoff, and that checkpoint is kept: a verifier starts
 * from it, so the chain that remains still verifies. With no such checkpoint nothing of the audit trail is removed.
 */
final class Retention {

    private final StoreSettings settings;
    private final Tables tables;

    Retention(StoreSettings settings) {
        this.settings = settings;
        this.tables = new Tables(settings.schema());
    }

    RetentionReport run(Connection c, Instant now) throws SQLException {
        c.setAutoCommit(false);
        long control = deleteBefore(c, "DELETE FROM " + tables.events + " WHERE time_ns < ?",
                settings.retentionControlDays(), now);
        long raw = deleteBefore(c, "DELETE FROM " + tables.samples + " WHERE time_ns < ?",
                settings.retentionRawHistoryDays(), now);
        long minutes = deleteBefore(c, "DELETE FROM " + tables.rollups + " WHERE resolution = 'MINUTE' AND bucket_ns < ?",
                settings.retentionMinuteRollupDays(), now);
        long hours = deleteBefore(c, "DELETE FROM " + tables.rollups + " WHERE resolution = 'HOUR' AND bucket_ns < ?",
                settings.retentionHourRollupDays(), now);
        String note = "";
        long audit = 0;
        if (settings.retentionAuditDays() > 0) {
            long cutoff = Times.nanos(now.minus(Duration.ofDays(settings.retentionAuditDays())));
            long keptCheckpoint = -1;
            try (PreparedStatement s = c.prepareStatement("SELECT MAX(entry_count) FROM " + tables.checkpoints
                    + " WHERE chain_name = ? AND time_ns < ?")) {
                s.setString(1, Chains.AUDIT);
                s.setLong(2, cutoff);
                try (ResultSet r = s.executeQuery()) {
                    if (r.next()) {
                        keptCheckpoint = r.getLong(1);
                        if (r.wasNull()) {
                            keptCheckpoint = -1;
                        }
                    }
                }
            }
            if (keptCheckpoint < 0) {
                note = "audit entries older than " + settings.retentionAuditDays() + " days were kept: no chain "
                        + "checkpoint is older than that, and the trail is pruned only below a kept checkpoint";
            } else {
                // Every record up to the checkpoint, whatever its own time says (an event's time may run ahead of
                // the clock that signed the checkpoint): a record left below it would read as a gap.
                try (PreparedStatement s = c.prepareStatement("DELETE FROM " + tables.audit
                        + " WHERE chain_name = ? AND chain_seq <= ?")) {
                    s.setString(1, Chains.AUDIT);
                    s.setLong(2, keptCheckpoint);
                    audit = s.executeUpdate();
                }
                try (PreparedStatement s = c.prepareStatement("DELETE FROM " + tables.checkpoints
                        + " WHERE chain_name = ? AND entry_count < ?")) {
                    s.setString(1, Chains.AUDIT);
                    s.setLong(2, keptCheckpoint);
                    s.executeUpdate();
                }
                c.commit();
            }
        }
        return new RetentionReport(Instant.now(), control, audit, raw, minutes, hours, note);
    }

    private static long deleteBefore(Connection c, String sql, int days, Instant now) throws SQLException {
        if (days == 0) {
            return 0;
        }
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setLong(1, Times.nanos(now.minus(Duration.ofDays(days))));
            long removed = s.executeLargeUpdate();
            c.commit();
            return removed;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        }
    }
}
