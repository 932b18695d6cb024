package dev.yakata.store.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventTypes;
import dev.yakata.eventjson.EventJson;
import dev.yakata.journal.internal.JournalSettings;
import dev.yakata.journal.internal.SegmentedJournal;
import dev.yakata.store.api.EventQuery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The store's numbers (docs/store.md, "Performance"), per database, in one run:
 * <ol>
 * <li>write rate from the journal: N control events journaled first, then the store started; events/s until all are
 * committed; beside it a bare JDBC batch insert of the same rows (JSON already encoded, 1,000 a transaction) into an
 * identical table in the same database;</li>
 * <li>durable latency: events journaled at 2,000/s, publish (append) to committed row, p50/p99; beside it, in the
 * same seconds, a bare JDBC batch and commit every 25 ms of the rows due at 2,000/s into an identical table;</li>
 * <li>a one-day query for one door over 1,000,000 stored events (100 doors over 30 days): p50/p99.</li>
 * </ol>
 * Arguments: databases (h2,postgresql), events for the write rate (200000), total stored for the query (1000000).
 *
 * <pre>mvn -o -B -q -f bundles/store/pom.xml -Pbench -DskipTests test-compile exec:exec -Dbench.args="h2,postgresql 200000 1000000"</pre>
 */
public final class StoreBenchmark {

    private static final Instant T0 = Instant.parse("2026-10-01T00:00:00Z");
    private static final int DOORS = 100;
    private static final int DAYS = 30;

    public static void main(String[] args) throws Exception {
        List<String> kinds = Arrays.asList((args.length > 0 ? args[0] : "h2,postgresql").split(","));
        int writes = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        int stored = args.length > 2 ? Integer.parseInt(args[2]) : 1_000_000;
        for (String kind : kinds) {
            System.out.printf(Locale.ROOT, "%n== %s ==%n", kind);
            writeRate(kind, writes, stored);
            latency(kind);
        }
    }

    /**
     * Event {@code i} of {@code total}: door events spread evenly over 30 days in time order (as a hub journals them),
     * ~200 bytes each, at a random door of 100; one in ten a command, so the audit projection runs too.
     */
    static Event event(long i, long total, Random random) {
        int door = random.nextInt(DOORS);
        Instant time = T0.plusNanos(Duration.ofDays(DAYS).toNanos() / total * i);
        String device = "door." + (door / 10) + "f.d" + door;
        if (i % 10 == 0) {
            return Event.builder(EventTypes.COMMAND_ISSUED, device).time(time).subject("cmd-" + i).actor("tanaka")
                    .correlationId("cmd-" + i).put("command", "cmd-" + i).put("action", "unlock").put("point", "lock")
                    .put("arguments", java.util.Map.of("seconds", 5L)).put("user", "tanaka").put("channel", "SHELL")
                    .put("reason", "").build();
        }
        return Event.builder(i % 2 == 0 ? "door.held-open" : "door.forced", device).time(time).zone("Z" + door % 7)
                .sequence(i).put("reader", "r-" + door).put("seconds", 30L).put("state", "OPEN").build();
    }

