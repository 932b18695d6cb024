package dev.yakata.adapter.opcua.bench;

import dev.yakata.opcua.common.Measure;
import dev.yakata.opcua.common.NodePeer;
import dev.yakata.adapter.opcua.client.OpcUaAdapter;
import dev.yakata.api.adapter.DeviceContext;
import dev.yakata.api.adapter.EventPublication;
import dev.yakata.api.adapter.DeviceHandler;
import dev.yakata.api.device.DeviceDefinition;
import dev.yakata.api.device.DeviceState;
import dev.yakata.api.device.DeviceStatus;
import dev.yakata.api.device.PointDefinition;
import dev.yakata.api.device.PointKind;
import dev.yakata.api.device.PointValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Client benchmark: one device with N monitored items (default 5,000) at 250 ms sampling and publishing through
 * one session to a node-opcua server that changes every item every 250 ms, into the adapter's DeviceContext.
 * Reports updates/s, this JVM's CPU and memory, and the node-opcua server's own CPU and memory.
 *
 * <p>Options (system properties): {@code items} (5000), {@code intervalMillis} (250), {@code warmupSeconds} (10),
 * {@code seconds} (30).
 */
public final class ClientBenchmark {

    public static void main(String[] args) throws Exception {
        int items = Integer.getInteger("items", 5000);
        int interval = Integer.getInteger("intervalMillis", 250);
        int warmup = Integer.getInteger("warmupSeconds", 10);
        int seconds = Integer.getInteger("seconds", 30);
        Path work = Files.createTempDirectory("yakata-opcua-bench-client");
        try (NodePeer server = NodePeer.start("device-server.js", NodePeer.freePort(), "--pki",
                work.resolve("bms-pki").toString(), "--items", String.valueOf(items), "--updateMs",
                String.valueOf(interval))) {
            OpcUaAdapter adapter = new OpcUaAdapter(work.resolve("hub-pki"), "urn:yakata:hub:client");
            List<PointDefinition> points = new ArrayList<>();
            for (int i = 0; i < items; i++) {
                points.add(PointDefinition.builder("p" + i, PointKind.ANALOG).address("ns=1;s=Bench." + i).build());
            }
            DeviceDefinition device = DeviceDefinition.builder("bench.bms", "sensor", "opcua").points(points).properties(
                    Map.of("opcua.endpoint", server.endpoint(), "opcua.samplingIntervalMillis", String.valueOf(interval),
                            "opcua.publishingIntervalMillis", String.valueOf(interval), "opcua.queueSize", "1",
                            "opcua.requestTimeoutMillis", "30000")).build();
            CountingContext context = new CountingContext(device);
            long openedAt = System.nanoTime();
            DeviceHandler handler = adapter.open(device, context);
            while (context.status.get() == null || context.status.get().state() != DeviceState.ONLINE) {
                Thread.sleep(50);
            }
            double subscribeSeconds = (System.nanoTime() - openedAt) / 1e9;
            Thread.sleep(warmup * 1000L);

            String nodeBefore = Measure.stats(server);
            long before = context.updates.get();
            long repeatsBefore = context.repeats.get();
            Measure measure = new Measure();
            Thread.sleep(seconds * 1000L);
            long updates = context.updates.get() - before;
            long repeats = context.repeats.get() - repeatsBefore;
            double cpu = measure.cpuPercentOfOneCore();
            String nodeAfter = Measure.stats(server);
            double nodeWindow = Measure.field(nodeAfter, "seconds") - Measure.field(nodeBefore, "seconds");
            double offered = (Measure.field(nodeAfter, "benchTicks") - Measure.field(nodeBefore, "benchTicks")) * items
                    / nodeWindow;
            double nodeCpu = 100 * (Measure.field(nodeAfter, "cpuSeconds") - Measure.field(nodeBefore, "cpuSeconds"))
                    / nodeWindow;
            long heap = Measure.heapUsedMbAfterGc();
            long rss = Measure.rssMb();
            System.out.printf("CLIENT items=%d interval=%dms subscribed+online in %.1f s%n", items, interval,
                    subscribeSeconds);
            System.out.printf("CLIENT updates/s=%.0f (server changed %.0f values/s in the window) hubJvmCpu=%.0f%% of one "
                    + "core heapAfterGc=%dMB rss=%dMB status=%s%n", updates / (double) seconds, offered, cpu, heap, rss,
                    context.status.get());
            System.out.printf("CLIENT of which repeats of the previous value: %.0f/s%n", repeats / (double) seconds);
            System.out.printf("CLIENT node-opcua server in the same window: cpu=%.0f%% of one core rss=%.0fMB%n", nodeCpu,
                    Measure.field(nodeAfter, "rssMb"));
            handler.close();
            adapter.close();
            context.scheduler.shutdownNow();
        }
    }

    /** Counts what the handler publishes, as cheaply as the hub's context accepts it. */
    static final class CountingContext implements DeviceContext {
        final DeviceDefinition device;
        final AtomicLong updates = new AtomicLong();
        final AtomicLong repeats = new AtomicLong();
        final Map<String, Object> last = new java.util.concurrent.ConcurrentHashMap<>();
        final AtomicReference<DeviceStatus> status = new AtomicReference<>();
        final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);

        CountingContext(DeviceDefinition device) {
            this.device = device;
        }

        @Override
        public DeviceDefinition device() {
            return device;
        }

        @Override
        public void publishValue(String pointId, PointValue value) {
            updates.incrementAndGet();
            if (value.value() != null && value.value().equals(last.put(pointId, value.value()))) {
                repeats.incrementAndGet(); // the hub would drop it: same value, same quality
            }
        }

        /** The adapter publishes no events here; a publication that drops everything. */
        @Override
        public EventPublication event(String type) {
            return (EventPublication) java.lang.reflect.Proxy.newProxyInstance(EventPublication.class.getClassLoader(),
                    new Class<?>[] {EventPublication.class},
                    (proxy, method, args) -> method.getReturnType() == EventPublication.class ? proxy : null);
        }

        @Override
        public void updateStatus(DeviceStatus newStatus) {
            status.set(newStatus);
        }

        @Override
        public ScheduledExecutorService scheduler() {
            return scheduler;
        }
    }
}
