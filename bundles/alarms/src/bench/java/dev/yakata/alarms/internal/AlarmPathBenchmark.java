package dev.yakata.alarms.internal;

import dev.yakata.api.adapter.DeviceContext;
import dev.yakata.api.device.PointValue;
import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventListener;
import dev.yakata.api.event.EventTypes;
import dev.yakata.bus.BusSettings;
import dev.yakata.bus.Subscription;
import dev.yakata.bus.YakataEventBus;
import dev.yakata.core.internal.BenchDevices;
import dev.yakata.journal.internal.JournalSettings;
import dev.yakata.journal.internal.SegmentedJournal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Field change to {@code alarm.raised} through the hub's real path: 250 devices of a real core (the device lifecycle,
 * each device's adapter context), the real bus (its telemetry and control lanes, the dispatcher, the listeners'
 * queues) on the real journal (fsync every 200 ms, a temporary folder), and the alarm engine as the hub runs it (its
 * runtime, the {@code alarms} listener with its queue, 500 conditions from an alarm file). A change is timed from the
 * adapter's {@code publishValue} to a bus listener receiving the {@code alarm.raised} it decided (journaled, control
 * lane). The baseline, in the same run and before the engine starts: the same changes, timed from
 * {@code publishValue} to a bus listener receiving their {@code point.changed}. The point.changed latency is also
 * measured while the engine runs.
 *
 * <p>Arguments {@code [changes-per-second (1000)] [seconds per phase (20)]}. 1 change in 40 is a spike above the
 * limit, which raises that point's alarm; the next change returns it.
 */
public final class AlarmPathBenchmark {

    private static final int DEVICES = 250;
    private static final String[] POINTS = {"t0", "t1"};

    /** Publish time of each value (values are unique), and the latencies seen, in nanoseconds. */
    private static final Map<Double, Long> SENT = new ConcurrentHashMap<>();

    private AlarmPathBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Path work = Files.createTempDirectory("yakata-alarm-path");
        System.out.printf("Java %s, %d CPUs, %s at the start%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), load());
        try (SegmentedJournal journal = SegmentedJournal.open(work.resolve("journal"), JournalSettings.defaults())) {
            YakataEventBus bus = new YakataEventBus(journal);
            bus.start(BusSettings.defaults(null));
            try (BenchDevices core = new BenchDevices(bus)) {
                List<DeviceContext> devices = new ArrayList<>();
                StringBuilder file = new StringBuilder();
                for (int d = 0; d < DEVICES; d++) {
                    String id = String.format("bench.d%03d", d);
                    devices.add(core.device(id, POINTS));
                    for (String point : POINTS) {
                        file.append("alarm bench.").append(point).append('-').append(d).append(" high point ").append(id)
                                .append('/').append(point).append(" above 30 deadband 1\n");
                    }
                }
                Latencies pointSeen = new Latencies();
                Subscription changes = bus.addListener(pointSeen.listener(EventTypes.POINT_CHANGED),
                        Map.of(YakataEventBus.LISTENER_NAME, "bench-point"));
                Load warmup = new Load(devices, rate);
                warmup.run(5);
                pointSeen.reset();
                new Load(devices, rate).run(seconds);
                String baseline = pointSeen.summary();
                System.out.printf("baseline, no engine: publishValue -> point.changed at a listener: %s (%s)%n",
                        baseline, load());

                Path alarms = Files.createDirectories(work.resolve("alarms"));
                Files.writeString(alarms.resolve("bench.cfg"), file.toString());
                AlarmsRuntime runtime = new AlarmsRuntime(new AlarmSettings(alarms, Duration.ofMillis(250),
                        Duration.ofMillis(250), ZoneId.of("UTC"), Duration.ofDays(1), Duration.ofHours(8),
                        Duration.ZERO), bus, core.registry(), new TestRegistry.Profiles(), Clock.systemUTC());
                Subscription engine = bus.addListener(runtime.listener(), Map.of(YakataEventBus.LISTENER_NAME, "alarms",
                        EventListener.QUEUE_SIZE, AlarmsComponent.QUEUE));
                runtime.start();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (runtime.engine().list().size() < DEVICES * POINTS.length) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("the alarm file did not load: " + runtime.status().sentence());
                    }
                    Thread.sleep(50);
                }
                Latencies raised = new Latencies();
                Subscription alarmsSeen = bus.addListener(raised.listener(EventTypes.ALARM_RAISED),
                        Map.of(YakataEventBus.LISTENER_NAME, "bench-alarm", EventListener.EVENT_TYPES,
                                new String[] {EventTypes.ALARM_RAISED}));
                new Load(devices, rate).run(5);
                raised.reset();
                pointSeen.reset();
                new Load(devices, rate).run(seconds);
                System.out.printf("with the engine (%d conditions): publishValue -> alarm.raised at a listener: %s; "
                        + "-> point.changed at a listener: %s (%s)%n", runtime.engine().list().size(), raised.summary(),
                        pointSeen.summary(), load());
                bus.removeListener(alarmsSeen);
                bus.removeListener(engine);
                bus.removeListener(changes);
                runtime.close();
            } finally {
                bus.stop();
            }
        } finally {
            try (var files = Files.walk(work)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** Changes paced on one thread, point after point; every 40th a spike above the alarms' limit. */
    private static final class Load {
        private final List<DeviceContext> devices;
        private final int rate;
        private static long sequence;

        Load(List<DeviceContext> devices, int rate) {
            this.devices = devices;
            this.rate = rate;
        }

        void run(int seconds) {
            long start = System.nanoTime();
            long total = (long) rate * seconds;
            for (long n = 0; n < total; n++) {
                long due = start + n * 1_000_000_000L / rate;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                long seq = ++sequence;
                int slot = (int) (seq % (DEVICES * POINTS.length));
                // unique values: the low digits carry the sequence, so a listener finds the change's publish time
                double value = (seq % 40 == 0 ? 40.0 : 20.0) + seq * 1e-7;
                SENT.put(value, System.nanoTime());
                devices.get(slot / POINTS.length).publishValue(POINTS[slot % POINTS.length], PointValue.good(value));
            }
        }
    }

    private static final class Latencies {
        private final long[] nanos = new long[2_000_000];
        private volatile int count;

        synchronized void reset() {
            count = 0;
        }

        EventListener listener(String type) {
            return event -> {
                if (type.equals(event.type()) && event.data().get("value") instanceof Double value) {
                    Long sent = type.equals(EventTypes.POINT_CHANGED) ? SENT.get(value) : SENT.remove(value);
                    if (sent != null) {
                        record(System.nanoTime() - sent);
                    }
                }
            };
        }

        private synchronized void record(long latency) {
            if (count < nanos.length) {
                nanos[count++] = latency;
            }
        }

        synchronized String summary() {
            long[] sorted = Arrays.copyOf(nanos, count);
            Arrays.sort(sorted);
            if (sorted.length == 0) {
                return "no samples";
            }
            return String.format("%d samples, p50 %.3f ms, p99 %.3f ms, max %.3f ms", sorted.length,
                    ms(sorted[sorted.length / 2]), ms(sorted[(int) Math.min(sorted.length - 1, sorted.length * 0.99)]),
                    ms(sorted[sorted.length - 1]));
        }

        private static double ms(long nanos) {
            return nanos / 1e6;
        }
    }

    private static String load() {
        try {
            return "load average " + Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+")[0];
        } catch (Exception e) {
            return "load average unknown";
        }
    }
}
