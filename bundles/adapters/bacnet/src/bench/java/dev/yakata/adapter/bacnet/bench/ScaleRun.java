package dev.yakata.adapter.bacnet.bench;

import dev.yakata.adapter.bacnet.BacnetAdapter;
import dev.yakata.adapter.bacnet.client.ClientConfig;
import dev.yakata.adapter.bacnet.codec.BacnetValue;
import dev.yakata.adapter.bacnet.codec.ObjectIdentifier;
import dev.yakata.adapter.bacnet.codec.ObjectTypes;
import dev.yakata.adapter.bacnet.sim.SimulatedBacnetDevice;
import dev.yakata.api.adapter.DeviceContext;
import dev.yakata.api.adapter.DeviceHandler;
import dev.yakata.api.device.DeviceDefinition;
import dev.yakata.api.device.DeviceStatus;
import dev.yakata.api.device.PointDefinition;
import dev.yakata.api.device.PointKind;
import dev.yakata.api.device.PointValue;
import dev.yakata.api.device.Quality;
import dev.yakata.api.event.Severity;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The scale run of issue 3: 10,000 points on 100 BACnet devices (Java devices on loopback sockets, 100 analog
 * values each), driven by the real adapter, first polled with ReadPropertyMultiple (COV off, one request in flight
 * per device), then by COV; in both the field changes {@code changesPerSecond} random points per second.
 *
 * <p>Reports update throughput, staleness (from a field change to its publication to the hub), CPU of the
 * adapter's and the hub scheduler's threads (the device simulators' threads are excluded) as a share of one core,
 * and heap. Baselines measured in the same run: the same threads' CPU while idle (COV subscribed, no changes), and
 * the heap with the devices but no adapter.
 *
 * <p>Usage: {@code ScaleRun [seconds per phase, default 20] [changes per second in the COV phase, default 1000]
 * [poll period ms, default 900]}
 */
public final class ScaleRun {

    static final int DEVICES = 100;
    static final int POINTS_PER_DEVICE = 100;

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** The hub's side of all devices: one shared two-thread scheduler, as in the hub, counting publications. */
    static final class Hub {
        final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, runnable -> {
            Thread t = new Thread(runnable, "hub-scheduler");
            t.setDaemon(true);
            return t;
        });
        final LongAdder updates = new LongAdder();
        final Set<String> live = ConcurrentHashMap.newKeySet();
        final Map<String, Long> changedAt = new ConcurrentHashMap<>();
        final long[] latencyMicros = new long[200_000];
        final AtomicInteger latencyCount = new AtomicInteger();
        final AtomicInteger online = new AtomicInteger();
        volatile boolean measuring;

        DeviceContext context(DeviceDefinition device) {
            return new DeviceContext() {
                @Override
                public DeviceDefinition device() {
                    return device;
                }

                @Override
                public void publishValue(String pointId, PointValue value) {
                    if (value.quality() != Quality.GOOD) {
                        return;
                    }
                    long now = System.nanoTime();
                    String key = device.id() + "/" + pointId;
                    live.add(key);
                    if (measuring) {
                        updates.increment();
                        Long changed = changedAt.remove(key + "=" + value.value());
                        if (changed != null) {
                            int slot = latencyCount.getAndIncrement();
                            if (slot < latencyMicros.length) {
                                latencyMicros[slot] = (now - changed) / 1000;
                            }
                        }
                    }
                }

                @Override
                public dev.yakata.api.adapter.EventPublication event(String type) {
                    // the BACnet adapter publishes no events; the run measures point values only
                    return new dev.yakata.api.adapter.EventPublication() {
                        @Override public dev.yakata.api.adapter.EventPublication severity(Severity s) { return this; }
                        @Override public dev.yakata.api.adapter.EventPublication put(String k, Object v) { return this; }
                        @Override public dev.yakata.api.adapter.EventPublication data(Map<String, ?> d) { return this; }
                        @Override public dev.yakata.api.adapter.EventPublication subject(String s) { return this; }
                        @Override public dev.yakata.api.adapter.EventPublication deviceTime(java.time.Instant t) {
                            return this;
                        }
                        @Override public dev.yakata.api.adapter.EventPublication correlationId(String c) {
                            return this;
                        }
                        @Override public void publish() {
                        }
                    };
                }

                @Override
                public void updateStatus(DeviceStatus status) {
                    if (status.state() == dev.yakata.api.device.DeviceState.ONLINE) {
                        online.incrementAndGet();
                    }
                }

                @Override
                public ScheduledExecutorService scheduler() {
                    return scheduler;
                }
            };
        }

        void resetWindow() {
            updates.reset();
            changedAt.clear();
            latencyCount.set(0);
        }

        /** @return p50, p99 and max change-to-publish latency in milliseconds, and how many were measured */
        String latencies() {
            int n = Math.min(latencyCount.get(), latencyMicros.length);
            long[] sorted = java.util.Arrays.copyOf(latencyMicros, n);
            java.util.Arrays.sort(sorted);
            if (n == 0) {
                return "none measured";
            }
            return String.format("p50 %.1f ms, p99 %.1f ms, max %.1f ms (%d changes measured, %d not seen)",
                    sorted[n / 2] / 1000.0, sorted[(int) (n * 0.99)] / 1000.0, sorted[n - 1] / 1000.0, n,
                    changedAt.size());
        }
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int changesPerSecond = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int pollMillis = args.length > 2 ? Integer.parseInt(args[2]) : 900;
        System.out.printf("BACnet scale run: %d devices x %d points, %d s per phase, %d changes/s under COV, "
                + "poll every %d ms; %d cores, Java %s%n", DEVICES, POINTS_PER_DEVICE, seconds, changesPerSecond,
                pollMillis, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        List<SimulatedBacnetDevice> field = new ArrayList<>();
        for (int d = 0; d < DEVICES; d++) {
            SimulatedBacnetDevice device = new SimulatedBacnetDevice(10_000 + d);
            for (int p = 0; p < POINTS_PER_DEVICE; p++) {
                device.addObject(new ObjectIdentifier(ObjectTypes.ANALOG_VALUE, p), "av" + p, 62,
                        new BacnetValue.Real(p));
            }
            field.add(device);
        }
        long heapField = usedHeapAfterGc();
        System.out.printf("heap with the 100 simulated devices alone: %.1f MB%n", heapField / 1e6);

        runPhase("POLL", field, seconds, changesPerSecond, Map.of("bacnet.cov", "false", "bacnet.pollMillis",
                Integer.toString(pollMillis), "bacnet.maxOutstanding", "1"));
        runPhase("COV", field, seconds, changesPerSecond, Map.of("bacnet.cov", "true", "bacnet.pollMillis", "1000",
                "bacnet.maxOutstanding", "1", "bacnet.covLifetimeSeconds", "600"));
        for (SimulatedBacnetDevice device : field) {
            device.close();
        }
        System.exit(0);
    }

    private static void runPhase(String name, List<SimulatedBacnetDevice> field, int seconds, int changesPerSecond,
            Map<String, String> settings) throws Exception {
        Hub hub = new Hub();
        long heapBefore = usedHeapAfterGc(); // devices and this harness, no adapter: the baseline
        BacnetAdapter adapter = new BacnetAdapter(ClientConfig.bindTo(new InetSocketAddress("127.0.0.1", 0)),
                null, 300);
        List<DeviceHandler> handlers = new ArrayList<>();
        long started = System.nanoTime();
        for (SimulatedBacnetDevice device : field) {
            DeviceDefinition definition = definition(device, settings);
            handlers.add(adapter.open(definition, hub.context(definition)));
        }
        while (hub.live.size() < DEVICES * POINTS_PER_DEVICE) {
            Thread.sleep(10);
        }
        System.out.printf("%n[%s] all %d points live %.2f s after opening %d devices (%d online)%n", name,
                hub.live.size(), (System.nanoTime() - started) / 1e9, DEVICES, hub.online.get());
        if ("true".equals(settings.get("bacnet.cov"))) {
            int expected = DEVICES * POINTS_PER_DEVICE;
            while (field.stream().mapToInt(SimulatedBacnetDevice::subscriptionCount).sum() < expected) {
                Thread.sleep(10);
            }
            System.out.printf("[%s] %d COV subscriptions active%n", name, expected);
            Thread.sleep(2000);
            double idle = cpuShare(hub, Math.min(seconds, 10), null, 0, 0f);
            System.out.printf("[%s] idle baseline (subscribed, no changes): CPU %.1f%% of one core%n", name, idle);
        } else {
            Thread.sleep(3000); // let the poll cycles settle
        }
        hub.resetWindow();
        long readBefore = adapter.valuesRead();
        hub.measuring = true;
        double cpu = cpuShare(hub, seconds, field, changesPerSecond, "POLL".equals(name) ? 1_000f : 500_000f);
        long readInWindow = adapter.valuesRead() - readBefore;
        Thread.sleep(Long.parseLong(settings.get("bacnet.pollMillis")) + 200); // the last changes' poll
        hub.measuring = false;
        long heap = usedHeapAfterGc();
        System.out.printf("[%s] values read: %.0f/s; changes published: %.0f/s (field changes offered: %d/s)%n",
                name, readInWindow / (double) seconds, hub.updates.sum() / (double) seconds,
                changesPerSecond);
        System.out.printf("[%s] staleness = field change to publication: %s%n", name, hub.latencies());
        System.out.printf("[%s] CPU of adapter + hub scheduler threads: %.1f%% of one core%n", name, cpu);
        System.out.printf("[%s] heap after GC: %.1f MB, %.1f MB above the same run without the adapter%n", name,
                heap / 1e6, (heap - heapBefore) / 1e6);
        System.out.printf("[%s] client counters: %s%n", name, adapter.statistics());
        handlers.forEach(DeviceHandler::close);
        adapter.deactivate();
        hub.scheduler.shutdownNow();
    }

    /** Measures the adapter's and hub scheduler's threads over {@code seconds}, driving field changes if asked. */
    private static double cpuShare(Hub hub, int seconds, List<SimulatedBacnetDevice> field, int changesPerSecond,
            float firstValue) throws InterruptedException {
        long cpuBefore = adapterCpuNanos();
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        Random random = new Random(42);
        long changes = 0;
        while (System.nanoTime() < end) {
            if (field != null && changesPerSecond > 0) {
                long due = (System.nanoTime() - start) * changesPerSecond / 1_000_000_000L;
                for (; changes < due; changes++) {
                    SimulatedBacnetDevice device = field.get(random.nextInt(field.size()));
                    int point = random.nextInt(POINTS_PER_DEVICE);
                    float value = firstValue + changes; // each phase its own values: no change repeats one
                    hub.changedAt.put("bench." + device.instance() + "/p" + point + "=" + (double) value,
                            System.nanoTime());
                    device.setPresentValue(new ObjectIdentifier(ObjectTypes.ANALOG_VALUE, point),
                            new BacnetValue.Real(value));
                }
            }
            Thread.sleep(1);
        }
        long elapsed = System.nanoTime() - start;
        return 100.0 * (adapterCpuNanos() - cpuBefore) / elapsed;
    }

    private static long adapterCpuNanos() {
        long total = 0;
        for (long id : THREADS.getAllThreadIds()) {
            java.lang.management.ThreadInfo info = THREADS.getThreadInfo(id);
            if (info != null && (info.getThreadName().startsWith("yakata-bacnet")
                    || info.getThreadName().startsWith("hub-scheduler"))) {
                long cpu = THREADS.getThreadCpuTime(id);
                if (cpu > 0) {
                    total += cpu;
                }
            }
        }
        return total;
    }

    private static DeviceDefinition definition(SimulatedBacnetDevice device, Map<String, String> settings) {
        Map<String, String> properties = new HashMap<>(settings);
        properties.put("bacnet.address", "127.0.0.1:" + device.address().ip().getPort());
        properties.put("bacnet.instance", Integer.toString(device.instance()));
        List<PointDefinition> points = new ArrayList<>();
        for (int p = 0; p < POINTS_PER_DEVICE; p++) {
            points.add(PointDefinition.builder("p" + p, PointKind.ANALOG).unit("\u00b0C").address("analog-value:" + p)
                    .build());
        }
        return DeviceDefinition.builder("bench." + device.instance(), "sensor", "bacnet").points(points)
                .properties(properties).build();
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private ScaleRun() {
    }
}
