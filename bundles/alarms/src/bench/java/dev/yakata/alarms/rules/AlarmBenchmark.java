package dev.yakata.alarms.rules;

import dev.yakata.api.device.PointKind;
import dev.yakata.api.device.Quality;
import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventTypes;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The alarm engine under the load: 1,000 point changes a second through 500 alarm conditions (250 devices of
 * two analog points, each point with a high alarm with a deadband and no delay),
 * paced on one thread for a fixed time. Each change is built as the hub's {@code point.changed} event, then handed to
 * the engine as the alarms' bus listener does. The baseline, in the same run and on the same paced thread, builds the
 * same events and hands them to nothing. Reported: the CPU time of the thread as a share of one core, for the run with
 * the engine and the baseline (and the difference), and the latency from the change reaching the engine to its
 * {@code alarm.raised} event reaching the bus's publish (p50, p99, max). It measures the engine, not the bus's lanes or
 * the journal, which are the bus's own benchmark. A report, never a pass or fail.
 *
 * <pre>
 * mvn -o -B -q -pl bundles/alarms -am -Pbench -DskipTests test-compile
 * java -Xmx1g -cp bundles/alarms/target/test-classes:bundles/alarms/target/classes:bundles/api/target/classes \
 *     dev.yakata.alarms.rules.AlarmBenchmark [rate seconds]
 * </pre>
 */
public final class AlarmBenchmark {

    static final int DEVICES = 250;
    static final double LIMIT = 27.0;

    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        System.out.printf(Locale.ROOT, "machine: nproc=%d, %s %s, load average %.2f, %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                System.getProperty("java.version"), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        Catalog catalog = catalog();
        StringBuilder file = new StringBuilder();
        for (int d = 0; d < DEVICES; d++) {
            file.append("alarm temp-high.").append(d).append(" high point sensor.").append(d)
                    .append("/temp above ").append(LIMIT).append(" deadband 0.5\n");
            file.append("alarm humidity-high.").append(d).append(" medium point sensor.").append(d)
                    .append("/humidity above 60 deadband 2\n");
        }
        TreeMap<String, String> files = new TreeMap<>();
        files.put("bench.cfg", file.toString());
        AlarmConfig config = AlarmConfig.parse(files, catalog);
        System.out.printf(Locale.ROOT, "conditions: %d, rate: %d changes/s, %d s per run after a 5 s warm-up%n",
                config.conditions().size(), rate, seconds);

        long[] raisedAt = new long[1]; // when the change being evaluated reached the engine
        List<Long> latencies = new ArrayList<>();
        AlarmEngine engine = new AlarmEngine(event -> {
            if (event.type().equals(EventTypes.ALARM_RAISED) && raisedAt[0] != 0) {
                latencies.add(System.nanoTime() - raisedAt[0]);
            }
        }, ZoneId.of("Asia/Tokyo"));
        engine.configure(config, catalog, Instant.now());

        Consumer<Event> toEngine = event -> {
            raisedAt[0] = System.nanoTime();
            Map<String, Object> data = event.data();
            engine.onPoint(event.source(), (String) data.get("point"), data.get("value"),
                    Quality.valueOf((String) data.get("quality")), Instant.now());
        };
        Consumer<Event> toNothing = event -> raisedAt[0] = System.nanoTime();

        run("warm-up", toEngine, rate, 5);
        run("warm-up", toNothing, rate, 5);
        latencies.clear();
        double baseline1 = run("baseline (no engine)", toNothing, rate, seconds);
        double withEngine = run("with the engine", toEngine, rate, seconds);
        double baseline2 = run("baseline (no engine)", toNothing, rate, seconds);
        double baseline = (baseline1 + baseline2) / 2;
        System.out.printf(Locale.ROOT, "engine's own CPU: %.2f %% of one core (with %.2f %% - baseline %.2f %%); "
                + "target at most 10 %%%n", withEngine - baseline, withEngine, baseline);
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        if (sorted.length > 0) {
            System.out.printf(Locale.ROOT, "change to alarm.raised: %d samples, p50 %.3f ms, p99 %.3f ms, max %.3f ms; "
                    + "target p99 at most 10 ms%n", sorted.length, sorted[sorted.length / 2] / 1e6,
                    sorted[(int) Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)] / 1e6,
                    sorted[sorted.length - 1] / 1e6);
        }
        System.out.println("standing alarms at the end: " + engine.list().stream().filter(AlarmView::standing).count());
    }

    /** Paces {@code rate} changes a second for {@code seconds} on this thread; returns its CPU share of one core. */
    private static double run(String name, Consumer<Event> sink, int rate, int seconds) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Random random = new Random(42);
        double[] temps = new double[DEVICES];
        Arrays.fill(temps, 22.0);
        long interval = 1_000_000_000L / rate;
        long total = (long) rate * seconds;
        long cpuStart = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        for (long i = 0; i < total; i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            int device = random.nextInt(DEVICES);
            boolean temp = random.nextBoolean();
            double value;
            if (temp) {
                // mostly a room near 22 °C; now and then a spike above the limit, so alarms are raised and return
                temps[device] = random.nextInt(40) == 0 ? LIMIT + 1 + random.nextDouble() : 21 + random.nextDouble() * 2;
                value = temps[device];
            } else {
                value = 45 + random.nextDouble() * 10;
            }
            String point = temp ? "temp" : "humidity";
            sink.accept(Event.builder(EventTypes.POINT_CHANGED, "sensor." + device).subject(point)
                    .put("point", point).put("value", value).put("quality", "GOOD").put("unit", temp ? "°C" : "%RH")
                    .build());
        }
        long wall = System.nanoTime() - start;
        double share = 100.0 * (threads.getCurrentThreadCpuTime() - cpuStart) / wall;
        if (!name.equals("warm-up")) {
            System.out.printf(Locale.ROOT, "%-22s %d changes in %.1f s: %.2f %% of one core%n", name, total, wall / 1e9, share);
        }
        return share;
    }

    private static Catalog catalog() {
        List<Catalog.Device> devices = new ArrayList<>();
        for (int d = 0; d < DEVICES; d++) {
            devices.add(new Catalog.Device("sensor." + d, "", "2F", Map.of("temp", PointKind.ANALOG,
                    "humidity", PointKind.ANALOG), Map.of()));
        }
        return new Catalog() {
            @Override
            public List<Device> devices() {
                return devices;
            }

            @Override
            public Optional<Device> device(String id) {
                return devices.stream().filter(d -> d.id().equals(id)).findFirst();
            }

            @Override
            public Optional<Map<String, PointKind>> profileRoles(String profile) {
                return Optional.empty();
            }

            @Override
            public List<String> profiles() {
                return List.of();
            }
        };
    }
}
