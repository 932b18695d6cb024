package dev.yakata.core.internal;

import dev.yakata.benchmarks.BusBenchmark;
import dev.yakata.benchmarks.EventPublisher;
import dev.yakata.bus.YakataEventBus;
import java.util.ArrayList;
import java.util.List;

/**
 * The bus benchmark through the core, with its baseline in the same run: (a) a bare Camel {@code direct:} no-op
 * route, then (b) telemetry and (c) control latency entered the way adapters enter, through a device's
 * {@code DeviceContext} (values typed, de-duplicated, stored, flood-guarded, then published). The bus alone is
 * {@code java -jar benchmarks/target/benchmarks.jar}.
 *
 * <p>Run: {@code mvn -o -B -q -Pbench -pl bundles/core -am -DskipTests process-test-classes
 * -Dbench.args="5 2000 10"}; arguments as {@link BusBenchmark}'s.
 */
public final class CoreBenchmark {

    private static final List<CorePublishPath> PATHS = new ArrayList<>();

    private CoreBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        int controlSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        boolean busToo = args.length > 3 && args[3].equals("with-bus");
        BusBenchmark.header();
        if (args.length > 3 && args[3].equals("core-only")) {
            coreOnly(seconds);
            return;
        }
        if (args.length > 3 && args[3].equals("allocation")) {
            allocation(seconds);
            return;
        }
        if (args.length > 3 && args[3].equals("latency-core")) { // the two readings through the core and their floor
            BusBenchmark.handoffBaseline(rate, controlSeconds, 1);
            BusBenchmark.handoffBaseline(rate, controlSeconds, 2);
            BusBenchmark.controlLatency(rate, controlSeconds, 0, CoreBenchmark::throughCore);
            closePaths();
            BusBenchmark.controlLatency(rate, controlSeconds, BusBenchmark.TELEMETRY_DESIGN_RATE,
                    CoreBenchmark::throughCore);
            closePaths();
            BusBenchmark.handoffBaseline(rate, controlSeconds, 1);
            BusBenchmark.handoffBaseline(rate, controlSeconds, 2);
            return;
        }
        if (args.length > 3 && args[3].equals("latency")) {
            BusBenchmark.controlLatency(rate, controlSeconds, 0, bus -> bus::publish);
            BusBenchmark.controlLatency(rate, controlSeconds, 0, CoreBenchmark::throughCore);
            closePaths();
            BusBenchmark.controlLatency(rate, controlSeconds, BusBenchmark.TELEMETRY_DESIGN_RATE,
                    CoreBenchmark::throughCore);
            closePaths();
            return;
        }
        BusBenchmark.baseline(seconds);
        if (busToo) {
            System.out.println("The bus alone (EventBus.publish):");
            BusBenchmark.telemetryThroughput(seconds, bus -> bus::publish);
            BusBenchmark.controlLatency(rate, controlSeconds, 0, bus -> bus::publish);
            BusBenchmark.controlLatency(rate, controlSeconds, BusBenchmark.TELEMETRY_DESIGN_RATE, bus -> bus::publish);
        }
        System.out.println("Through the core: an adapter publishing via its DeviceContext (values typed,"
                + " de-duplicated, stored):");
        BusBenchmark.telemetryThroughput(seconds, CoreBenchmark::throughCore);
        closePaths();
        System.out.println("The baseline again (the ratio above is to the higher of the two):");
        BusBenchmark.baseline(seconds);
        BusBenchmark.telemetryThroughput(seconds, CoreBenchmark::throughCore);
        closePaths();
        BusBenchmark.controlLatency(rate, controlSeconds, 0, CoreBenchmark::throughCore);
        closePaths();
        BusBenchmark.controlLatency(rate, controlSeconds, BusBenchmark.TELEMETRY_DESIGN_RATE,
                CoreBenchmark::throughCore);
        closePaths();
    }

    /** publishValue alone, into a bus that takes everything and does nothing: the core's own share of the path. */
    private static void coreOnly(int seconds) throws Exception {
        dev.yakata.bus.api.EventBus nothing = new dev.yakata.bus.api.EventBus() {
            @Override
            public boolean publish(dev.yakata.api.event.Event event) {
                return true;
            }

            @Override
            public List<dev.yakata.bus.api.LaneStatistics> statistics() {
                return List.of();
            }
        };
        try (CorePublishPath path = new CorePublishPath(nothing)) {
            dev.yakata.api.event.Event e = dev.yakata.api.event.Event.of("point.changed", "x");
            for (int round = 0; round < 3; round++) {
                long n = 0;
                long end = System.nanoTime() + seconds * 1_000_000_000L;
                long t0 = System.nanoTime();
                while (System.nanoTime() < end) {
                    for (int i = 0; i < 1000; i++) {
                        path.publish(e);
                    }
                    n += 1000;
                }
                double perSecond = n / ((System.nanoTime() - t0) / 1e9);
                System.out.printf("core publishValue alone: %,.0f values/s (%.0f ns each)%n", perSecond,
                        1e9 / perSecond);
            }
        }
    }

    /**
     * Bytes allocated per {@code point.changed}, by every thread of the JVM, from {@code publishValue} through the
     * real bus (a stuck telemetry listener, as in the latency runs) and by the core alone: the garbage that sets
     * how often the young generation is collected while telemetry floods.
     */
    private static void allocation(int seconds) throws Exception {
        dev.yakata.bus.api.EventBus nothing = new dev.yakata.bus.api.EventBus() {
            @Override
            public boolean publish(dev.yakata.api.event.Event event) {
                return true;
            }

            @Override
            public List<dev.yakata.bus.api.LaneStatistics> statistics() {
                return List.of();
            }
        };
        dev.yakata.api.event.Event e = dev.yakata.api.event.Event.of("point.changed", "x");
        try (CorePublishPath path = new CorePublishPath(nothing)) {
            allocated("core alone (publishValue into a bus that keeps nothing)", seconds, path, null);
        }
        try (BusBenchmark.BenchBus bench = new BusBenchmark.BenchBus()) {
            java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
            bench.bus.addListener(event -> {
                try {
                    release.await();
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                }
            }, java.util.Map.of(YakataEventBus.LISTENER_NAME, "stuck-telemetry",
                    dev.yakata.api.event.EventListener.EVENT_TYPES, "point.changed"));
            try (CorePublishPath path = new CorePublishPath(bench.bus)) {
                allocated("through the core and the bus, a telemetry listener stuck", seconds, path, bench.bus);
            } finally {
                release.countDown();
            }
        }
    }

    private static void allocated(String what, int seconds, CorePublishPath path, YakataEventBus bus) {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        dev.yakata.api.event.Event e = dev.yakata.api.event.Event.of("point.changed", "x");
        for (int round = 0; round < 3; round++) {
            long[] ids = threads.getAllThreadIds();
            long[] before = threads.getThreadAllocatedBytes(ids);
            long n = 0;
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            long t0 = System.nanoTime();
            while (System.nanoTime() < end) {
                for (int i = 0; i < 1000; i++) {
                    path.publish(e);
                }
                n += 1000;
            }
            double elapsed = (System.nanoTime() - t0) / 1e9;
            long[] after = threads.getThreadAllocatedBytes(ids);
            long bytes = 0;
            for (int i = 0; i < ids.length; i++) {
                if (before[i] >= 0 && after[i] >= 0) {
                    bytes += after[i] - before[i];
                }
            }
            System.out.printf("%s: %,.0f bytes per value, %,.0f values/s, %,.0f MB/s (%s)%n", what,
                    bytes / (double) n, n / elapsed, bytes / elapsed / 1e6, BusBenchmark.load());
        }
    }

    private static void closePaths() throws InterruptedException {
        for (CorePublishPath path : PATHS) {
            path.close();
        }
        PATHS.clear();
    }

    /** A publisher that enters the bus the way adapters do, through a device's context in the real core. */
    private static EventPublisher throughCore(YakataEventBus bus) {
        try {
            CorePublishPath path = new CorePublishPath(bus);
            PATHS.add(path);
            return path::publish;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
