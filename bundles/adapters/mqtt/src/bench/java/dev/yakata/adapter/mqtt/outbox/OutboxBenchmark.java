package dev.yakata.adapter.mqtt.outbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * Throughput of the outbox: appends alone, appends with a reader that acknowledges as it goes (the live case), and
 * replay of a million stored records after a reopen (the after-an-outage case). Not part of the build; run by hand:
 *
 * <pre>
 * cd bundles/adapters/mqtt
 * CP=target/classes:$HOME/.m2/repository/org/slf4j/slf4j-api/1.7.36/slf4j-api-1.7.36.jar
 * javac -d /tmp/outbox-bench -cp $CP src/bench/java/dev/yakata/adapter/mqtt/outbox/OutboxBenchmark.java
 * java -cp /tmp/outbox-bench:$CP dev.yakata.adapter.mqtt.outbox.OutboxBenchmark [directory] [records]
 * </pre>
 *
 * The directory (default: a new one under java.io.tmpdir) should be on the disk the hub will use; it is emptied.
 */
public final class OutboxBenchmark {

    private static final int RECORD_BYTES = 400;
    private static final int BATCH = 1000;

    private OutboxBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path root = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("outbox-bench");
        int records = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        OutboxSettings settings = OutboxSettings.defaults().withMaxBytes(2L << 30);
        byte[] payload = envelope();
        System.out.printf("records of %d bytes, %d per run, directory %s, %d cores%n", payload.length, records, root,
                Runtime.getRuntime().availableProcessors());

        // Warm-up, so the JIT has compiled the paths before anything is timed.
        appendOnly(root.resolve("warmup"), settings, payload, records / 10);
        replay(root.resolve("warmup"), settings, records / 10);
        appendWithReader(root.resolve("warmup2"), settings, payload, records / 10);
        delete(root.resolve("warmup"));
        delete(root.resolve("warmup2"));

        report("append, no reader", records, payload.length, appendOnly(root.resolve("a"), settings, payload, records));
        report("replay after reopen (read + acknowledge)", records, payload.length,
                replay(root.resolve("a"), settings, records));
        report("append with a concurrent reader/acknowledger", records, payload.length,
                appendWithReader(root.resolve("b"), settings, payload, records));
        delete(root.resolve("a"));
        delete(root.resolve("b"));
    }

    /** Something shaped like the bridge's JSON event envelope. */
    private static byte[] envelope() {
        StringBuilder json = new StringBuilder("{\"id\":\"3f1c9a52-7d0e-4c8b-9a61-2b7e5d0c4f18\",\"type\":"
                + "\"door.swipe\",\"source\":\"door-entry-3\",\"time\":\"2025-01-01T12:00:00.000Z\",\"lane\":"
                + "\"control\",\"data\":{\"reader\":\"entry\",\"card\":\"04A2B9C1D3\",\"result\":\"granted\",\"note\":\"");
        while (json.length() < RECORD_BYTES - 3) {
            json.append('x');
        }
        return json.append("\"}}").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static long appendOnly(Path directory, OutboxSettings settings, byte[] payload, int records)
            throws Exception {
        delete(directory);
        try (Outbox outbox = Outbox.open(directory, settings)) {
            long start = System.nanoTime();
            for (int i = 0; i < records; i++) {
                outbox.append(payload);
            }
            return System.nanoTime() - start;
        }
    }

    private static long replay(Path directory, OutboxSettings settings, int records) throws Exception {
        try (Outbox outbox = Outbox.open(directory, settings)) {
            long start = System.nanoTime();
            long read = 0;
            while (true) {
                List<OutboxRecord> batch = outbox.read(outbox.acknowledged() + 1, BATCH);
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

    private static long appendWithReader(Path directory, OutboxSettings settings, byte[] payload, int records)
            throws Exception {
        delete(directory);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try (Outbox outbox = Outbox.open(directory, settings)) {
            Thread reader = new Thread(() -> {
                try {
                    long received = 0;
                    while (received < records) {
                        List<OutboxRecord> batch = outbox.read(outbox.acknowledged() + 1, BATCH);
                        if (batch.isEmpty()) {
                            LockSupport.parkNanos(20_000);
                            continue;
                        }
                        received += batch.size();
                        outbox.acknowledge(batch.get(batch.size() - 1).sequence());
                    }
                } catch (Throwable e) {
                    failure.set(e);
                }
            }, "bench-reader");
            long start = System.nanoTime();
            reader.start();
            for (int i = 0; i < records; i++) {
                outbox.append(payload);
            }
            long appendDone = System.nanoTime() - start;
            reader.join();
            long allRead = System.nanoTime() - start;
            if (failure.get() != null) {
                throw new IllegalStateException(failure.get());
            }
            System.out.printf("  (appender finished after %.0f ms, reader %.0f ms later)%n", appendDone / 1e6,
                    (allRead - appendDone) / 1e6);
            return allRead;
        }
    }

    private static void report(String what, int records, int payloadBytes, long nanos) {
        double seconds = nanos / 1e9;
        System.out.printf("%-48s %,12.0f records/s %8.1f MB/s  (%,d records in %.2f s)%n", what, records / seconds,
                (double) records * payloadBytes / seconds / 1e6, records, seconds);
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