    private static void writeRate(String kind, int writes, int stored) throws Exception {
        Path folder = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "bench-");
        String schema = "bench_store_" + Long.toHexString(System.nanoTime() & 0xffffff);
        String baselineSchema = schema + "_bare";
        String warmupSchema = schema + "_warmup";
        try (HikariDataSource ds = dataSource(kind, folder)) {
            Random random = new Random(42);
            List<Event> events = new ArrayList<>(writes);
            for (int i = 0; i < writes; i++) {
                events.add(event(i + 1, stored, random));
            }

            // warm-up (JIT, pool, database caches) on a scratch table, then the baseline: the same rows, bare batched
            // INSERTs into an identical table
            // Both paths warmed alike: the bare insert and a whole store run (journal, preparer, chains) on scratch
            // tables, so neither figure carries the other's JIT compilation.
            SchemaMigrator.migrate(ds, warmupSchema, null);
            bareInsert(ds, new Tables(warmupSchema).events, events.subList(0, Math.min(50_000, writes)), 1);
            storeRun(ds, folder.resolve("warmup"), warmupSchema + "_store", events.subList(0, Math.min(50_000, writes)));
            SchemaMigrator.migrate(ds, baselineSchema, null);
            long bare = bareInsert(ds, new Tables(baselineSchema).events, events, 1);

            long[] run = storeRun(ds, folder, schema, events);
            long storeNanos = run[0];
            long audit = run[1];
            // the baseline again, after the store, into a third identical table: the order matters on a busy machine
            // (and to H2's growing file), so both are reported and the ratio uses the faster
            SchemaMigrator.migrate(ds, baselineSchema + "2", null);
            long bareAfter = bareInsert(ds, new Tables(baselineSchema + "2").events, events, 1);
            double storeRate = writes / (storeNanos / 1e9);
            double bareRate = writes / (bare / 1e9);
            double bareAfterRate = writes / (bareAfter / 1e9);
            System.out.printf(Locale.ROOT, "write rate, %,d events from the journal: store %,.0f events/s (incl. %,d "
                    + "audit rows); bare JDBC batch %,.0f rows/s before, %,.0f after; ratio to the faster %.2f%n",
                    writes, storeRate, audit, bareRate, bareAfterRate, storeRate / Math.max(bareRate, bareAfterRate));

            // fill to `stored` events with bare inserts into the store's own table, then query one door for one day
            List<Event> more = new ArrayList<>(100_000);
            long position = writes + 1;
            while (position <= stored) {
                more.clear();
                for (int i = 0; i < 100_000 && position + i <= stored; i++) {
                    more.add(event(position + i, stored, random));
                }
                bareInsert(ds, new Tables(schema).events, more, position);
                position += more.size();
            }
            if (kind.equals("postgresql")) {
                try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                    s.execute("ANALYZE \"" + schema + "\".event_log");
                }
            } else {
                try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                    s.execute("ANALYZE");
                }
            }
            // The store's own query code on a pooled connection, as StoreEngine.events() runs it. (A store engine
            // would refuse this database: it holds positions beyond its journal, which only the fill put there.)
            StoreQueries queries = new StoreQueries(schema);
            long[] nanos = new long[300];
            long rows = 0;
            Random pick = new Random(7);
            for (int i = -50; i < nanos.length; i++) {
                int door = pick.nextInt(DOORS);
                Instant day = T0.plus(Duration.ofDays(pick.nextInt(DAYS)));
                long t = System.nanoTime();
                int n;
                try (Connection c = ds.getConnection()) {
                    n = queries.events(c, EventQuery.between(day, day.plus(Duration.ofDays(1)))
                            .withDevice("door." + (door / 10) + "f.d" + door).withLimit(1000)).items().size();
                }
                long took = System.nanoTime() - t;
                if (i >= 0) {
                    nanos[i] = took;
                    rows += n;
                }
            }
            Arrays.sort(nanos);
            System.out.printf(Locale.ROOT, "one-day query for one door over %,d stored events: p50 %.1f ms, p99 %.1f ms "
                    + "(%d rows a query on average)%n", stored, nanos[nanos.length / 2] / 1e6,
                    nanos[(int) (nanos.length * 0.99)] / 1e6, rows / nanos.length);
        } finally {
            drop(kind, schema, baselineSchema, baselineSchema + "2", warmupSchema, warmupSchema + "_store");
            delete(folder);
        }
    }

    /** A store on a new journal holding {@code events}: nanoseconds until all are committed, and the audit rows. */
    private static long[] storeRun(HikariDataSource ds, Path folder, String schema, List<Event> events)
            throws Exception {
        SegmentedJournal journal = SegmentedJournal.open(folder.resolve("journal"), JournalSettings.defaults());
        for (Event e : events) {
            journal.append(e);
        }
        journal.flush();
        SchemaMigrator.migrate(ds, schema, null);
        StoreSettings settings = StoreSettings.defaults(schema, folder.resolve("exports"));
        StoreEngine engine = new StoreEngine(settings, journal, e -> { },
                LibraryChainer.open(ChainSettings.in(folder.resolve("keys"), 60)));
        long start = System.nanoTime();
        engine.dataSource(ds);
        engine.start();
        while (engine.status().eventsWritten() < events.size()) {
            Thread.sleep(5);
        }
        long storeNanos = System.nanoTime() - start;
        long audit = engine.status().auditWritten();
        engine.close();
        journal.close();
        return new long[] {storeNanos, audit};
    }

    static long bareInsert(HikariDataSource ds, String table, List<Event> events, long firstPosition)
            throws Exception {
        List<String> json = new ArrayList<>(events.size());
        for (Event e : events) {
            json.add(EventJson.valueToJson(e.data()));
        }
        long start = System.nanoTime();
        try (Connection c = ds.getConnection(); PreparedStatement s = c.prepareStatement(insert(table))) {
            c.setAutoCommit(false);
            for (int i = 0; i < events.size(); i++) {
                bind(s, firstPosition + i, events.get(i), json.get(i));
                s.addBatch();
                if ((i + 1) % 1000 == 0 || i == events.size() - 1) {
                    s.executeBatch();
                    c.commit();
                }
            }
        }
        return System.nanoTime() - start;
    }

    /** The bare baselines' INSERT: the store's own columns, so both write the same rows. */
    private static String insert(String table) {
        return "INSERT INTO " + table + " (journal_position, event_id, time_ns, source, type, subject, zone, severity, "
                + "seq, correlation_id, actor, device_time_ns, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    }

    private static void bind(PreparedStatement s, long position, Event e, String json) throws java.sql.SQLException {
        s.setLong(1, position);
        s.setString(2, e.id());
        s.setLong(3, Times.nanos(e.time()));
        s.setString(4, e.source());
        s.setString(5, e.type());
        s.setString(6, e.subject());
        s.setString(7, e.zone());
        s.setString(8, e.severity().name());
        s.setLong(9, e.sequence());
        s.setString(10, e.correlationId());
        s.setString(11, e.actor());
        s.setNull(12, java.sql.Types.BIGINT);
        s.setString(13, json);
    }

    /**
     * Events journaled at 2,000/s for 15 s; publish (append) to the commit of the row's transaction. Beside it, in the
     * same 15 s, the baseline: a bare JDBC connection writing rows of its own at 2,000/s into an identical table at the
     * store's cadence (a batch and a commit every 25 ms), each timed from when it was due to its commit, so a stall's
     * backlog counts as it does for the store. A slow second both show is the database's, not the store's.
     */
    private static void latency(String kind) throws Exception {
        Path folder = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "bench-lat-");
        String schema = "bench_latency_" + Long.toHexString(System.nanoTime() & 0xffffff);
        try (HikariDataSource ds = dataSource(kind, folder)) {
            SegmentedJournal journal = SegmentedJournal.open(folder.resolve("journal"), JournalSettings.defaults());
            StoreSettings settings = StoreSettings.defaults(schema, folder.resolve("exports"));
            StoreEngine engine = new StoreEngine(settings, journal, e -> { },
                    LibraryChainer.open(ChainSettings.in(folder.resolve("keys"), 60)));
            int rate = 2000;
            int seconds = 15;
            int n = rate * seconds;
            // Stamped before each append; the journal is new and only this thread appends, so event i is position i + 1.
            long[] appendedAt = new long[n + 1];
            long[] committedAt = new long[n + 1];
            long[] lastCommitted = {0};
            engine.afterCommit(last -> {
                long now = System.nanoTime();
                for (long p = lastCommitted[0] + 1; p <= last && p < committedAt.length; p++) {
                    committedAt[(int) p] = now;
                }
                lastCommitted[0] = last;
            });
            engine.dataSource(ds);
            engine.start();
            while (!engine.status().connected()) {
                Thread.sleep(10);
            }
            SchemaMigrator.migrate(ds, schema + "_bare", null);
            long start = System.nanoTime() + 50_000_000L;
            long[] bare = new long[n];
            java.util.concurrent.CompletableFuture<Void> baseline = java.util.concurrent.CompletableFuture.runAsync(
                    () -> bareCommits(ds, new Tables(schema + "_bare").events, start, rate, bare),
                    r -> new Thread(r, "bench-bare-commits").start());
            Random random = new Random(1);
            for (int i = 0; i < n; i++) {
                pace(start + i * (1_000_000_000L / rate));
                Event e = event(i + 1, n, random).toBuilder().time(Instant.now()).build();
                appendedAt[i + 1] = System.nanoTime();
                journal.append(e);
            }
            baseline.join(); // a failed baseline throws here rather than reporting zeros
            while (engine.status().journalLag() > 0) {
                Thread.sleep(10);
            }
            Thread.sleep(200);
            long[] store = new long[n];
            for (int p = 1; p <= n; p++) {
                store[p - 1] = committedAt[p] - appendedAt[p];
            }
            report(String.format(Locale.ROOT, "durable latency at %,d events/s for %d s (publish to committed row, %,d "
                    + "samples)", rate, seconds, n), store, rate);
            report("baseline, same 15 s: bare JDBC batch and commit every 25 ms of the rows due, 2,000/s, due to committed",
                    bare, rate);
            engine.close();
            journal.close();
        } finally {
            drop(kind, schema, schema + "_bare");
            delete(folder);
        }
    }

    /** Parks until {@code due} (both publishers park, so neither takes a core from the store by spinning). */
    private static void pace(long due) {
        long wait;
        while ((wait = due - System.nanoTime()) > 0) {
            java.util.concurrent.locks.LockSupport.parkNanos(wait);
        }
    }

    /**
     * The store's cadence without the store: every {@link EventWriter#GATHER_MILLIS} the rows that fell due since the
     * last commit are inserted in one batch and committed, each timed from when it was due to that commit.
     */
    private static void bareCommits(HikariDataSource ds, String table, long start, int rate, long[] took) {
        Random random = new Random(2);
        long interval = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(EventWriter.GATHER_MILLIS);
        long perRow = 1_000_000_000L / rate;
        try (Connection c = ds.getConnection(); PreparedStatement s = c.prepareStatement(insert(table))) {
            c.setAutoCommit(false);
            int next = 0;
            for (long tick = start + interval; next < took.length; tick += interval) {
                pace(tick);
                int first = next;
                long now = System.nanoTime();
                while (next < took.length && start + next * perRow <= now) {
                    Event e = event(next + 1, took.length, random);
                    bind(s, next + 1, e, EventJson.valueToJson(e.data()));
                    s.addBatch();
                    next++;
                }
                if (next == first) {
                    continue;
                }
                s.executeBatch();
                c.commit();
                long committed = System.nanoTime();
                for (int i = first; i < next; i++) {
                    took[i] = committed - (start + i * perRow);
                }
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("the bare commits failed: " + e.getMessage(), e);
        }
    }

    /** p50, p99, max, and the seconds of the run that held samples over 100 ms (when the stalls came). */
    private static void report(String what, long[] took, int rate) {
        java.util.TreeSet<Integer> slowSeconds = new java.util.TreeSet<>();
        for (int i = 0; i < took.length; i++) {
            if (took[i] > 100_000_000L) {
                slowSeconds.add(i / rate);
            }
        }
        long[] sorted = took.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "%s: p50 %.1f ms, p99 %.1f ms, max %.1f ms; seconds with samples over 100 ms: "
                + "%s%n", what, sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.99)] / 1e6,
                sorted[sorted.length - 1] / 1e6, slowSeconds.isEmpty() ? "none" : slowSeconds);
    }

    private static HikariDataSource dataSource(String kind, Path folder) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(kind.equals("h2") ? "jdbc:h2:file:" + folder.resolve("h2/store")
                : TestDatabase.SHARED_POSTGRES);
        config.setMaximumPoolSize(4);
        return new HikariDataSource(config);
    }

    private static void drop(String kind, String... schemas) throws Exception {
        if (!kind.equals("postgresql")) {
            return;
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(TestDatabase.SHARED_POSTGRES);
        try (HikariDataSource ds = new HikariDataSource(config); Connection c = ds.getConnection();
                Statement s = c.createStatement()) {
            for (String schema : schemas) {
                s.execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
            }
        }
    }

    private static void delete(Path folder) throws Exception {
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
