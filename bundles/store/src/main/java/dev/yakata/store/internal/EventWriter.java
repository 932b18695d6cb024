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
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread {@code yakata-store-writer}: moves the store's journal cursor into the database, one transaction per
 * batch of up to {@link StoreSettings#writeBatchSize()} entries, with the chains' records projected from them
 * ({@link Chains#project}) in the same transaction.
 *
 * <p><b>Chains.</b> The writer is the one writer of every chain ({@link Chains#NAMES}): it holds each chain's head
 * (its last sequence and hash) in memory, read on every (re)connection from the chain's last record, or from its last
 * checkpoint when retention removed the records. A batch numbers each chain's new records on from its head, and the
 * heads move only once the database committed, so a rolled-back batch numbers the same records the same way again.
 * After each round, and at a clean stop, it has each chain's head signed ({@link AuditChainer#checkpoint}).
 *
 * <p><b>Exactly once.</b> The cursor is committed only after the database committed. After a crash between the two,
 * the cursor replays entries already stored: on every (re)connection the writer reads the highest stored journal
 * position and skips entries at or below it. A commit whose outcome is unknown (the connection broke during it) is
 * settled the same way.
 *
 * <p><b>Pipeline.</b> The thread {@code yakata-store-preparer} reads the next batch from the journal, decodes it, encodes
 * its JSON and computes its chain records' hashes (from the heads the batch being written will leave) while this
 * thread has the batch before it in the database, so the CPU work and the database's overlap. Only the preparer polls
 * the cursor; this thread commits it (an atomic move of the committed position, safe beside a poll: see
 * {@link JournalCursor}) and rewinds it only once the preparer is idle. A batch prepared ahead is thrown away whenever
 * the one before it fails or the connection changes: the cursor is rewound to its last commit and the next batch is
 * prepared again from the committed heads, so nothing is lost, nothing is written twice and the chains stay unbroken
 * (PreparerFailureTest).
 *
 * <p><b>Outages.</b> On any failure the transaction is rolled back, the cursor rewound to its last commit, and the
 * writer waits (1 s, doubling to 30 s) and tries again, in journal order. The first failure of an outage publishes
 * one {@code store.unavailable} (ALARM) with the reason; {@code store.recovered} follows once the writer has caught up
 * with the journal again (to within one batch), so a failure while catching up is the same outage. Both are control
 * events, so they are journaled and stored too.
 */
final class EventWriter implements Runnable {

    /** Test seam: runs right after the database committed a batch, before the cursor commits it. */
    interface AfterCommit {
        void committed(long lastPosition) throws InterruptedException;
    }

    static final String SOURCE = "store";
    static final long FIRST_BACKOFF_MILLIS = 1000;
    static final long MAX_BACKOFF_MILLIS = 30_000;
    /** How long a partial batch gathers more before it is written (see gatherMore). */
    static final long GATHER_MILLIS = 25;
    /**
     * H2's page cache, in KiB, set with WRITE_DELAY (one cache per database). The default 16 MiB held a one-day
     * query's pages (each row of a door's day on a page of its own) just long enough for every young collection to
     * copy them: 80-130 ms pauses every 60 queries or so, the query's p99 (60-110 ms). With 2 MiB the pauses were
     * 7-12 ms and the p99 16-18 ms (BENCHMARKS.md, Store); the writer's pages are the right edges of the B-trees,
     * which stay cached.
     */
    static final int H2_CACHE_KIB = 2048;

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
    /** The preparer (one thread, so batches are polled in journal order); created by run(). */
    private ExecutorService preparer;
    /** The next batch, prepared (or being prepared) while the current one is written; null when none. */
    private Future<PreparedBatch> ahead;

    private Connection connection;
    private int connectionGeneration = -1;
    /** The JDBC URL of the database last connected to, for messages; empty before the first connection. */
    private String databaseUrl = "";
    private PreparedStatement insertEvent;
    private PreparedStatement insertAudit;
    private long highestStored;
    /** Each chain's head as committed, in {@link Chains#NAMES} order. */
    private Map<String, ChainHead> heads = Map.of();

    /** Set when the database holds positions this journal never had: refuse to write until restarted. */
    private String journalMismatch;
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
        preparer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "yakata-store-preparer");
            t.setDaemon(true);
            return t;
        });
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
            discardAhead();
            preparer.shutdown();
            signAtStop();
            closeConnection();
        }
    }

    /** One entry's event row, every text cleaned as it is stored; {@code deviceTimeNanos} null for none. */
    record EventRow(long position, String id, long timeNanos, String source, String type, String subject, String zone,
            String severity, long sequence, String correlationId, String actor, Long deviceTimeNanos, String data) {
    }

    /**
     * A batch ready to bind: its rows (entries at or below the highest stored left out), the chain records with their
     * sequences and hashes, the heads they leave, and the journal position the cursor commits once it is written.
     */
    record PreparedBatch(long last, List<EventRow> rows, List<AuditRecord> records, int auditRecords,
            Map<String, ChainHead> headsAfter) {

        boolean isEmpty() {
            return last == 0;
        }
    }

    /** A chain's last record: its sequence (0 for none) and hash (the chainer's genesis for none). */
    record ChainHead(long sequence, String hash) {
    }

    /** A clean stop signs the heads the writer holds, so a tail cut after the stop shows. */
    private void signAtStop() {
        if (connection == null) {
            return;
        }
        for (Map.Entry<String, ChainHead> head : heads.entrySet()) {
            try {
                chainer.checkpoint(connection, tables, head.getKey(), head.getValue().sequence(),
                        head.getValue().hash(), true);
            } catch (SQLException | RuntimeException e) {
                LOG.warn("Event store: signing chain {}'s checkpoint at stop failed: {}", head.getKey(),
                        e.getMessage());
            }
        }
    }

    /** After a round: each chain whose checkpoint is due gets one, in its own transaction. */
    private void signHeads() throws SQLException {
        for (Map.Entry<String, ChainHead> head : heads.entrySet()) {
            chainer.checkpoint(connection, tables, head.getKey(), head.getValue().sequence(), head.getValue().hash(),
                    false);
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
        PreparedBatch batch = nextBatch();
        if (batch.isEmpty()) {
            if (outageSince != null) {
                recovered(); // connected again, and nothing was waiting
            }
            signHeads();
            return;
        }
        // The batch after this one is read and hashed on from this one's heads while this one is in the database.
        Map<String, ChainHead> after = batch.headsAfter();
        long skipUpTo = highestStored;
        ahead = preparer.submit(() -> prepare(after, skipUpTo));
        write(batch);
        if (outageSince != null && cursor.lag() < settings.writeBatchSize()) {
            // Recovered once the backlog is written, not at the first batch: a nearly full disk takes a batch or two
            // and fails again, which is the same outage, not a new alarm.
            recovered();
        }
        backoffMillis = 0;
        state.connected();
        signHeads();
    }

    /**
     * Lets a partial batch gather for {@link #GATHER_MILLIS} before it is written. Every H2 commit copies the pages it
     * changed, so a transaction per swipe's few events cost some 150 KB of garbage per swipe at 200 swipes/s, the
     * larger part of the hub's (BENCHMARKS.md, Access control end to end); the events are durable in the journal
     * already, and the record is only this much later.
     */
    /** The batch prepared ahead, or (after a start, a failure or an empty round) one prepared from the committed heads. */
    private PreparedBatch nextBatch() throws Exception {
        if (ahead == null) {
            Map<String, ChainHead> committedHeads = heads;
            long skipUpTo = highestStored;
            ahead = preparer.submit(() -> prepare(committedHeads, skipUpTo));
        }
        try {
            PreparedBatch batch = ahead.get(); // interrupted here, it stays ahead: the stop waits for it (discardAhead)
            ahead = null;
            return batch;
        } catch (ExecutionException e) {
            ahead = null;
            Throwable cause = e.getCause();
            if (cause instanceof Exception x) {
                throw x;
            }
            if (cause instanceof Error x) {
                throw x;
            }
            throw e;
        }
    }

    /**
     * Waits for a batch being prepared ahead and forgets it, then rewinds the cursor to its last commit: the next
     * batch is read again from there, from the committed heads. The preparer is not interrupted (a poll interrupted
     * inside a file read could close the journal's channel); it is idle within a poll's timeout.
     */
    private void discardAhead() {
        Future<PreparedBatch> pending = ahead;
        ahead = null;
        if (pending == null) {
            return;
        }
        boolean interrupted = Thread.interrupted();
        while (true) {
            try {
                pending.get();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (ExecutionException | RuntimeException e) {
                break; // its failure is the batch's, which is read again
            }
        }
        try {
            cursor.rewind();
        } catch (IOException e) {
            LOG.error("Event store: rewinding the journal cursor failed", e);
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * On the preparer thread: polls a batch (a partial one gathers first), decodes it (the poll does), encodes each
     * event's row and numbers and hashes its chain records on from {@code fromHeads}. Entries at or below
     * {@code skipUpTo} are stored already (see the class comment) and only move the cursor.
     */
    private PreparedBatch prepare(Map<String, ChainHead> fromHeads, long skipUpTo)
            throws IOException, InterruptedException {
        List<JournalEntry> batch = cursor.poll(settings.writeBatchSize(), 200);
        if (!batch.isEmpty() && batch.size() < settings.writeBatchSize()) {
            batch = gatherMore(batch);
        }
        if (batch.isEmpty()) {
            return new PreparedBatch(0, List.of(), List.of(), 0, fromHeads);
        }
        Map<String, ChainHead> next = new LinkedHashMap<>(fromHeads);
        List<EventRow> rows = new ArrayList<>(batch.size());
        List<AuditRecord> records = new ArrayList<>();
        int audit = 0;
        for (JournalEntry entry : batch) {
            if (entry.position() <= skipUpTo) {
                continue; // stored before a crash or an unknown commit outcome; the cursor had not committed it
            }
            Event e = entry.event();
            rows.add(new EventRow(entry.position(), clean(e.id()), Times.nanos(e.time()), clean(e.source()),
                    clean(e.type()), clean(e.subject()), clean(e.zone()), e.severity().name(), e.sequence(),
                    clean(e.correlationId()), clean(e.actor()),
                    e.deviceTime() == null ? null : Times.nanos(e.deviceTime()), EventJson.valueToJson(e.data())));
            AuditRecord record = Chains.project(e, entry.position());
            if (record != null) {
                record = record.cleaned(); // hashed exactly as stored
                ChainHead head = next.get(record.chain());
                long sequence = head.sequence() + 1;
                record = record.withChain(sequence, head.hash(), "");
                record = record.withChain(sequence, head.hash(), chainer.hash(record));
                next.put(record.chain(), new ChainHead(sequence, record.hash()));
                records.add(record);
                if (record.chain().equals(Chains.AUDIT)) {
                    audit++;
                }
            }
        }
        return new PreparedBatch(batch.get(batch.size() - 1).position(), rows, records, audit,
                Collections.unmodifiableMap(next));
    }

    private List<JournalEntry> gatherMore(List<JournalEntry> first) throws IOException, InterruptedException {
        Thread.sleep(GATHER_MILLIS);
        List<JournalEntry> more = cursor.poll(settings.writeBatchSize() - first.size(), 0);
        if (more.isEmpty()) {
            return first;
        }
        List<JournalEntry> all = new ArrayList<>(first.size() + more.size());
        all.addAll(first);
        all.addAll(more);
        return all;
    }

    private void connect(DataSource dataSource, int generation) throws SQLException {
        discardAhead(); // prepared from the old connection's heads and highest position
        closeConnection();
        if (journalMismatch != null) {
            throw new IllegalStateException(journalMismatch);
        }
        if (!database.isMigrated(generation)) {
            // Once per DataSource, not on every reconnect: with H2 on a full disk each failed Flyway run kept a
            // connection (the pool ended 4 of 4 active), and the store could then never connect again.
            state.schemaVersion = SchemaMigrator.migrate(dataSource, settings.schema(), null);
            database.migrated(generation);
        }
        Connection c = dataSource.getConnection();
        try {
            databaseUrl = c.getMetaData().getURL();
            if (databaseUrl.startsWith("jdbc:h2:")) {
                commitWritesTheFile(c);
            }
            c.setAutoCommit(false);
            long stored = 0;
            try (Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("SELECT MAX(journal_position) FROM " + tables.events)) {
                if (r.next()) {
                    stored = r.getLong(1);
                }
            }
            long head = cursor.committed() + cursor.lag();
            if (stored > head) {
                // Skipping up to `stored` would drop this journal's events: it is not the journal the rows came from.
                journalMismatch = "schema " + settings.schema() + " holds journal positions up to " + stored
                        + " but this hub's journal ends at " + head + ": the journal was reset, or the database "
                        + "belongs to another hub. Nothing is written; set schema in etc/" + StoreSettings.PID
                        + ".cfg to a new name (or move the old schema away) and the store starts a new record";
                throw new IllegalStateException(journalMismatch);
            }
            Map<String, ChainHead> storedHeads = readChainHeads(c);
            c.commit();
            insertEvent = c.prepareStatement("INSERT INTO " + tables.events + " (journal_position, event_id, time_ns, "
                    + "source, type, subject, zone, severity, seq, correlation_id, actor, device_time_ns, data) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
            insertAudit = c.prepareStatement("INSERT INTO " + tables.audit + " (chain_name, chain_seq, time_ns, kind, "
                    + "user_name, channel, device, action, arguments, outcome, reason, event_id, journal_position, "
                    + "correlation_id, previous_hash, record_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
            highestStored = stored;
            heads = storedHeads;
            connection = c;
            connectionGeneration = generation;
            state.connected();
            if (stored > cursor.committed()) {
                LOG.info("Event store: the journal cursor is at {} but the store holds up to {}: skipping what is "
                        + "already stored", cursor.committed(), stored);
            }
        } catch (SQLException | RuntimeException e) {
            discardIfBrokenH2(c, e);
            closeQuietly(c);
            throw e;
        }
    }

    /**
     * H2 answers a commit before its file has the change: a background thread writes it up to {@code WRITE_DELAY}
     * (500 ms by default) later. The cursor, committed right after the database, would then be ahead of the file, and
     * what a killed process or a full disk kept from reaching the file would never be written again. With a delay of
     * 0, H2 writes every commit to its file before the commit returns (a full disk then fails the commit itself, which
     * the writer retries). The setting is kept in the database; it needs the database's admin right, which the user
     * that created the file has.
     */
    private void commitWritesTheFile(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SET WRITE_DELAY 0");
        } catch (SQLException e) {
            LOG.warn("Event store: cannot make H2 write each commit to its file (SET WRITE_DELAY 0: {}); a crash may "
                    + "then lose the last half second of stored events: add ;WRITE_DELAY=0 to the url in {}",
                    firstLine(e.getMessage()), StoreSettings.DATA_SOURCE_FILE);
        }
        try (Statement s = c.createStatement()) {
            s.execute("SET CACHE_SIZE " + H2_CACHE_KIB);
        } catch (SQLException e) {
            LOG.warn("Event store: cannot set H2's page cache to {} KiB (SET CACHE_SIZE: {}); queries may then pause for "
                    + "garbage collection: add ;CACHE_SIZE={} to the url in {}", H2_CACHE_KIB,
                    firstLine(e.getMessage()), H2_CACHE_KIB, StoreSettings.DATA_SOURCE_FILE);
        }
    }

    private Map<String, ChainHead> readChainHeads(Connection c) throws SQLException {
        Map<String, ChainHead> read = new LinkedHashMap<>();
        for (String chain : Chains.NAMES) {
            read.put(chain, readChainHead(c, chain));
        }
        return Collections.unmodifiableMap(read);
    }

    /** A chain continues from its last record, or from its last checkpoint when retention removed the records. */
    private ChainHead readChainHead(Connection c, String chain) throws SQLException {
        ChainHead head = new ChainHead(0, chainer.genesis());
        try (PreparedStatement s = c.prepareStatement("SELECT chain_seq, record_hash FROM " + tables.audit
                + " WHERE chain_name = ? ORDER BY chain_name DESC, chain_seq DESC LIMIT 1")) {
            // The whole key in the ORDER BY, or H2 scans and sorts the chain (ChainVerification): 22 s for a million.
            s.setString(1, chain);
            try (ResultSet r = s.executeQuery()) {
                if (r.next()) {
                    head = new ChainHead(r.getLong(1), r.getString(2));
                }
            }
        }
        try (PreparedStatement s = c.prepareStatement("SELECT entry_count, head_hash FROM " + tables.checkpoints
                + " WHERE chain_name = ? ORDER BY chain_name DESC, entry_count DESC LIMIT 1")) {
            s.setString(1, chain);
            try (ResultSet r = s.executeQuery()) {
                if (r.next() && r.getLong(1) > head.sequence()) {
                    head = new ChainHead(r.getLong(1), r.getString(2));
                }
            }
        }
        return head;
    }

    private void write(PreparedBatch batch) throws SQLException, InterruptedException {
        if (!batch.rows().isEmpty()) {
            for (EventRow row : batch.rows()) {
                bindEvent(row);
                insertEvent.addBatch();
            }
            for (AuditRecord record : batch.records()) {
                bindAudit(record);
                insertAudit.addBatch();
            }
            insertEvent.executeBatch();
            if (!batch.records().isEmpty()) {
                insertAudit.executeBatch();
            }
            connection.commit();
            highestStored = batch.last();
            heads = batch.headsAfter();
            state.eventsWritten.add(batch.rows().size());
            state.auditWritten.add(batch.auditRecords()); // the status counts the operator trail's entries
            afterCommit.committed(batch.last());
        }
        cursor.commit(batch.last());
    }

    private void bindEvent(EventRow e) throws SQLException {
        PreparedStatement s = insertEvent;
        s.setLong(1, e.position());
        s.setString(2, e.id());
        s.setLong(3, e.timeNanos());
        s.setString(4, e.source());
        s.setString(5, e.type());
        s.setString(6, e.subject());
        s.setString(7, e.zone());
        s.setString(8, e.severity());
        s.setLong(9, e.sequence());
        s.setString(10, e.correlationId());
        s.setString(11, e.actor());
        if (e.deviceTimeNanos() == null) {
            s.setNull(12, Types.BIGINT);
        } else {
            s.setLong(12, e.deviceTimeNanos());
        }
        s.setString(13, e.data());
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
        discardIfBrokenH2(connection, e);
        rollbackQuietly();
        closeConnection();
        discardAhead(); // the preparer idle before the rewind: it alone polls
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
            publish(Event.builder(EventTypes.STORE_UNAVAILABLE, SOURCE).severity(Severity.ALARM)
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
        publish(Event.builder(EventTypes.STORE_RECOVERED, SOURCE)
                .put("outageSeconds", outage.toMillis() / 1000.0).put("reason", outageReason)
                .put("dataSource", settings.dataSourceTarget()).build());
        outageSince = null;
        outageReason = null;
    }

    /** The bus never stops the writer: an event it cannot take is logged, and the status keeps the reason anyway. */
    private void publish(Event event) {
        try {
            publisher.accept(event);
        } catch (RuntimeException e) {
            LOG.warn("Event store: could not publish {}: {}", event.type(), e.toString());
        }
    }

    /** The reason for the status and the events: what failed, the database's words (short), and where to look. */
    private String describe(Throwable e) {
        if (e instanceof IllegalStateException && e.getMessage() != null) {
            return e.getMessage() + " (" + settings.dataSourceHint() + ")"; // the store's own words: migration, journal
        }
        String full = diskFull(e);
        if (full != null) {
            return "the database's disk is full (" + full + ") writing " + databaseFile() + ": free space on that "
                    + "volume or give it more; nothing is lost meanwhile (" + settings.dataSourceHint() + ")";
        }
        if (databaseUrl.startsWith("jdbc:h2:") && h2ErrorCode(e, 90098)) {
            return databaseFile() + " was closed by H2 after a write failed (a full disk?): the store reopens it once "
                    + "the volume has room; nothing is lost, the events wait in the journal (" + settings.dataSourceHint() + ")";
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String state = e instanceof SQLException sql && sql.getSQLState() != null
                ? " (SQL state " + sql.getSQLState() + ")" : "";
        return "writing to " + settings.dataSourceHint() + " failed: " + firstLine(root.getMessage() == null
                ? root.toString() : root.getMessage()) + state;
    }

    /**
     * The operating system's words when a cause of {@code e} is a full disk, else {@code null}. H2 wraps the
     * {@code IOException} ("No space left on device") three levels deep under a message naming only a channel object;
     * PostgreSQL says so in its message (SQL state 53100, disk_full).
     */
    static String diskFull(Throwable e) {
        List<Throwable> chain = new ArrayList<>();
        collect(e, chain);
        for (int i = chain.size() - 1; i >= 0; i--) { // the driver's own exception last: a batch's names no file
            if (chain.get(i) instanceof SQLException sql && "53100".equals(sql.getSQLState())) {
                return firstLine(sql.getMessage()).replaceFirst("^ERROR: ", "");
            }
        }
        for (Throwable t : chain) {
            String m = t.getMessage() == null ? "" : t.getMessage();
            if (m.contains("No space left on device") || m.contains("There is not enough space on the disk")) {
                return t instanceof SQLException ? firstLine(m) : m;
            }
        }
        return null;
    }

    /** The causes of {@code e}, with each SQLException's next exceptions (where a JDBC batch keeps the real one). */
    private static void collect(Throwable e, List<Throwable> out) {
        for (Throwable t = e; t != null && out.size() < 50 && !out.contains(t); t = t.getCause()) {
            out.add(t);
            if (t instanceof SQLException sql && sql.getNextException() != null) {
                collect(sql.getNextException(), out);
            }
        }
    }

    /**
     * An H2 database whose file store failed to write (a full disk) is broken for as long as it stays open: it throws
     * that failure at every later commit, or answers "The database has been closed" (90098). H2 2.3.232 then powers
     * the database off but keeps it registered (by name, in its engine) for as long as any session on it is open, and
     * every new connection joins that dead database. The pool keeps those sessions: its idle connections still answer
     * {@code isValid()} with true, and with {@code WRITE_DELAY 0} the store could never write again until the hub
     * restarted. So the writer closes the database ({@code SHUTDOWN IMMEDIATELY}, which writes nothing), aborts its own
     * connection, and evicts the pool's connections ({@link #evictPool}); once the last session is gone H2 forgets the
     * database, and the next connection opens the file afresh (H2 may answer "already in use", 90020, while the old
     * file channel closes: that is retried with the outage's back-off). Nothing is lost or written twice: the cursor
     * commits only what the database committed, and a reconnection skips what the file already holds
     * (StoreVolumeFullTest).
     */
    private void discardIfBrokenH2(Connection c, Throwable e) {
        if (c == null || !databaseUrl.startsWith("jdbc:h2:") || !(causedBy(e, "org.h2.mvstore.MVStoreException")
                || h2ErrorCode(e, 90098))) {
            return;
        }
        try (Statement s = c.createStatement()) {
            s.execute("SHUTDOWN IMMEDIATELY");
        } catch (SQLException | RuntimeException alreadyClosed) {
            // H2 closed it itself
        }
        try {
            c.abort(Runnable::run);
        } catch (SQLException | RuntimeException ignored) {
            // the pool validates it before handing it out again either way
        }
        String evicted = evictPool(database.current());
        LOG.warn("Event store: dropped the connections to the broken H2 database {} ({}); {}", databaseFile(),
                firstLine(e.getMessage()), evicted);
    }

    /**
     * Closes the pool's idle connections and marks the busy ones to be closed when returned, for a pool that can be
     * told so: HikariCP's {@code HikariDataSource}, the object pax-jdbc-config registers as the DataSource service
     * with {@code pool = hikari} (no proxy). Reached by reflection: this bundle does not import HikariCP, and another
     * pool only loses the eviction. Returns what was done, for the log.
     */
    static String evictPool(DataSource dataSource) {
        if (dataSource == null) {
            return "no DataSource to evict connections from";
        }
        try {
            java.lang.reflect.Method getPool = dataSource.getClass().getMethod("getHikariPoolMXBean");
            Object pool = getPool.invoke(dataSource);
            if (pool == null) {
                return "the pool had not started";
            }
            getPool.getReturnType().getMethod("softEvictConnections").invoke(pool);
            return "evicted the pool's connections, so H2 opens the file afresh once the volume has room";
        } catch (NoSuchMethodException e) {
            return "the DataSource (" + dataSource.getClass().getName() + ") is not a HikariCP pool, so its idle "
                    + "connections stay; if the store keeps answering \"The database has been closed\" once the volume "
                    + "has room, set pool = hikari in " + StoreSettings.DATA_SOURCE_FILE + " or restart the hub";
        } catch (ReflectiveOperationException | RuntimeException e) {
            return "evicting the pool's connections failed (" + e + "); if the store keeps answering \"The database "
                    + "has been closed\" once the volume has room, restart the hub";
        }
    }

    private static boolean h2ErrorCode(Throwable e, int code) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && sql.getErrorCode() == code) {
                return true;
            }
        }
        return false;
    }

    private static boolean causedBy(Throwable e, String className) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getClass().getName().equals(className) || String.valueOf(t.getMessage()).contains(className)) {
                return true;
            }
        }
        return false;
    }

    /** The H2 file behind a {@code jdbc:h2:file:} URL, else the URL itself. */
    private String databaseFile() {
        if (databaseUrl.startsWith("jdbc:h2:file:")) {
            String path = databaseUrl.substring("jdbc:h2:file:".length());
            int options = path.indexOf(';');
            return "the H2 file " + (options < 0 ? path : path.substring(0, options)) + ".mv.db";
        }
        return databaseUrl.isEmpty() ? "the database" : databaseUrl;
    }

    /** A driver's message can carry a whole batch of statements; the first line, cut at 300 characters, says enough. */
    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
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
