package dev.yakata.store.internal;

import dev.yakata.chain.AuditFields;
import dev.yakata.chain.ChainVerifier;
import dev.yakata.chain.ChainedRecord;
import dev.yakata.chain.Checkpoint;
import dev.yakata.chain.VerifyReport;
import dev.yakata.store.api.ChainReport;
import java.security.PublicKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Verifies one chain as the database holds it, with the library's {@link ChainVerifier}: the records are read once in
 * sequence order through a cursor ({@value #FETCH_SIZE} rows a fetch), a few batches ahead of the verifier, so memory
 * does not grow with the chain; the checkpoints (one a minute at most) are read first.
 */
final class ChainVerification {

    static final int FETCH_SIZE = 10_000;

    /*
     * ORDER_BY_THE_KEY: every query that reads one chain in sequence order names the whole primary key,
     * "ORDER BY chain_name, chain_seq", though chain_name is fixed by the WHERE. H2 2.3 reads the key's index in
     * order ("index sorted" in its plan) only when the ORDER BY lists the index's leading columns; "ORDER BY
     * chain_seq" alone made it sort the whole chain first, on disk: for 1,000,000 records, 12-60 s before the first
     * row of a verify, and 22 s for the writer's "last record" at every (re)connection. PostgreSQL plans both alike.
     */

    private ChainVerification() {
    }

    static ChainReport verify(Connection c, Tables tables, String chain, Collection<PublicKey> trusted)
            throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false); // PostgreSQL streams a result set only inside a transaction
        boolean h2 = lazy(c, true); // H2 otherwise builds the whole result (on disk past a limit) before the first row
        try {
            List<Checkpoint> checkpoints = checkpoints(c, tables, chain);
            try (PreparedStatement s = c.prepareStatement("SELECT chain_seq, time_ns, kind, user_name, channel, device, "
                    + "action, arguments, outcome, reason, event_id, previous_hash, record_hash FROM " + tables.audit
                    + " WHERE chain_name = ? ORDER BY chain_name, chain_seq")) { // see ORDER_BY_THE_KEY
                s.setFetchSize(FETCH_SIZE);
                s.setString(1, chain);
                // The rows are read on a thread of their own while the verifier hashes, so the database's read and
                // the hashing share the two cores instead of taking turns (H2: 10.3 s for a million, one thread).
                try (ResultSet r = s.executeQuery(); PrefetchedRows rows = new PrefetchedRows(chain, r)) {
                    VerifyReport report;
                    try {
                        report = new ChainVerifier(trusted).verify(chain, rows, checkpoints);
                    } catch (Unchecked e) {
                        throw e.getCause();
                    }
                    return report(report, trusted.isEmpty());
                }
            }
        } finally {
            c.rollback();
            if (h2) {
                lazy(c, false);
            }
            c.setAutoCommit(autoCommit);
        }
    }

    /** Turns H2's lazy query execution on or off; false (and nothing done) on another database. */
    static boolean lazy(Connection c, boolean on) throws SQLException {
        if (!"H2".equals(c.getMetaData().getDatabaseProductName())) {
            return false;
        }
        try (java.sql.Statement s = c.createStatement()) {
            s.execute("SET LAZY_QUERY_EXECUTION " + (on ? 1 : 0));
        }
        return true;
    }

    static List<Checkpoint> checkpoints(Connection c, Tables tables, String chain) throws SQLException {
        List<Checkpoint> list = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT entry_count, head_hash, time_ns, key_id, signature FROM "
                + tables.checkpoints + " WHERE chain_name = ? ORDER BY chain_name, entry_count")) {
            s.setString(1, chain);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    list.add(new Checkpoint(chain, r.getLong(1), r.getString(2), Times.instant(r.getLong(3)),
                            r.getString(4), r.getString(5)));
                }
            }
        }
        return list;
    }

    /** The row under the cursor of a {@code SELECT chain_seq, time_ns, kind, ... record_hash} as the library's record. */
    static ChainedRecord record(String chain, ResultSet r) throws SQLException {
        AuditFields f = new AuditFields(Times.instant(r.getLong(2)), r.getString(3), r.getString(4), r.getString(5),
                r.getString(6), r.getString(7), r.getString(8), r.getString(9), r.getString(10), r.getString(11));
        return new ChainedRecord(chain, r.getLong(1), f, r.getString(12), r.getString(13));
    }

    private static ChainReport report(VerifyReport v, boolean noKey) {
        String message;
        if (v.problem() != null) {
            message = v.problem().message();
        } else if (v.recordsChecked() == 0) {
            message = "chain " + v.chain() + " holds no record";
        } else if (v.lastCheckpointTime() == null) {
            message = "every record is chained, but no signed checkpoint vouches for any of them, so a cut tail would "
                    + "not show" + (noKey ? " (the store has no audit public key: see yakata:store-status)" : "");
        } else if (v.lastSequence() > v.lastCheckpointCount()) {
            message = "records up to " + v.lastCheckpointCount() + " are vouched for by the checkpoint signed at "
                    + v.lastCheckpointTime() + "; the " + (v.lastSequence() - v.lastCheckpointCount())
                    + " after it are chained and will be covered by the next checkpoint";
        } else {
            message = "every record is chained and vouched for by the checkpoint signed at " + v.lastCheckpointTime();
        }
        return new ChainReport(v.chain(), v.intact(), v.problem() == null ? "" : v.problem().kind().name(),
                v.problem() == null ? 0 : v.problem().sequence(), message, v.recordsChecked(), v.firstSequence(),
                v.lastSequence(), v.checkpointsChecked(), v.lastCheckpointCount(), v.lastCheckpointTime(),
                v.summary());
    }

    private static final class Unchecked extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unchecked(SQLException cause) {
            super(cause);
        }

        @Override
        public synchronized SQLException getCause() {
            return (SQLException) super.getCause();
        }
    }

    /**
     * The result set as the verifier's iterator, read ahead on a thread of its own ({@code yakata-store-verify-reader})
     * in batches of {@value #BATCH}, at most {@value #BATCHES_AHEAD} batches ahead. Only that thread touches the
     * result set until {@link #close()} has stopped it; a read failure reaches the verifier's thread as {@link Unchecked}.
     */
    private static final class PrefetchedRows implements Iterator<ChainedRecord>, AutoCloseable {
        private static final int BATCH = 1_000;
        private static final int BATCHES_AHEAD = 8;
        /** Put last, after the final batch or a failure; never an empty batch otherwise. */
        private static final List<ChainedRecord> END = new ArrayList<>(0);

        private final BlockingQueue<List<ChainedRecord>> batches = new ArrayBlockingQueue<>(BATCHES_AHEAD);
        private final Thread reader;
        private volatile boolean closed;
        private volatile SQLException failure;
        private Iterator<ChainedRecord> current = Collections.emptyIterator();
        private boolean ended;

        PrefetchedRows(String chain, ResultSet r) {
            reader = new Thread(() -> read(chain, r), "yakata-store-verify-reader");
            reader.setDaemon(true);
            reader.start();
        }

        private void read(String chain, ResultSet r) {
            try {
                List<ChainedRecord> batch = new ArrayList<>(BATCH);
                while (!closed && r.next()) {
                    batch.add(record(chain, r));
                    if (batch.size() == BATCH) {
                        put(batch);
                        batch = new ArrayList<>(BATCH);
                    }
                }
                if (!batch.isEmpty()) {
                    put(batch);
                }
            } catch (SQLException e) {
                failure = e;
            } catch (RuntimeException e) {
                failure = new SQLException("reading the audit chain failed: " + e, e);
            } finally {
                put(END);
            }
        }

        /** Waits for room, unless the verifier has stopped reading (it found its problem, or gave up). */
        private void put(List<ChainedRecord> batch) {
            try {
                while (!closed && !batches.offer(batch, 100, TimeUnit.MILLISECONDS)) {
                    // the verifier is hashing: wait for it
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public boolean hasNext() {
            while (!current.hasNext()) {
                if (ended) {
                    return false;
                }
                List<ChainedRecord> next;
                try {
                    next = batches.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while verifying the audit chain", e);
                }
                if (next == END) {
                    ended = true;
                    if (failure != null) {
                        throw new Unchecked(failure);
                    }
                    return false;
                }
                current = next.iterator();
            }
            return true;
        }

        @Override
        public ChainedRecord next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return current.next();
        }

        /** Stops the reader and waits for it, so the result set is not in use when the caller closes it. */
        @Override
        public void close() {
            closed = true;
            batches.clear();
            try {
                reader.join(TimeUnit.MINUTES.toMillis(1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
