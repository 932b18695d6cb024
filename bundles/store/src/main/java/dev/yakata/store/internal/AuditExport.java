package dev.yakata.store.internal;

import dev.yakata.chain.AuditCsv;
import dev.yakata.chain.Checkpoint;
import dev.yakata.store.api.AuditQuery;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The export of one chain (the query's: the audit trail or the Level-3 access record) in the library's
 * {@link AuditCsv} format, which the offline verifier reads: the chain's signed checkpoints first, then its records
 * by sequence, straight from the database columns that were hashed.
 *
 * <p>An export by time range only is a verifiable run of the chain: it starts just after the newest checkpoint below
 * the range's first record (or at the chain's first record) and ends at the range's last record, and carries the
 * checkpoints within that run. An export with a user, channel, device or kind filter is an extract of the records
 * that match, without checkpoints: readable, but the offline verifier reports the records between them as missing.
 */
final class AuditExport {

    private static final String COLUMNS = "SELECT chain_seq, time_ns, kind, user_name, channel, device, action, "
            + "arguments, outcome, reason, event_id, previous_hash, record_hash FROM ";

    private AuditExport() {
    }

    /** Writes the export (the byte order mark first) and returns the number of records written. */
    static long write(Connection c, Tables tables, AuditQuery q, OutputStream out) throws SQLException, IOException {
        String chain = Chains.check(q.chain());
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false); // PostgreSQL streams a result set only inside a transaction
        try (AuditCsv.Writer csv = new AuditCsv.Writer(out)) {
            boolean extract = !q.user().isEmpty() || !q.channel().isEmpty() || !q.device().isEmpty()
                    || !q.kind().isEmpty();
            long rows = extract ? extract(c, tables, chain, q, csv) : run(c, tables, chain, q, csv);
            csv.flush();
            return rows;
        } finally {
            c.rollback();
            c.setAutoCommit(autoCommit);
        }
    }

    private static long run(Connection c, Tables tables, String chain, AuditQuery q, AuditCsv.Writer csv)
            throws SQLException, IOException {
        long first;
        long last;
        try (PreparedStatement s = c.prepareStatement("SELECT MIN(chain_seq), MAX(chain_seq) FROM " + tables.audit
                + " WHERE chain_name = ? AND time_ns >= ? AND time_ns < ?")) {
            s.setString(1, chain);
            s.setLong(2, Times.nanos(q.from()));
            s.setLong(3, Times.nanos(q.to()));
            try (ResultSet r = s.executeQuery()) {
                r.next();
                first = r.getLong(1);
                if (r.wasNull()) {
                    return 0;
                }
                last = r.getLong(2);
            }
        }
        List<Checkpoint> within = new ArrayList<>();
        long anchor = 0;
        for (Checkpoint cp : ChainVerification.checkpoints(c, tables, chain)) {
            if (cp.count() < first) {
                anchor = cp.count(); // ascending: the newest below the first record wins
            }
        }
        for (Checkpoint cp : ChainVerification.checkpoints(c, tables, chain)) {
            if (cp.count() >= anchor && cp.count() <= last && (cp.count() > 0 || anchor == 0)) {
                within.add(cp);
            }
        }
        for (Checkpoint cp : within) {
            csv.checkpoint(cp);
        }
        try (PreparedStatement s = c.prepareStatement(COLUMNS + tables.audit
                + " WHERE chain_name = ? AND chain_seq > ? AND chain_seq <= ? ORDER BY chain_name, chain_seq")) {
            // the whole key, so H2 reads its index in order instead of sorting the chain (ChainVerification)
            s.setFetchSize(ChainVerification.FETCH_SIZE);
            s.setString(1, chain);
            s.setLong(2, anchor);
            s.setLong(3, last);
            return records(chain, s, csv);
        }
    }

    private static long extract(Connection c, Tables tables, String chain, AuditQuery q, AuditCsv.Writer csv)
            throws SQLException, IOException {
        StringBuilder where = new StringBuilder(" WHERE chain_name = ? AND time_ns >= ? AND time_ns < ?");
        List<Object> p = new ArrayList<>(List.of(chain, Times.nanos(q.from()), Times.nanos(q.to())));
        StoreQueries.equal(where, p, "user_name", q.user());
        StoreQueries.equal(where, p, "channel", q.channel());
        StoreQueries.equal(where, p, "device", q.device());
        StoreQueries.typeFilter(where, p, "kind", q.kind()); // as the audit query filters
        try (PreparedStatement s = c.prepareStatement(COLUMNS + tables.audit + where + " ORDER BY chain_seq")) {
            s.setFetchSize(ChainVerification.FETCH_SIZE);
            for (int i = 0; i < p.size(); i++) {
                if (p.get(i) instanceof Long n) {
                    s.setLong(i + 1, n);
                } else {
                    s.setString(i + 1, (String) p.get(i));
                }
            }
            return records(chain, s, csv);
        }
    }

    private static long records(String chain, PreparedStatement s, AuditCsv.Writer csv)
            throws SQLException, IOException {
        long rows = 0;
        try (ResultSet r = s.executeQuery()) {
            while (r.next()) {
                csv.record(ChainVerification.record(chain, r));
                rows++;
            }
        }
        return rows;
    }
}
