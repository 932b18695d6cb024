package dev.yakata.store.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventTypes;
import dev.yakata.api.event.Severity;
import dev.yakata.journal.api.JournalCursor;
import dev.yakata.journal.api.JournalEntry;
import dev.yakata.store.api.ChainReport;
import dev.yakata.store.api.EventQuery;
import dev.yakata.store.api.Page;
import dev.yakata.store.api.StoredEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * The store's volume runs full: the default database (an H2 file) lives on a tmpfs of its own, a few MiB large, and
 * a load fills it until writes fail. The store must raise one {@code store.unavailable} alarm whose reason says the
 * disk is full and which file, keep every event in the journal, store all of them once the volume is grown
 * ({@code mount -o remount,size=...}), publish {@code store.recovered}, and leave a database that opens again with every
 * row as it was journaled.
 *
 * <p>Every other event is a Level-3 access decision, so the access chain grows through the outage: it must verify, one
 * record per decision, after it. On PostgreSQL (its own instance, data directory on the tmpfs) and on H2 (the default)
 * the store recovers without a restart.
 *
 * <p>Needs root (mount). This test fails at once when it cannot mount, rather than assume it away: the project's
 * CI and test machines run as root, and a disk-full test that silently passes where it cannot run proves nothing.
 */
public class StoreVolumeFullTest {

    private static final String SMALL = "6m";
    private static final String BIG = "256m";
    /** PostgreSQL needs about 40 MiB after initdb (a 16 MiB WAL segment among them); the rest is for the store. */
    private static final String PG_SMALL = "64m";
    private static final int EVENTS_PER_SECOND = 4000;
    private static final String PADDING = "x".repeat(300);

    private Path volume;
    private boolean mounted;
    private StoreFixture store;
    private HikariDataSource dataSource;
    private OwnPostgres postgres;

