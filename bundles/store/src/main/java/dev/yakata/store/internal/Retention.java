package dev.yakata.store.internal;

import dev.yakata.store.api.RetentionReport;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Removes what the retention settings no longer keep, one class per transaction. Each chain ({@link Chains#NAMES},
 * with its own setting) is pruned only in whole records below its newest checkpoint older than its cutoff, and that
 * checkpoint is kept: a verifier starts from it, so the chain that remains still verifies. With no such checkpoint
 * nothing of that chain is removed.
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
        Map<String, Long> pruned = new HashMap<>();
        List<String> notes = new ArrayList<>();
        for (String chain : Chains.NAMES) {
            pruned.put(chain, pruneChain(c, chain, Chains.retentionDays(chain, settings), now, notes));
        }
        return new RetentionReport(Instant.now(), control, pruned.get(Chains.AUDIT), pruned.get(Chains.ACCESS), raw,
                minutes, hours, String.join("; ", notes));
    }

    /** Prunes one chain below its newest checkpoint older than {@code days}; returns the records removed. */
    private long pruneChain(Connection c, String chain, int days, Instant now, List<String> notes)
            throws SQLException {
        if (days == 0) {
            return 0;
        }
        long cutoff = Times.nanos(now.minus(Duration.ofDays(days)));
        try {
            long kept = newestCheckpointBefore(c, chain, cutoff);
            if (kept < 0) {
                if (anyRecordBefore(c, chain, cutoff)) {
                    notes.add(Chains.records(chain) + " older than " + days + " days (" + Chains.retentionKey(chain)
                            + ") were kept: no chain checkpoint of " + chain + " is older than that, and a chain is "
                            + "pruned only below a kept checkpoint");
                }
                c.commit();
                return 0;
            }
            long removed;
            // Every record up to the checkpoint, whatever its own time says (an event's time may run ahead of the
            // clock that signed the checkpoint): a record left below it would read as a gap.
            try (PreparedStatement s = c.prepareStatement("DELETE FROM " + tables.audit
                    + " WHERE chain_name = ? AND chain_seq <= ?")) {
                s.setString(1, chain);
                s.setLong(2, kept);
                removed = s.executeLargeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("DELETE FROM " + tables.checkpoints
                    + " WHERE chain_name = ? AND entry_count < ?")) {
                s.setString(1, chain);
                s.setLong(2, kept);
                s.executeUpdate();
            }
            c.commit();
            return removed;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        }
    }

    /** The count of the chain's newest checkpoint signed before {@code cutoff}, or -1 when there is none. */
    private long newestCheckpointBefore(Connection c, String chain, long cutoff) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT MAX(entry_count) FROM " + tables.checkpoints
                + " WHERE chain_name = ? AND time_ns < ?")) {
            s.setString(1, chain);
            s.setLong(2, cutoff);
            try (ResultSet r = s.executeQuery()) {
                if (r.next()) {
                    long count = r.getLong(1);
                    return r.wasNull() ? -1 : count;
                }
                return -1;
            }
        }
    }

    /** Whether the chain holds a record older than the cutoff (what a note about records kept would be about). */
    private boolean anyRecordBefore(Connection c, String chain, long cutoff) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM " + tables.audit
                + " WHERE chain_name = ? AND time_ns < ? LIMIT 1")) {
            s.setString(1, chain);
            s.setLong(2, cutoff);
            try (ResultSet r = s.executeQuery()) {
                return r.next();
            }
        }
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
