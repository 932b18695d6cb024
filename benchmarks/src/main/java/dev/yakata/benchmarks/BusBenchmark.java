package dev.yakata.benchmarks;

import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventListener;
import dev.yakata.api.event.EventTypes;
import dev.yakata.bus.api.LaneStatistics;
import dev.yakata.bus.BusSettings;
import dev.yakata.bus.YakataEventBus;
import dev.yakata.journal.internal.JournalSettings;
import dev.yakata.journal.internal.SegmentedJournal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Producer;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * Load harness for the bus, in one run:
 * <ol type="a">
 * <li>baseline: a bare Camel {@code direct:} route with a no-op processor, exchanges/s from one thread;</li>
 * <li>telemetry throughput: {@code point.changed} from publish to a listener behind the canonical telemetry route,
 * events/s delivered (drops reported separately, never counted as throughput);</li>
 * <li>control latency: publish to listener receipt, p50/p99/max, at a fixed rate while a telemetry listener is stuck
 * and telemetry floods the bus.</li>
 * </ol>
 * Arguments: {@code [seconds-per-measurement (5)] [control-rate-per-s (2000)] [control-seconds (10)]}.
 *
 * <p>Every bus runs on the real journal (defaults: fsync every 200 ms) in a temporary folder. The same harness
 * measures the path through the core ({@code CoreBenchmark} in the core's own benchmark sources, which passes a
 * publisher that enters through a device's context).
 */
public final class BusBenchmark {

    /** The telemetry rate the hub is designed for (the throughput target), for the paced flood in (c). */
    public static final int TELEMETRY_DESIGN_RATE = 100_000;

    /** The last baseline measured in this run, to state throughput as a share of it. */
    private static double baselineRate;

    private BusBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        int controlSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        header();
        baseline(seconds);
        telemetryThroughput(seconds, bus -> bus::publish);
        controlLatency(rate, controlSeconds, 0, bus -> bus::publish);
        controlLatency(rate, controlSeconds, TELEMETRY_DESIGN_RATE, bus -> bus::publish);
        baseline(seconds);
    }

    public static void header() {
        System.out.printf("Java %s, %d CPUs%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());
    }

    /** The machine's load average now, since other work on a shared machine moves every figure. */
    public static String load() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return "load average " + parts[0];
        } catch (IOException | RuntimeException e) {
            return "load average unknown";
        }
    }

    /** A bus on a fresh journal in a temporary folder, with the default settings. */
    public static final class BenchBus implements AutoCloseable {
        public final YakataEventBus bus;
        private final SegmentedJournal journal;
        private final Path directory;

        public BenchBus() throws Exception {
            directory = Files.createTempDirectory("yakata-bench-journal");
            journal = SegmentedJournal.open(directory, JournalSettings.defaults());
            bus = new YakataEventBus(journal);
            bus.start(BusSettings.defaults(null));
        }

        @Override
        public void close() throws IOException {
            bus.stop();
            journal.close();
            try (var files = Files.walk(directory)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /**
     * The floor under any control latency here: a bare hand-off from the paced publisher through {@code hops}
     * threads, as an event goes from its publisher to a listener's worker (one hop) or, before the control lane had
     * one hop, through the dispatcher first (two), with nothing else running. On a virtual machine a thread woken on
     * an idle (halted) vCPU waits for the host to run that vCPU again, which is most of this figure's tail.
     */
    public static void handoffBaseline(int ratePerSecond, int seconds) throws Exception {
        handoffBaseline(ratePerSecond, seconds, 2);
    }

    public static void handoffBaseline(int ratePerSecond, int seconds, int hops) throws Exception {
        int total = ratePerSecond * seconds;
        long[] latencies = new long[total];
        List<java.util.concurrent.BlockingQueue<Long>> queues = new ArrayList<>();
        for (int h = 0; h < hops; h++) {
            queues.add(new java.util.concurrent.ArrayBlockingQueue<>(1024));
        }
        List<Thread> threads = new ArrayList<>();
        for (int h = 0; h < hops; h++) {
            java.util.concurrent.BlockingQueue<Long> in = queues.get(h);
            java.util.concurrent.BlockingQueue<Long> out = h + 1 < hops ? queues.get(h + 1) : null;
            threads.add(new Thread(() -> {
                try {
                    for (int i = 0; i < total; i++) {
                        long sent = in.take();
                        if (out != null) {
                            out.put(sent);
                        } else {
                            latencies[i] = System.nanoTime() - sent;
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "bench-hop-" + (h + 1)));
        }
        threads.forEach(Thread::start);
        long interval = 1_000_000_000L / ratePerSecond;
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long wait = start + i * interval - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            queues.get(0).put(System.nanoTime());
        }
        threads.get(hops - 1).join(TimeUnit.SECONDS.toMillis(10));
        threads.forEach(Thread::interrupt);
        long[] sorted = latencies.clone();
        Arrays.sort(sorted);
        System.out.printf("(h%d) baseline, a bare hand-off through %d thread%s at %,d/s for %d s (%s):%n", hops, hops,
                hops == 1 ? "" : "s", ratePerSecond, seconds, load());
        System.out.printf("    p50 %.3f ms, p99 %.3f ms, max %.3f ms%n", pct(sorted, 0.50) / 1e6, pct(sorted, 0.99) / 1e6,
                sorted[total - 1] / 1e6);
    }

    /** (a) A bare direct: route with a no-op processor, driven from one thread. */
    public static void baseline(int seconds) throws Exception {
        try (DefaultCamelContext ctx = new DefaultCamelContext(false)) {
            ctx.getCamelContextExtension().setName("baseline");
            ctx.disableJMX();
            ctx.build();
            ctx.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:bench").routeId("bench").process(e -> { });
                }
            });
            ctx.start();
            Endpoint endpoint = ctx.getEndpoint("direct:bench");
            Producer producer = endpoint.createProducer();
            producer.start();
            Event body = point(0);
            run(1, () -> sendOnce(endpoint, producer, body)); // warm-up
            long n = run(seconds, () -> sendOnce(endpoint, producer, body));
            double rate = n / (double) seconds;
            // on a shared machine one reading can be starved: a run measures it first and last and compares
            // against the higher one, which can only make the ratios smaller
            baselineRate = Math.max(baselineRate, rate);
            System.out.printf("(a) baseline direct: no-op route        %,12.0f exchanges/s (one thread, %d s; %s)%n",
                    rate, seconds, load());
        }
    }

    private static void sendOnce(Endpoint endpoint, Producer producer, Event body) {
        Exchange exchange = endpoint.createExchange();
        exchange.getMessage().setBody(body);
        try {
            producer.process(exchange);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long run(int seconds, Runnable op) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long n = 0;
        while (true) {
            for (int i = 0; i < 1000; i++) {
                op.run();
            }
            n += 1000;
            if (System.nanoTime() - end >= 0) {
                return n;
            }
        }
    }

    /** (b) publish → telemetry lane → canonical route → listener, as fast as one publisher thread can. */
    public static void telemetryThroughput(int seconds, Function<YakataEventBus, EventPublisher> publisherFor)
            throws Exception {
        try (BenchBus bench = new BenchBus()) {
            YakataEventBus bus = bench.bus;
            LongAdder delivered = new LongAdder();
            bus.addListener(e -> delivered.increment(), Map.of(YakataEventBus.LISTENER_NAME, "counter",
                    EventListener.EVENT_TYPES, EventTypes.POINT_CHANGED, EventListener.QUEUE_SIZE, 50_000));
            EventPublisher publisher = publisherFor.apply(bus);
            AtomicBoolean running = new AtomicBoolean(true);
            LongAdder refused = new LongAdder();
            Thread flood = new Thread(() -> {
                Event e = point(1);
                while (running.get()) {
                    if (!publisher.publish(e)) {
                        refused.increment();
                        Thread.onSpinWait();
                    }
                }
            }, "bench-telemetry-publisher");
            flood.start();
            Thread.sleep(2000); // warm-up
            long d0 = delivered.sum();
            long r0 = refused.sum();
            long ld0 = stat(bus, "listener:counter").dropped();
            long t0 = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            long d1 = delivered.sum();
            long r1 = refused.sum();
            long ld1 = stat(bus, "listener:counter").dropped();
            double elapsed = (System.nanoTime() - t0) / 1e9;
            running.set(false);
            flood.join();
            double rate = (d1 - d0) / elapsed;
            System.out.printf("(b) telemetry publish->listener         %,12.0f events/s delivered (%d s) = %.2f of the"
                    + " best baseline so far; %s%n", rate, seconds, baselineRate == 0 ? 0 : rate / baselineRate,
                    load());
            System.out.printf("    not counted: %,d publishes refused (telemetry lane full), %,d dropped at the"
                    + " listener queue%n", r1 - r0, ld1 - ld0);
        }
    }

    /** (c) control latency at a fixed rate while a telemetry listener is stuck and telemetry floods. */
    public static void controlLatency(int ratePerSecond, int seconds, int floodPerSecond,
            Function<YakataEventBus, EventPublisher> publisherFor)
            throws Exception {
        BenchBus bench = new BenchBus();
        YakataEventBus bus = bench.bus;
        CountDownLatch release = new CountDownLatch(1);
        try {
            bus.addListener(e -> {
                try {
                    release.await();
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                }
            }, Map.of(YakataEventBus.LISTENER_NAME, "stuck-telemetry", EventListener.EVENT_TYPES,
                    EventTypes.POINT_CHANGED));
            int total = ratePerSecond * seconds;
            long[] latencies = new long[total];
            long[] sentAt = new long[total];
            AtomicInteger received = new AtomicInteger();
            bus.addListener(e -> {
                long sent = (Long) e.data().get("sentNanos");
                int i = received.getAndIncrement();
                if (i < latencies.length) {
                    latencies[i] = System.nanoTime() - sent;
                    sentAt[i] = sent;
                }
            }, Map.of(YakataEventBus.LISTENER_NAME, "control", EventListener.EVENT_TYPES, "access.*"));
            EventPublisher publisher = publisherFor.apply(bus);
            AtomicBoolean flooding = new AtomicBoolean(true);
            LongAdder floodSent = new LongAdder();
            LongAdder floodRefused = new LongAdder();
            // floodPerSecond 0: as fast as one thread can; otherwise paced in batches of 100.
            Thread flood = new Thread(() -> {
                Event e = point(2);
                long batchNanos = floodPerSecond == 0 ? 0 : 100 * 1_000_000_000L / floodPerSecond;
                long due = System.nanoTime();
                while (flooding.get()) {
                    for (int b = 0; b < 100; b++) {
                        floodSent.increment();
                        if (!publisher.publish(e)) {
                            floodRefused.increment();
                        }
                    }
                    if (batchNanos > 0) {
                        due += batchNanos;
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            LockSupport.parkNanos(wait);
                        }
                    }
                }
            }, "bench-telemetry-flood");
            flood.start();
            Thread.sleep(500);
            long[] gc0 = gc();
            long interval = 1_000_000_000L / ratePerSecond;
            long start = System.nanoTime();
            int controlRefused = 0;
            for (int i = 0; i < total; i++) {
                long due = start + i * interval;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                Event e = Event.of(EventTypes.ACCESS_GRANTED, "reader-1")
                        .withData(Map.of("sentNanos", System.nanoTime()));
                if (!publisher.publish(e)) {
                    controlRefused++;
                }
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (received.get() < total - controlRefused && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            long[] gc1 = gc();
            flooding.set(false);
            flood.join();
            int n = Math.min(received.get(), total);
            long[] sorted = Arrays.copyOf(latencies, n);
            Arrays.sort(sorted);
            System.out.printf("(c) control latency at %,d/s for %d s, telemetry %s, a telemetry listener stuck (%s):%n",
                    ratePerSecond, seconds, floodPerSecond == 0 ? "flooding from one thread unpaced"
                            : String.format("at %,d events/s", floodPerSecond), load());
            System.out.printf("    p50 %.3f ms, p99 %.3f ms, max %.3f ms (%,d received of %,d, %d refused)%n",
                    pct(sorted, 0.50) / 1e6, pct(sorted, 0.99) / 1e6, (n == 0 ? 0 : sorted[n - 1]) / 1e6, n, total,
                    controlRefused);
            if (Boolean.getBoolean("bench.tail")) {
                tail(latencies, sentAt, n, pct(sorted, 0.99), start);
            }
            System.out.printf("    meanwhile %d garbage collections took %d ms in all (each one delays the events"
                    + " in flight)%n", gc1[0] - gc0[0], gc1[1] - gc0[1]);
            System.out.printf("    telemetry flood: %,d published, %,d refused to the publisher, %,d shed by the lane;"
                    + " stuck listener dropped %,d; control lane: %s%n", floodSent.sum(), floodRefused.sum(),
                    stat(bus, "lane:telemetry").dropped(), stat(bus, "listener:stuck-telemetry").dropped(),
                    stat(bus, "lane:control"));
        } finally {
            release.countDown();
            bench.close();
        }
    }

    /**
     * When the events slower than the p99 were sent ({@code -Dbench.tail=true}): slow events sent within 5 ms of each
     * other form one stall; a few long stalls point at pauses (collector, disk), many short scattered ones at the
     * scheduler.
     */
    private static void tail(long[] latencies, long[] sentAt, int n, long p99, long start) {
        List<long[]> slow = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (latencies[i] >= p99) {
                slow.add(new long[] {sentAt[i] - start, latencies[i]});
            }
        }
        slow.sort(Comparator.comparingLong(a -> a[0]));
        StringBuilder stalls = new StringBuilder();
        int count = 0;
        for (int i = 0; i < slow.size(); ) {
            int j = i;
            long worst = slow.get(i)[1];
            while (j + 1 < slow.size() && slow.get(j + 1)[0] - slow.get(j)[0] < 5_000_000L) {
                j++;
                worst = Math.max(worst, slow.get(j)[1]);
            }
            count++;
            if (count <= 40) {
                stalls.append(String.format(" %.0fms:%dx/%.1fms", slow.get(i)[0] / 1e6, j - i + 1, worst / 1e6));
            }
            i = j + 1;
        }
        System.out.printf("    the %d events at or above p99 form %d stalls (sent at: count/worst):%s%n", slow.size(),
                count, stalls);
    }

    /** Collections so far and their total time in ms, over every collector. */
    private static long[] gc() {
        long count = 0;
        long millis = 0;
        for (var bean : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, bean.getCollectionCount());
            millis += Math.max(0, bean.getCollectionTime());
        }
        return new long[] {count, millis};
    }

    private static long pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private static LaneStatistics stat(YakataEventBus bus, String name) {
        return bus.statistics().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    static Event point(int i) {
        return Event.of(EventTypes.POINT_CHANGED, "bench-device").withSubject("p" + i)
                .withData(Map.of("point", "p" + i, "value", 21.5, "quality", "GOOD"));
    }
}
