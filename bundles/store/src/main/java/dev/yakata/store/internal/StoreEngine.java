package dev.yakata.store.internal;

import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventTypes;
import dev.yakata.journal.api.Journal;
import dev.yakata.journal.api.JournalCursor;
import dev.yakata.store.api.AuditEntry;
import dev.yakata.store.api.AuditQuery;
import dev.yakata.store.api.ChainReport;
import dev.yakata.store.api.EventQuery;
import dev.yakata.store.api.EventStore;
import dev.yakata.store.api.ExportResult;
import dev.yakata.store.api.HistoryQuery;
import dev.yakata.store.api.HistorySample;
import dev.yakata.store.api.Page;
import dev.yakata.store.api.RetentionReport;
import dev.yakata.store.api.StoreStatus;
import dev.yakata.store.api.StoredEvent;
import dev.yakata.chain.Csv;
import dev.yakata.eventjson.EventJson;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store without OSGi: the writer and history threads, the queries, export and retention, over whatever
 * DataSource is {@linkplain #dataSource set} at the moment. The DS component and the tests both drive this class.
 */
final class StoreEngine implements EventStore, AutoCloseable {

    static final String CURSOR = "store";

    private static final Logger LOG = LoggerFactory.getLogger(StoreEngine.class);

    private final StoreSettings settings;
    private final JournalCursor cursor;
    private final Consumer<Event> publisher;
    private final StoreDatabase database = new StoreDatabase();
    private final StoreState state = new StoreState();
    private final StoreQueries queries;
    private final EventWriter writer;
    private final HistoryRecorder history;
    private final AuditChainer chainer;
    private final Tables tables;
    private final Thread writerThread;
    private final Thread historyThread;
    private final ScheduledExecutorService retentionTimer;

    /**
     * @param publisher puts the store's own events ({@code store.unavailable}, {@code store.recovered},
     *                  {@code store.retention}) on the bus
     */
    StoreEngine(StoreSettings settings, Journal journal, Consumer<Event> publisher, AuditChainer chainer)
            throws IOException {
        this.settings = settings;
        this.cursor = journal.cursor(CURSOR);
        this.publisher = publisher;
        this.queries = new StoreQueries(settings.schema());
        this.writer = new EventWriter(settings, database, cursor, publisher, chainer, state);
        this.history = new HistoryRecorder(settings, database, state);
        this.chainer = chainer;
        this.tables = new Tables(settings.schema());
        state.auditChain = chainer.description();
        state.auditProblem = chainer.problem();
        this.writerThread = new Thread(writer, "yakata-store-writer");
        this.historyThread = new Thread(history, "yakata-store-history");
        this.retentionTimer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "yakata-store-retention");
            t.setDaemon(true);
            return t;
        });
        LOG.info("Event store: audit chain: {}", chainer.description());
    }

    /** Starts the threads and the daily retention job. */
    StoreEngine start() {
        writerThread.start();
        historyThread.start();
        scheduleRetention();
        return this;
    }

    /** The DataSource to use from now on, {@code null} for none (the writer then waits, holding its cursor). */
    void dataSource(DataSource value) {
        if (value == null) {
            DataSource current = database.current();
            if (current != null) {
                database.clear(current);
            }
        } else {
            database.set(value);
        }
    }

    void dataSourceGone(DataSource value) {
        database.clear(value);
    }

    /** Test seam: see {@link EventWriter.AfterCommit}. */
    void afterCommit(EventWriter.AfterCommit hook) {
        writer.afterCommit(hook);
    }

    /** From the bus's listener thread: a point change for the history. Never blocks. */
    void telemetry(Event event) {
        history.offer(event);
    }

    @Override
    public void close() {
        retentionTimer.shutdownNow();
        writer.stop();
        history.stop();
        join(writerThread);
        join(historyThread);
    }

    private static void join(Thread thread) {
        try {
            thread.join(2000);
            if (thread.isAlive()) {
                thread.interrupt(); // stuck in a test hook or a hung driver call
                thread.join(5000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public Page<StoredEvent> events(EventQuery query) {
        StoreQueries.checkEvents(query);
        return read(c -> queries.events(c, query));
    }

    @Override
    public Page<AuditEntry> audit(AuditQuery query) {
        StoreQueries.checkAudit(query);
        return read(c -> queries.audit(c, query));
    }

    @Override
    public Page<HistorySample> history(HistoryQuery query) {
        StoreQueries.checkHistory(query);
        return read(c -> queries.history(c, query));
    }

    @Override
    public ExportResult exportEvents(EventQuery query, String fileName) {
        StoreQueries.checkRange(query.from(), query.to(), 1);
        Path file = exportFile(fileName);
        EventQuery all = query.withLimit(MAX_LIMIT).withNext("");
        return export(file, stream -> {
            Csv.Writer csv = new Csv.Writer(stream);
            csv.row("position", "id", "time", "source", "type", "subject", "zone", "severity", "sequence",
                    "correlation_id", "actor", "device_time", "data");
            long rows = 0;
            Iterator<StoredEvent> it = pages(all, EventQuery::withNext, this::events);
            while (it.hasNext()) {
                StoredEvent s = it.next();
                Event e = s.event();
                csv.row(Long.toString(s.position()), e.id(), e.time().toString(), e.source(), e.type(), e.subject(),
                        e.zone(), e.severity().name(), Long.toString(e.sequence()), e.correlationId(), e.actor(),
                        e.deviceTime() == null ? "" : e.deviceTime().toString(), EventJson.valueToJson(e.data()));
                rows++;
            }
            csv.flush();
            return rows;
        });
    }

    @Override
    public ExportResult exportAudit(AuditQuery query, String fileName) {
        StoreQueries.checkRange(query.from(), query.to(), 1);
        Path file = exportFile(fileName);
        StoreQueries.checkAudit(query.withLimit(1).withNext(""));
        return export(file, out -> read(c -> {
            try {
                return AuditExport.write(c, tables, query, out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }));
    }

    @Override
    public ChainReport verify(String chain) {
        Chains.check(chain);
        return read(c -> ChainVerification.verify(c, tables, chain, chainer.trustedKeys()));
    }

    @Override
    public StoreStatus status() {
        return state.snapshot(cursor::lag);
    }

    @Override
    public synchronized RetentionReport runRetention() {
        RetentionReport report = read(c -> new Retention(settings).run(c, Instant.now()));
        state.lastRetention = report;
        LOG.info("Event store: retention removed {} control events, {} audit entries, {} Level-3 access records, {} "
                + "raw samples, {} minute and {} hour rollups{}", report.controlEvents(), report.auditEntries(),
                report.accessEntries(), report.rawSamples(), report.minuteRollups(), report.hourRollups(),
                report.note().isEmpty() ? "" : "; " + report.note());
        Event.Builder event = Event.builder(EventTypes.STORE_RETENTION, EventWriter.SOURCE)
                .put("controlEvents", report.controlEvents()).put("auditEntries", report.auditEntries())
                .put("accessEntries", report.accessEntries()).put("rawSamples", report.rawSamples())
                .put("minuteRollups", report.minuteRollups()).put("hourRollups", report.hourRollups());
        if (!report.note().isEmpty()) {
            event.put("note", report.note());
        }
        publisher.accept(event.build());
        return report;
    }

    private void scheduleRetention() {
        ZonedDateTime now = ZonedDateTime.now(ZoneId.systemDefault());
        ZonedDateTime next = now.with(settings.retentionTime());
        if (!next.isAfter(now)) {
            next = next.plusDays(1);
        }
        long delay = next.toInstant().toEpochMilli() - now.toInstant().toEpochMilli();
        try {
            retentionTimer.schedule(() -> {
                try {
                    runRetention();
                } catch (RuntimeException e) {
                    LOG.error("Event store: the daily retention run failed: {}", e.getMessage(), e);
                }
                scheduleRetention();
            }, delay, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException stopped) {
            // closing
        }
    }

    /** The file in the export folder, or a refusal naming the argument and the folder. */
    Path exportFile(String fileName) {
        Path folder = settings.exportFolder();
        if (fileName == null || fileName.isBlank() || fileName.contains("/") || fileName.contains("\\")
                || fileName.equals(".") || fileName.contains("..") || Path.of(fileName).isAbsolute()
                || fileName.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("fileName = \"" + fileName + "\" is not a plain file name in the export "
                    + "folder " + folder + ": give a name without path separators or .., such as events-2026-12.csv");
        }
        Path file = folder.resolve(fileName).normalize();
        if (!file.getParent().equals(folder)) {
            throw new IllegalArgumentException("fileName = \"" + fileName + "\" leaves the export folder " + folder);
        }
        return file;
    }

    private interface Body {
        /** Writes the whole file, its byte order mark included, and flushes. */
        long write(OutputStream out) throws IOException;
    }

    /** Writes into a temporary file beside the target and moves it in place, so a reader never sees half a file. */
    private ExportResult export(Path file, Body body) {
        try {
            Files.createDirectories(file.getParent());
            Path partial = file.resolveSibling(file.getFileName() + ".part");
            long rows;
            try (OutputStream out = Files.newOutputStream(partial)) {
                rows = body.write(out);
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(partial);
                throw e;
            }
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            LOG.info("Event store: exported {} rows to {}", rows, file);
            return new ExportResult(file.toString(), rows);
        } catch (IOException e) {
            throw new UncheckedIOException("writing the export " + file + " failed: " + e.getMessage(), e);
        }
    }

    /** Every item of every page of a query, fetched a page at a time. */
    private static <Q, T> Iterator<T> pages(Q first, java.util.function.BiFunction<Q, String, Q> withNext,
            java.util.function.Function<Q, Page<T>> fetch) {
        return new Iterator<>() {
            private Page<T> page = fetch.apply(first);
            private int index;

            @Override
            public boolean hasNext() {
                while (index >= page.items().size()) {
                    if (!page.hasNext()) {
                        return false;
                    }
                    page = fetch.apply(withNext.apply(first, page.next()));
                    index = 0;
                }
                return true;
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return page.items().get(index++);
            }
        };
    }

    private interface Read<T> {
        T apply(Connection c) throws SQLException;
    }

    /** One connection for one read; a database that is absent or fails is a message naming the DataSource. */
    private <T> T read(Read<T> work) {
        DataSource dataSource = database.ready();
        if (dataSource == null) {
            String why = database.current() == null ? "there is no " + settings.dataSourceHint()
                    : "the schema of " + settings.dataSourceHint() + " is not migrated yet (" + state.reason + ")";
            throw new IllegalStateException("the event store cannot answer: " + why);
        }
        try (Connection c = dataSource.getConnection()) {
            return work.apply(c);
        } catch (SQLException e) {
            throw new IllegalStateException("the event store's " + settings.dataSourceHint() + " failed: "
                    + e.getMessage(), e);
        }
    }

    StoreSettings settings() {
        return settings;
    }

    List<Thread> threads() {
        return new ArrayList<>(List.of(writerThread, historyThread));
    }
}
