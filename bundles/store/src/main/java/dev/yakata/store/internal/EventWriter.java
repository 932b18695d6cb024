package dev.yakata.store.internal;

import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventTypes;
import dev.yakata.api.event.Severity;
import dev.yakata.eventjson.EventJson;
import dev.yakata.journal.api.JournalCursor;
import dev.yakata.journal.api.JournalEntry;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread {@code yakata-store-writer}: moves the store's journal cursor into the database, one transaction per
 * batch of up to {@link StoreSettings#writeBatchSize()} entries, with the audit records projected from them in the
 * same transaction.
 *
 * <p><b>Exactly once.</b> The cursor is committed only after the database committed. After a crash between the two,
 * the cursor replays entries already stored: on every (re)connection the writer reads the highest stored journal
 * position and skips entries at or below it. A commit whose outcome is unknown (the connection broke during it) is
 * settled the same way.
 *
 * <p><b>Outages.</b> On any failure the transaction is rolled back, the cursor rewound to its last commit, and the
 * writer waits (1 s, doubling to 30 s) and tries again, in journal order. The first failure of an outage publishes
 * one {@code store.unavailable} (ALARM) with the reason; the first batch written after it publishes
 * {@code store.recovered}. Both are control events, so they are journaled and stored too.
 */
final class EventWriter implements Runnable {

    /** Test seam: runs right after the database committed a batch, before the cursor commits it. */
    interface AfterCommit {
        void committed(long lastPosition) throws InterruptedException;
    }

    static final String SOURCE = "store";
    static final long FIRST_BACKOFF_MILLIS = 1000;
    static final long MAX_BACKOFF_MILLIS = 30_000;

    private static final Logger LOG = LoggerFactory.getLogger(EventWriter.class);

    private final StoreSettings settings;
    private final StoreDatabase database;
    private final JournalCursor cursor;
    private final Consumer<Event> publisher;
    private final AuditChainer chainer;
    private final StoreState state;
    private final Tables tables;
    private volatile AfterCommit afterCommit = position -> { };
    private volatile boolean running = true;

    private Connection connection;
    private int connectionGeneration = -1;
    private PreparedStatement insertEvent;
    private PreparedStatement insertAudit;
    private long highestStored;
    private long chainSequence;
    private String chainHead = "";

    private long backoffMillis;
    private Instant outageSince;
    private String outageReason;

    EventWriter(StoreSettings settings, StoreDatabase database, JournalCursor cursor, Consumer<Event> publisher,
            AuditChainer chainer, StoreState state) {
        this.settings = settings;
        this.database = database;
        this.cursor = cursor;
        this.publisher = publisher;
        this.chainer = chainer;
        this.state = state;
        this.tables = new Tables(settings.schema());
    }

    void afterCommit(AfterCommit hook) {
        afterCommit = hook;
    }

    void stop() {
        running = false;
    }

    @Override
    public void run() {
        try {
            // A store restarted on a journal that stayed open (a configuration change) reads again from its commit.
            cursor.rewind();
        } catch (IOException e) {
            LOG.error("Event store: rewinding the journal cursor failed", e);
        }
        try {
            while (running) {
                try {
                    writeOnce();
                } catch (InterruptedException e) {
                    return;
                } catch (Exception | LinkageError e) {
                    failed(e);
                    if (!pause(backoffMillis)) {
                        return;
                    }
                }
            }
        } finally {
            signAtStop();
            closeConnection();
        }
    }

    /** A clean stop signs the head the writer holds, so a tail cut after the stop shows. */
    private void signAtStop() {
        if (connection == null) {
            return;
        }
        try {
            chainer.checkpoint(connection, tables, AuditProjector.CHAIN, chainSequence, chainHead, true);
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Event store: signing the audit chain's checkpoint at stop failed: {}", e.getMessage());
        }
    }

    /** One round: wait for a DataSource, (re)connect and migrate when needed, write one batch. */
    private void writeOnce() throws Exception {
        DataSource dataSource = database.current();
        int generation = database.generation();
        if (dataSource == null) {
            closeConnection();
            state.notConnected("waiting for " + settings.dataSourceHint()
                    + ": install the store's JDBC feature and that file; control events wait in the journal");
            pause(250);
            return;
        }
        if (connection == null || connectionGeneration != generation) {
            connect(dataSource, generation);
        }
        List<JournalEntry> batch = cursor.poll(settings.writeBatchSize(), 200);
        if (batch.isEmpty()) {
            if (outageSince != null) {
                recovered(); // connected again, and nothing was waiting
            }
            chainer.checkpoint(connection, tables, AuditProjector.CHAIN, chainSequence, chainHead, false);
            return;
        }
        write(batch);
        if (outageSince != null) {
            recovered();
        }
        backoffMillis = 0;
        state.connected();
        chainer.checkpoint(connection, tables, AuditProjector.CHAIN, chainSequence, chainHead, false);
    }

    private void connect(DataSource dataSource, int generation) throws SQLException {
        closeConnection();
        state.schemaVersion = SchemaMigrator.migrate(dataSource, settings.schema(), null);
        database.migrated(generation);
        Connection c = dataSource.getConnection();
        try {
            c.setAutoCommit(false);
            long stored = 0;
            try (Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("SELECT MAX(journal_position) FROM " + tables.events)) {
                if (r.next()) {
                    stored = r.getLong(1);
                }
            }
            readChainHead(c);
            c.commit();
            insertEvent = c.prepareStatement("INSERT INTO " + tables.events + " (journal_position, event_id, time_ns, "
                    + "source, type, subject, zone, severity, seq, correlation_id, actor, device_time_ns, data) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
            insertAudit = c.prepareStatement("INSERT INTO " + tables.audit + " (chain_name, chain_seq, time_ns, kind, "
                    + "user_name, channel, device, action, arguments, outcome, reason, event_id, journal_position, "
                    + "correlation_id, previous_hash, record_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
            highestStored = stored;
            connection = c;
            connectionGeneration = generation;
            state.connected();
            if (stored > cursor.committed()) {
                LOG.info("Event store: the journal cursor is at {} but the store holds up to {}: skipping what is "
                        + "already stored", cursor.committed(), stored);
            }
        } catch (SQLException | RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
    }

    /** The chain continues from its last record, or from its last checkpoint when retention removed the records. */
    private void readChainHead(Connection c) throws SQLException {
        chainSequence = 0;
        chainHead = chainer.genesis();
        try (PreparedStatement s = c.prepareStatement("SELECT chain_seq, record_hash FROM " + tables.audit
                + " WHERE chain_name = ? ORDER BY chain_seq DESC LIMIT 1")) {
            s.setString(1, AuditProjector.CHAIN);
            try (ResultSet r = s.executeQuery()) {
                if (r.next()) {
                    chainSequence = r.getLong(1);
                    chainHead = r.getString(2);
                }
            }
        }
        try (PreparedStatement s = c.prepareStatement("SELECT entry_count, head_hash FROM " + tables.checkpoints
                + " WHERE chain_name = ? ORDER BY entry_count DESC LIMIT 1")) {
            s.setString(1, AuditProjector.CHAIN);
            try (ResultSet r = s.executeQuery()) {
                if (r.next() && r.getLong(1) > chainSequence) {
                    chainSequence = r.getLong(1);
                    chainHead = r.getString(2);
                }
            }
        }
    }

    private void write(List<JournalEntry> batch) throws SQLException, InterruptedException {
        long last = batch.get(batch.size() - 1).position();
        List<AuditRecord> audit = new ArrayList<>();
        long sequence = chainSequence;
        String head = chainHead;
        int events = 0;
        for (JournalEntry entry : batch) {
            if (entry.position() <= highestStored) {
                continue; // stored before a crash or an unknown commit outcome; the cursor had not committed it
            }
            Event event = entry.event();
            bindEvent(entry.position(), event);
            insertEvent.addBatch();
            events++;
            AuditRecord record = AuditProjector.project(event, entry.position());
            if (record != null) {
                record = record.cleaned(); // hashed exactly as stored
                sequence++;
                record = record.withChain(sequence, head, "");
                record = record.withChain(sequence, head, chainer.hash(record));
                head = record.hash();
                bindAudit(record);
                insertAudit.addBatch();
                audit.add(record);
            }
        }
        if (events > 0) {
            insertEvent.executeBatch();
            if (!audit.isEmpty()) {
                insertAudit.executeBatch();
            }
            connection.commit();
            highestStored = last;
            chainSequence = sequence;
            chainHead = head;
            state.eventsWritten.add(events);
            state.auditWritten.add(audit.size());
            afterCommit.committed(last);
        }
        cursor.commit(last);
    }

    private void bindEvent(long position, Event e) throws SQLException {
        PreparedStatement s = insertEvent;
        s.setLong(1, position);
        s.setString(2, clean(e.id()));
        s.setLong(3, Times.nanos(e.time()));
        s.setString(4, clean(e.source()));
        s.setString(5, clean(e.type()));
        s.setString(6, clean(e.subject()));
        s.setString(7, clean(e.zone()));
        s.setString(8, e.severity().name());
        s.setLong(9, e.sequence());
        s.setString(10, clean(e.correlationId()));
        s.setString(11, clean(e.actor()));
        if (e.deviceTime() == null) {
            s.setNull(12, Types.BIGINT);
        } else {
            s.setLong(12, Times.nanos(e.deviceTime()));
        }
        s.setString(13, EventJson.valueToJson(e.data()));
    }

    private void bindAudit(AuditRecord a) throws SQLException {
        PreparedStatement s = insertAudit;
        s.setString(1, a.chain());
        s.setLong(2, a.sequence());
        s.setLong(3, a.timeNanos());
        s.setString(4, clean(a.kind()));
        s.setString(5, clean(a.user()));
        s.setString(6, clean(a.channel()));
        s.setString(7, clean(a.device()));
        s.setString(8, clean(a.action()));
        s.setString(9, a.argumentsJson());
        s.setString(10, clean(a.outcome()));
        s.setString(11, clean(a.reason()));
        s.setString(12, clean(a.eventId()));
        s.setLong(13, a.journalPosition());
        s.setString(14, clean(a.correlationId()));
        s.setString(15, a.previousHash());
        s.setString(16, a.hash());
    }

    /**
     * PostgreSQL refuses NUL in text; an event carrying one must not stop the store (JSON escapes it anyway). A lone
     * surrogate (no Unicode, so no hash and no UTF-8) becomes U+FFFD.
     */
    static String clean(String text) {
        String t = text.indexOf('\0') < 0 ? text : text.replace("\0", "\\u0000");
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (Character.isSurrogate(c)) {
                boolean paired = Character.isHighSurrogate(c) && i + 1 < t.length()
                        && Character.isLowSurrogate(t.charAt(i + 1));
                if (!paired) {
                    StringBuilder b = new StringBuilder(t);
                    b.setCharAt(i, '\uFFFD');
                    t = b.toString();
                } else {
                    i++;
                }
            }
        }
        return t;
    }

    private void failed(Throwable e) {
        rollbackQuietly();
        closeConnection();
        try {
            cursor.rewind();
        } catch (IOException io) {
            LOG.error("Event store: rewinding the journal cursor failed", io);
        }
        backoffMillis = backoffMillis == 0 ? FIRST_BACKOFF_MILLIS : Math.min(backoffMillis * 2, MAX_BACKOFF_MILLIS);
        String reason = describe(e);
        state.notConnected(reason + "; retrying in " + backoffMillis / 1000 + " s (control events wait in the journal)");
        if (outageSince == null) {
            outageSince = Instant.now();
            outageReason = reason;
            LOG.error("Event store: writing stopped: {}; control events wait in the journal and are stored when it "
                    + "works again", reason);
            LOG.debug("Event store: the failure", e);
            publisher.accept(Event.builder(EventTypes.STORE_UNAVAILABLE, SOURCE).severity(Severity.ALARM)
                    .put("reason", reason).put("dataSource", settings.dataSourceTarget())
                    .put("journalLag", cursor.lag()).build());
        } else if (!reason.equals(outageReason)) {
            outageReason = reason;
            LOG.warn("Event store: still not writing: {}", reason);
        }
    }

    private void recovered() {
        Duration outage = Duration.between(outageSince, Instant.now());
        LOG.info("Event store: writing again after {} s without ({})", outage.toSeconds(), outageReason);
        publisher.accept(Event.builder(EventTypes.STORE_RECOVERED, SOURCE)
                .put("outageSeconds", outage.toMillis() / 1000.0).put("reason", outageReason)
                .put("dataSource", settings.dataSourceTarget()).build());
        outageSince = null;
        outageReason = null;
    }

    /** The reason for the status and the events: what failed, the database's words (short), and where to look. */
    private String describe(Throwable e) {
        if (e instanceof IllegalStateException && e.getMessage() != null && e.getMessage().contains("migrat")) {
            return e.getMessage() + " (" + settings.dataSourceHint() + ")";
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String state = e instanceof SQLException sql && sql.getSQLState() != null
                ? " (SQL state " + sql.getSQLState() + ")" : "";
        return "writing to " + settings.dataSourceHint() + " failed: " + shorten(root.getMessage() == null
                ? root.toString() : root.getMessage()) + state;
    }

    /** A driver's message can carry a whole batch of statements; the first line, cut at 300 characters, says enough. */
    private static String shorten(String message) {
        int nl = message.indexOf('\n');
        String line = nl < 0 ? message : message.substring(0, nl);
        return line.length() <= 300 ? line : line.substring(0, 300) + "...";
    }

    private void rollbackQuietly() {
        if (connection != null) {
            try {
                connection.rollback();
            } catch (SQLException | RuntimeException ignored) {
                // the connection is going anyway
            }
        }
    }

    private void closeConnection() {
        if (connection != null) {
            closeQuietly(connection);
        }
        connection = null;
        insertEvent = null;
        insertAudit = null;
        connectionGeneration = -1;
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException | RuntimeException ignored) {
            // nothing to do about a connection that will not close
        }
    }

    private boolean pause(long millis) {
        try {
            Thread.sleep(millis);
            return running;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
