package dev.yakata.journal.internal;

import dev.yakata.api.event.Event;
import dev.yakata.api.event.Severity;
import dev.yakata.journal.api.JournalCursor;
import dev.yakata.journal.api.JournalEntry;
import dev.yakata.journal.baseline.Outbox;
import dev.yakata.journal.baseline.OutboxSettings;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * Append rate of the journal with records forced every 200 ms (the default), against the old MQTT outbox appending
 * the same encoded bytes with the same sync interval, measured in the same run; then replay after a reopen and append
 * while reading (two named consumers for the journal, its one reader for the outbox), each beside the outbox's
 * figure. Not part of the build:
 *
 * <pre>
 * mvn -o -B -q -f bundles/journal/pom.xml -Pbench -DskipTests test-compile exec:exec
 *     [-Dbench.args="DIRECTORY RECORDS ROUNDS"]
 * </pre>
 *
 * The directory (default: a new one under java.io.tmpdir) should be on the disk the hub will use; it is emptied.
 * Rounds alternate journal and outbox so a change in the machine's load hits both alike.
 */
public final class JournalBenchmark {

    private static final int POOL = 4096;

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** CPU time of the appending thread in the last run, so a figure can be read apart from the machine's load. */
    private static long lastCpuNanos;

    private JournalBenchmark() {
    }

    /** A typical control-lane event: a swipe answered by an access decision, as the bus journals it. */
    static Event controlEvent(long n) {
        return Event.builder("access.granted", "door.2f.server-room")
                .id("5e1f2a9c3b7d-" + Long.toString(n, 36))
                .time(Instant.ofEpochSecond(1_800_000_000L + n / 1000, (n % 1000) * 1_000_000))
                .subject("reader-in")
                .zone("L3")
                .severity(Severity.INFO)
                .put("reader", "in")
                .put("direction", "entry")
                .put("card", "p-7f3a91c2e4b85d06")
                .put("person", "suzuki.h")
                .put("door", "door.2f.server-room")
                .sequence(n)
                .correlationId("swipe-" + n)
                .actor("card:p-7f3a91c2e4b85d06")
                .build();
    }

    public static void main(String[] args) throws Exception {
        Path root = args.length > 0 && !args[0].isBlank() ? Path.of(args[0])
                : Files.createTempDirectory("journal-bench");
        int records = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        JournalSettings journalSettings = JournalSettings.defaults().withMaxBytes(4L << 30);
        OutboxSettings outboxSettings = OutboxSettings.defaults().withMaxBytes(4L << 30); // 200 ms sync, as the journal
        // A pool of distinct events appended in turn: a million prebuilt events would fill the heap and time the
        // garbage collector instead of the journal.
        Event[] events = new Event[POOL];
        for (int i = 0; i < POOL; i++) {
            events[i] = controlEvent(i + 1);
        }
        byte[] encoded = EventCodec.toBytes(events[0]);
        System.out.printf("typical control event: %d bytes encoded; %,d records per run, %d rounds, directory %s, "
                + "%d cores, sync every %d ms%n", encoded.length, records, rounds, root,
                Runtime.getRuntime().availableProcessors(), journalSettings.syncIntervalMillis());

        // Warm-up, so the JIT has compiled the paths before anything is timed.
        journalAppend(root.resolve("warm-j"), journalSettings, events, records / 5);
        outboxAppend(root.resolve("warm-o"), outboxSettings, encoded, records / 5);
        journalWithConsumers(root.resolve("warm-c"), journalSettings, events, records / 5);
        delete(root.resolve("warm-j"));
        delete(root.resolve("warm-o"));
        delete(root.resolve("warm-c"));

        double[] journal = new double[rounds];
        double[] outbox = new double[rounds];
        for (int round = 0; round < rounds; round++) {
            journal[round] = rate(records, journalAppend(root.resolve("j"), journalSettings, events, records));
            double journalCpu = lastCpuNanos / 1e3 / records;
            outbox[round] = rate(records, outboxAppend(root.resolve("o"), outboxSettings, encoded, records));
            double outboxCpu = lastCpuNanos / 1e3 / records;
            System.out.printf("round %d: journal append (encode + write) %,10.0f records/s (%.2f us CPU each)   "
                    + "outbox append of the same bytes (baseline) %,10.0f records/s (%.2f us CPU each)%n",
                    round + 1, journal[round], journalCpu, outbox[round], outboxCpu);
            if (round < rounds - 1) {
                delete(root.resolve("j"));
                delete(root.resolve("o"));
            }
        }
        System.out.printf("median:  journal %,10.0f records/s   baseline outbox %,10.0f records/s   ratio %.2f%n",
                median(journal), median(outbox), median(journal) / median(outbox));
        double replay = rate(records, replay(root.resolve("j"), journalSettings, records));
        double outboxReplay = rate(records, outboxReplay(root.resolve("o"), outboxSettings, records));
        System.out.printf("replay after reopen: journal (poll 1000 + decode + commit) %,10.0f records/s   outbox "
                + "(read 1000 + acknowledge, bytes only; baseline) %,10.0f records/s%n", replay, outboxReplay);
        double live = rate(records, journalWithConsumers(root.resolve("c"), journalSettings, events, records));
        double outboxLive = rate(records, outboxWithReader(root.resolve("d"), outboxSettings, encoded, records));
        System.out.printf("append while reading, until all is read: journal with two consumers %,10.0f records/s   "
                + "outbox with its one reader (baseline) %,10.0f records/s%n", live, outboxLive);
        for (String run : new String[] {"j", "o", "c", "d"}) {
            delete(root.resolve(run));
        }
    }