    @Before
    public void makeTheMountPoint() throws Exception {
        volume = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "full-volume-");
    }

    /** Mounts a tmpfs of {@code size} on the volume folder, or fails at once saying that this test needs root. */
    private void mount(String size, String owner) throws Exception {
        String options = "size=" + size + ",mode=0700" + (owner == null ? "" : ",uid=" + owner + ",gid=" + owner);
        String out = run("mount", "-t", "tmpfs", "-o", options, "tmpfs", volume.toString());
        if (out != null) {
            fail("StoreVolumeFullTest needs root: it mounts a " + size + " tmpfs on " + volume + " to fill the "
                    + "store's volume, and mount failed for user " + System.getProperty("user.name") + ": "
                    + out.trim() + ". Run the build as root (as CI does), or in a container allowed to mount tmpfs.");
        }
        mounted = true;
    }

    @After
    public void unmount() throws Exception {
        try {
            if (store != null) {
                store.close();
            }
        } finally {
            try {
                if (dataSource != null) {
                    dataSource.close();
                }
                if (postgres != null) {
                    postgres.close();
                }
            } finally {
                if (mounted) {
                    String out = run("umount", volume.toString());
                    if (out != null) {
                        run("umount", "-l", volume.toString()); // something still holds a file open
                    }
                }
                Files.deleteIfExists(volume);
            }
        }
    }

    /**
     * H2 2.3.232 powers the database off after its file store failed to write, and keeps it (dead) for as long as any
     * session on it is open: the pool's idle connections kept it so until the hub restarted. The store now evicts the
     * pool's connections on that failure (EventWriter#discardIfBrokenH2), so H2 opens the file afresh once the volume
     * has room. {@code SET WRITE_DELAY 0} makes a failed write fail its commit, so nothing acknowledged is lost.
     */
    @Test
    public void h2OnAFullVolumeRaisesOneAlarmNamingTheFileLosesNothingAndIsIntactWhenSpaceReturns() throws Exception {
        mount(SMALL, null);
        Path h2 = volume.resolve("yakata");
        dataSource = h2DataSource(h2);
        fillAndRecover(h2.toString(), () -> h2DataSource(h2), null);
    }

    @Test
    public void postgresqlOnAFullVolumeRaisesOneAlarmNamingTheFileLosesNothingAndIsIntactWhenSpaceReturns()
            throws Exception {
        mount(PG_SMALL, OwnPostgres.uid());
        postgres = OwnPostgres.start(volume.resolve("pgdata"));
        dataSource = postgres.dataSource();
        fillAndRecover("file \"", postgres::dataSource, postgres);
    }

    private interface Reopen {
        HikariDataSource open();
    }

    /**
     * Fills the volume under load until the store fails, checks the alarm names {@code fileHint}, grows the volume,
     * waits for recovery, then reopens the database ({@code restart}: the server restarted too) and compares.
     */
    private void fillAndRecover(String fileHint, Reopen reopen, OwnPostgres restart) throws Exception {
        String h2 = fileHint;
        store = new StoreFixture("yakata").start(dataSource);
        store.awaitCaughtUp(30_000);

        Load load = new Load(store);
        load.start();
        try {
            long fillStart = System.nanoTime();
            StoreFixture.await(() -> published(EventTypes.STORE_UNAVAILABLE).size() == 1, 120_000,
                    () -> "the store did not raise store.unavailable within 120 s of filling its " + SMALL
                            + " volume; tmpfs " + usage() + "; status: " + store.engine.status());
            long fillMillis = millis(fillStart);
            Event alarm = published(EventTypes.STORE_UNAVAILABLE).get(0);
            String reason = String.valueOf(alarm.data().get("reason"));
            System.out.printf("volume full: after %d ms and %d events, tmpfs %s; store.unavailable (%s): %s%n",
                    fillMillis, load.appended.get(), usage(), alarm.severity(), reason);
            assertEquals(Severity.ALARM, alarm.severity());
            assertTrue("store.unavailable does not say the disk is full: " + reason,
                    reason.startsWith("the database's disk is full ("));
            assertTrue("store.unavailable does not name the database file on the full volume (" + h2 + "): " + reason,
                    reason.contains(h2));

            Thread.sleep(3_000); // the load goes on into the journal while the volume stays full
            long heldBack = store.engine.status().journalLag();
            String grow = run("mount", "-o", "remount,size=" + BIG, volume.toString());
            assertTrue("growing the tmpfs failed: " + grow, grow == null);
            long grown = System.nanoTime();
            assertTrue("store.recovered while the volume was still full: " + store.published,
                    published(EventTypes.STORE_RECOVERED).isEmpty());
            StoreFixture.await(() -> !published(EventTypes.STORE_RECOVERED).isEmpty(), 60_000,
                    () -> "no store.recovered within 60 s of growing the volume to " + BIG + "; status: "
                            + store.engine.status());
            long recoveredMillis = millis(grown);
            Thread.sleep(1_000);
            long total = load.stop();
            store.awaitCaughtUp(60_000);
            System.out.printf("volume grown to %s with %d events waiting in the journal: store.recovered after %d ms; "
                    + "%d events appended in all; store.unavailable raised %d time(s)%n", BIG, heldBack,
                    recoveredMillis, total, published(EventTypes.STORE_UNAVAILABLE).size());
            assertEquals("one outage, one alarm", 1, published(EventTypes.STORE_UNAVAILABLE).size());
            assertTrue("store.recovered came before store.unavailable",
                    indexOf(EventTypes.STORE_RECOVERED) > indexOf(EventTypes.STORE_UNAVAILABLE));
        } finally {
            load.stop();
        }

        // The database as a restarted hub finds it: the store stopped, the pool closed, the file opened anew.
        store.stopStore();
        dataSource.close();
        if (restart != null) {
            restart.restart();
        }
        dataSource = reopen.open();
        store.start(dataSource);
        store.awaitCaughtUp(30_000);
        // What was journaled: the load's events as appended (the journal itself has freed the segments the store
        // committed past) and whatever the journal still holds (the store's own events among them).
        Map<Long, Event> journaled = new TreeMap<>(load.events);
        journaled.putAll(journal(store));
        long head = store.journal.head();
        Map<Long, StoredEvent> stored = stored(store, load.from, Instant.now().plusSeconds(60));
        List<Long> missing = new ArrayList<>();
        List<String> different = new ArrayList<>();
        for (long position = 1; position <= head; position++) {
            StoredEvent s = stored.get(position);
            Event e = journaled.get(position);
            if (s == null) {
                missing.add(position);
            } else if (e != null && !s.event().equals(e)) {
                different.add(position + ": journaled " + e + ", stored " + s.event());
            }
        }
        if (!missing.isEmpty() || !different.isEmpty() || stored.size() != head) {
            fail("after the volume ran full and grew again, the reopened database is not the journal: "
                    + missing.size() + " positions missing (first " + missing.subList(0, Math.min(10, missing.size()))
                    + "), " + different.size() + " rows differ (first " + different.subList(0, Math.min(3, different.size()))
                    + "), " + stored.size() + " rows for journal positions 1.." + head + ". The database is on "
                    + "the tmpfs " + volume);
        }
        System.out.printf("volume full: the reopened database holds journal positions 1..%d once each; %d of them "
                + "compared field by field with what was journaled, all equal%n", head,
                journaled.keySet().stream().filter(p -> p <= head).count());
        // The access chain went through the outage: one record per Level-3 decision stored, in order, intact.
        long decisions = stored.values().stream().filter(e -> AccessProjector.isLevel3Decision(e.event())).count();
        ChainReport access = store.engine.verify(Chains.ACCESS);
        assertTrue("the access chain does not verify after the volume ran full: " + access.summary(), access.intact());
        assertEquals("access chain records after the outage (" + access.summary() + ")", decisions,
                access.lastSequence());
        assertEquals(decisions, access.recordsChecked());
        System.out.printf("volume full: %s%n", access.summary());
    }

    private static HikariDataSource h2DataSource(Path file) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:file:" + file); // the hub's default URL form (etc/org.ops4j.datasource-yakata.cfg)
        config.setUsername("yakata");
        config.setPassword("");
        config.setMaximumPoolSize(4);
        config.setConnectionTimeout(5000);
        config.setInitializationFailTimeout(-1);
        config.setPoolName("full-volume");
        return new HikariDataSource(config);
    }

    /** Control events appended to the journal at a steady rate, as the bus would, each with about 300 bytes of data. */
    private static final class Load implements Runnable {
        final StoreFixture store;
        final AtomicLong appended = new AtomicLong();
        final Map<Long, Event> events = new java.util.concurrent.ConcurrentHashMap<>();
        final AtomicBoolean running = new AtomicBoolean(true);
        final Instant from = Instant.now().minusSeconds(1);
        final Thread thread = new Thread(this, "test-volume-full-load");
        volatile Exception failure;

        Load(StoreFixture store) {
            this.store = store;
        }

        void start() {
            thread.start();
        }

        @Override
        public void run() {
            long start = System.nanoTime();
            try {
                while (running.get()) {
                    long due = (System.nanoTime() - start) * EVENTS_PER_SECOND / 1_000_000_000L;
                    while (appended.get() < due) {
                        long n = appended.incrementAndGet();
                        Event.Builder builder = Event.builder(n % 2 == 0 ? "door.forced" : "access.granted",
                                "door.b1.loading-bay").zone("B1").severity(n % 2 == 0 ? Severity.ALARM : Severity.INFO)
                                .sequence(n).put("n", n).put("card", "K" + n).put("note", PADDING);
                        if (n % 2 == 1) {
                            builder.put("level", 3L).put("door", "door.b1.loading-bay"); // a Long, as the journal gives it back
                        }
                        Event event = builder.build();
                        events.put(store.append(event), event);
                    }
                    Thread.sleep(1);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                failure = e;
            }
        }

        long stop() throws InterruptedException {
            running.set(false);
            thread.join(5000);
            if (failure != null) {
                throw new AssertionError("appending to the journal failed (the journal is not on the full volume): "
                        + failure, failure);
            }
            return appended.get();
        }
    }

    private List<Event> published(String type) {
        return store.published.stream().filter(e -> e.type().equals(type)).toList();
    }

    private int indexOf(String type) {
        for (int i = 0; i < store.published.size(); i++) {
            if (store.published.get(i).type().equals(type)) {
                return i;
            }
        }
        return -1;
    }

    private static Map<Long, Event> journal(StoreFixture store) throws Exception {
        Map<Long, Event> entries = new TreeMap<>();
        JournalCursor cursor = store.journal.transientCursor(0);
        for (List<JournalEntry> batch = cursor.poll(10_000, 0); !batch.isEmpty(); batch = cursor.poll(10_000, 0)) {
            batch.forEach(e -> entries.put(e.position(), e.event()));
        }
        return entries;
    }

    private static Map<Long, StoredEvent> stored(StoreFixture store, Instant from, Instant to) {
        Map<Long, StoredEvent> rows = new TreeMap<>();
        EventQuery query = EventQuery.between(from, to).withLimit(10_000);
        Page<StoredEvent> page = store.engine.events(query);
        while (true) {
            for (StoredEvent e : page.items()) {
                if (rows.put(e.position(), e) != null) {
                    fail("journal position " + e.position() + " is stored twice");
                }
            }
            if (!page.hasNext()) {
                return rows;
            }
            page = store.engine.events(query.withNext(page.next()));
        }
    }

    private String usage() {
        try {
            FileStore fs = Files.getFileStore(volume);
            return (fs.getTotalSpace() - fs.getUsableSpace()) / 1024 + " KiB used of " + fs.getTotalSpace() / 1024 + " KiB";
        } catch (IOException e) {
            return "(usage unknown: " + e.getMessage() + ")";
        }
    }

    private static long millis(long since) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since);
    }

    /**
     * The test's own PostgreSQL (Debian's initdb and pg_ctl, run as the postgres user) with its data directory and
     * socket on the tmpfs, on a free 127.0.0.1 port: never the shared service on 5432.
     */
    private static final class OwnPostgres implements AutoCloseable {
        final Path data;
        final int port;
        final Path log;

        private OwnPostgres(Path data, int port, Path log) {
            this.data = data;
            this.port = port;
            this.log = log;
        }

        static String uid() throws Exception {
            Process p = new ProcessBuilder("id", "-u", "postgres").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.waitFor() != 0) {
                fail("the PostgreSQL case needs the postgres user (Debian's postgresql package): " + out);
            }
            return out;
        }

        static OwnPostgres start(Path data) throws Exception {
            Path logs = Files.createTempDirectory("store-volume-full-pg-");
            assertNull(run("chown", "postgres", logs.toString()));
            int port;
            try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                port = socket.getLocalPort();
            }
            OwnPostgres pg = new OwnPostgres(data, port, logs.resolve("postgres.log"));
            assertNull(run("runuser", "-u", "postgres", "--", bin("initdb"), "-D", data.toString(), "-A", "trust",
                    "-U", "postgres", "--no-sync", "-E", "UTF8"));
            pg.pgCtl("start");
            return pg;
        }

        private void pgCtl(String action) throws Exception {
            String out = run("runuser", "-u", "postgres", "--", bin("pg_ctl"), "-D", data.toString(), "-l",
                    log.toString(), "-w", "-t", "60", "-m", "fast", "-o", "-p " + port + " -c listen_addresses=127.0.0.1 -k "
                    + data.getParent(), action);
            if (out != null) {
                fail("pg_ctl " + action + " failed: " + out + "\n" + (Files.exists(log) ? Files.readString(log) : ""));
            }
        }

        void restart() throws Exception {
            pgCtl("restart");
        }

        HikariDataSource dataSource() {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl("jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres&reWriteBatchedInserts=true");
            config.setMaximumPoolSize(4);
            config.setConnectionTimeout(5000);
            config.setInitializationFailTimeout(-1);
            config.setPoolName("full-volume-pg");
            return new HikariDataSource(config);
        }

        /** A binary of Debian's postgresql package: on PATH, else in its versioned folder. */
        private static String bin(String name) throws IOException {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
                if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                    return Path.of(dir, name).toString();
                }
            }
            try (java.util.stream.Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
                return versions.map(v -> v.resolve("bin").resolve(name)).filter(Files::isExecutable).findFirst()
                        .orElseThrow(() -> new AssertionError(name + " not found: install Debian's postgresql package"))
                        .toString();
            }
        }

        @Override
        public void close() throws Exception {
            run("runuser", "-u", "postgres", "--", bin("pg_ctl"), "-D", data.toString(), "-m", "immediate", "-w", "stop");
        }
    }

    /** Runs a command; null when it succeeded, else what it printed. */
    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return String.join(" ", command) + " did not finish within 30 s";
        }
        return p.exitValue() == 0 ? null : String.join(" ", command) + " exited " + p.exitValue() + ": " + out;
    }
}