    private static long journalAppend(Path directory, JournalSettings settings, Event[] events, int records)
            throws Exception {
        delete(directory);
        try (SegmentedJournal journal = SegmentedJournal.open(directory, settings)) {
            long cpu = THREADS.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            for (int i = 0; i < records; i++) {
                journal.append(events[i % POOL]);
            }
            long elapsed = System.nanoTime() - start;
            lastCpuNanos = THREADS.getCurrentThreadCpuTime() - cpu;
            return elapsed;
        }
    }

    private static long outboxAppend(Path directory, OutboxSettings settings, byte[] encoded, int records)
            throws Exception {
        delete(directory);
        try (Outbox outbox = Outbox.open(directory, settings)) {
            long cpu = THREADS.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            for (int i = 0; i < records; i++) {
                outbox.append(encoded);
            }
            long elapsed = System.nanoTime() - start;
            lastCpuNanos = THREADS.getCurrentThreadCpuTime() - cpu;
            return elapsed;
        }
    }

    private static long replay(Path directory, JournalSettings settings, int records) throws Exception {
        try (SegmentedJournal journal = SegmentedJournal.open(directory, settings)) {
            JournalCursor cursor = journal.cursor("bench");
            long start = System.nanoTime();
            long read = 0;
            while (true) {
                List<JournalEntry> batch = cursor.poll(1000, 0);
                if (batch.isEmpty()) {
                    break;
                }
                read += batch.size();
                cursor.commit(batch.get(batch.size() - 1).position());
            }
            long elapsed = System.nanoTime() - start;
            if (read != records) {
                throw new IllegalStateException("replayed " + read + " of " + records);
            }
            return elapsed;
        }
    }

    private static long outboxReplay(Path directory, OutboxSettings settings, int records) throws Exception {
        try (Outbox outbox = Outbox.open(directory, settings)) {
            long start = System.nanoTime();
            long read = 0;
            while (true) {
                List<dev.yakata.journal.baseline.OutboxRecord> batch = outbox.read(outbox.acknowledged() + 1, 1000);
                if (batch.isEmpty()) {
                    break;
                }
                read += batch.size();
                outbox.acknowledge(batch.get(batch.size() - 1).sequence());
            }
            long elapsed = System.nanoTime() - start;
            if (read != records) {
                throw new IllegalStateException("replayed " + read + " of " + records);
            }
            return elapsed;
        }
    }

    private static long outboxWithReader(Path directory, OutboxSettings settings, byte[] encoded, int records)
            throws Exception {
        delete(directory);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try (Outbox outbox = Outbox.open(directory, settings)) {
            Thread reader = new Thread(() -> {
                try {
                    long received = 0;
                    while (received < records) {
                        var batch = outbox.read(outbox.acknowledged() + 1, 1000);
                        if (batch.isEmpty()) {
                            java.util.concurrent.locks.LockSupport.parkNanos(20_000);
                            continue;
                        }
                        received += batch.size();
                        outbox.acknowledge(batch.get(batch.size() - 1).sequence());
                    }
                } catch (Throwable e) {
                    failure.set(e);
                }
            }, "bench-outbox-reader");
            long start = System.nanoTime();
            reader.start();
            for (int i = 0; i < records; i++) {
                outbox.append(encoded);
            }
            reader.join();
            if (failure.get() != null) {
                throw new IllegalStateException(failure.get());
            }
            return System.nanoTime() - start;
        }
    }

    private static long journalWithConsumers(Path directory, JournalSettings settings, Event[] events, int records)
            throws Exception {
        delete(directory);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try (SegmentedJournal journal = SegmentedJournal.open(directory, settings)) {
            Thread[] readers = new Thread[2];
            for (int r = 0; r < readers.length; r++) {
                JournalCursor cursor = journal.cursor("bench-" + r);
                readers[r] = new Thread(() -> {
                    try {
                        long received = 0;
                        while (received < records) {
                            List<JournalEntry> batch = cursor.poll(1000, 100);
                            if (!batch.isEmpty()) {
                                received += batch.size();
                                cursor.commit(batch.get(batch.size() - 1).position());
                            }
                        }
                    } catch (Throwable e) {
                        failure.set(e);
                    }
                }, "bench-reader-" + r);
            }
            long start = System.nanoTime();
            for (Thread reader : readers) {
                reader.start();
            }
            for (int i = 0; i < records; i++) {
                journal.append(events[i % POOL]);
            }
            for (Thread reader : readers) {
                reader.join();
            }
            if (failure.get() != null) {
                throw new IllegalStateException(failure.get());
            }
            return System.nanoTime() - start;
        }
    }

    private static double rate(int records, long nanos) {
        return records / (nanos / 1e9);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static void delete(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
