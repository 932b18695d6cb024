package dev.yakata.cctv.internal;

import com.sun.management.OperatingSystemMXBean;
import dev.yakata.adapter.onvif.internal.OnvifAdapter;
import dev.yakata.adapter.simulator.onvif.CameraSimulator;
import dev.yakata.api.device.DeviceState;
import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventTypes;
import dev.yakata.api.event.Severity;
import dev.yakata.bus.api.EventBus;
import dev.yakata.bus.api.LaneStatistics;
import dev.yakata.testkit.DeviceFiles;
import dev.yakata.testkit.RecordingDeviceContext;
import dev.yakata.testkit.TestHub;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Entrance CCTV figures (BENCHMARKS.md, CCTV), each beside its baseline from the same run:
 * <ol>
 * <li><b>latency</b>: door event handed to the snapshot listener → {@code camera.snapshot} published (JPEG fetched
 * through the real onvif adapter from an ONVIF camera simulator on 127.0.0.1 with HTTP Digest, written, indexed), one
 * door event at a time; baseline: a bare HTTP GET (no authentication) of the same JPEG from the same simulator, before
 * and after.</li>
 * <li><b>cpu</b>: this process's CPU with the adapter watching 10 ONVIF cameras (health check every 10 s, a pull-point
 * subscription each, PullMessages waiting up to 10 s: the shipped defaults), the cameras in a child JVM so their CPU is
 * not counted; quiet, then with each camera sending a motion change every second; baseline: this process idle.</li>
 * </ol>
 * Arguments: {@code [events] [cpuSeconds]} (defaults 500 and 60).
 */
public final class CctvBenchmark {

    private static final String USER = "yakata-bench";
    private static final String PASSWORD = "bench-secret";
    private static final String DOOR = "door.1f.main-entrance";
    private static final String CAMERA = "camera.1f.main-entrance";
    private static final PrintStream OUT = System.out;

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int cpuSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        OUT.printf("cctv benchmark, %d door events, %d s per CPU phase, %d cpus, load %.2f%n", events, cpuSeconds,
                Runtime.getRuntime().availableProcessors(), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        latency(events);
        cpu(cpuSeconds);
        OUT.printf("load average at the end %.2f%n", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.exit(0);
    }

    // ------------------------------------------------------------------ door event → snapshot stored

    /** Times each camera.snapshot from the moment its door event was handed over. */
    private static final class TimingBus implements EventBus {
        final Map<String, Long> handedAt = new ConcurrentHashMap<>();
        final Map<String, CountDownLatch> done = new ConcurrentHashMap<>();
        final List<Long> nanos = java.util.Collections.synchronizedList(new ArrayList<>());
        final List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());

        @Override
        public boolean publish(Event event) {
            long now = System.nanoTime();
            Long start = handedAt.get(event.correlationId());
            if (start != null) {
                if (event.type().equals(SnapshotTaker.SNAPSHOT)) {
                    nanos.add(now - start);
                } else {
                    failures.add(String.valueOf(event.data().get("reason")));
                }
                done.get(event.correlationId()).countDown();
            }
            return true;
        }

        @Override
        public List<LaneStatistics> statistics() {
            return List.of();
        }
    }

    private static void latency(int events) throws Exception {
        Path folder = Files.createTempDirectory("cctv-bench");
        try (CameraSimulator sim = new CameraSimulator(USER, PASSWORD)) {
            OnvifAdapter adapter = new OnvifAdapter();
            try (TestHub hub = new TestHub(adapter)) {
                RecordingDeviceContext camera = hub.open(onvifCamera(CAMERA, sim.deviceUrl()), Duration.ofSeconds(10)).context();
                camera.awaitOnline();
                TimingBus bus = new TimingBus();
                SnapshotSettings settings = new SnapshotSettings(Path.of("entrances.cfg"), folder, Duration.ofMillis(1000),
                        16, 30, ZoneOffset.UTC, folder.resolve("exports"));
                Entrances entrances = Entrances.parse(Path.of("entrances.cfg"), DOOR + " = " + CAMERA + "\n");
                try (SnapshotTaker taker = new SnapshotTaker(bus, () -> entrances, () -> adapter,
                        new SnapshotTaker.SnapshotFolder(folder), settings, Clock.systemUTC())) {
                    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
                    bareGets(sim, http, 100); // warm-up
                    doorEvents(taker, bus, 100); // warm-up
                    bus.nanos.clear();
                    long[] before = bareGets(sim, http, events);
                    long[] door = doorEvents(taker, bus, events);
                    long[] after = bareGets(sim, http, events);
                    OUT.printf("bare GET of the JPEG (%d bytes, no auth), before: %s%n", sim.jpeg().length, summary(before));
                    OUT.printf("door event -> camera.snapshot stored (Digest, write, index), %d events: %s, failures %d%s%n",
                            events, summary(door), bus.failures.size(), bus.failures.isEmpty() ? "" : " " + bus.failures.get(0));
                    OUT.printf("bare GET of the JPEG, after: %s%n", summary(after));
                }
            }
        } finally {
            try (var files = Files.walk(folder)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static long[] bareGets(CameraSimulator sim, HttpClient http, int n) throws Exception {
        sim.snapshotAuth(CameraSimulator.SnapshotAuth.NONE);
        try {
            HttpRequest get = HttpRequest.newBuilder(URI.create(sim.snapshotUrl())).timeout(Duration.ofSeconds(2)).GET().build();
            long[] nanos = new long[n];
            for (int i = 0; i < n; i++) {
                long start = System.nanoTime();
                HttpResponse<byte[]> answer = http.send(get, HttpResponse.BodyHandlers.ofByteArray());
                nanos[i] = System.nanoTime() - start;
                if (answer.statusCode() != 200 || answer.body().length != sim.jpeg().length) {
                    throw new IllegalStateException("bare GET answered " + answer.statusCode());
                }
            }
            return nanos;
        } finally {
            sim.snapshotAuth(CameraSimulator.SnapshotAuth.DIGEST_BOTH);
        }
    }

    private static long[] doorEvents(SnapshotTaker taker, TimingBus bus, int n) throws Exception {
        bus.nanos.clear();
        for (int i = 0; i < n; i++) {
            String correlation = "bench-" + System.nanoTime();
            CountDownLatch latch = new CountDownLatch(1);
            bus.done.put(correlation, latch);
            Event denied = Event.builder(EventTypes.ACCESS_DENIED, DOOR).zone("L1").severity(Severity.WARNING)
                    .correlationId(correlation).put("door", DOOR).put("reason", "unknown-card").build();
            bus.handedAt.put(correlation, System.nanoTime());
            taker.onEvent(denied);
            if (!latch.await(5, TimeUnit.SECONDS)) {
                throw new IllegalStateException("no snapshot outcome within 5 s");
            }
            bus.done.remove(correlation);
            bus.handedAt.remove(correlation);
        }
        return bus.nanos.stream().mapToLong(Long::longValue).toArray();
    }

    private static String summary(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return String.format("p50 %.2f ms, p99 %.2f ms, max %.2f ms (n=%d)", ms(sorted, 0.50), ms(sorted, 0.99),
                sorted[sorted.length - 1] / 1e6, sorted.length);
    }

    private static double ms(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
    }

    // ------------------------------------------------------------------ 10 cameras' subscriptions, CPU

    private static void cpu(int seconds) throws Exception {
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Process cameras = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), Cameras.class.getName(), "10")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            BufferedReader fromCameras = new BufferedReader(new InputStreamReader(cameras.getInputStream(), StandardCharsets.UTF_8));
            PrintStream toCameras = new PrintStream(cameras.getOutputStream(), true, StandardCharsets.UTF_8);
            List<String> urls = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                urls.add(fromCameras.readLine());
            }
            System.gc();
            Thread.sleep(2_000);
            double idle = percentOfOneCore(os, seconds);
            OUT.printf("baseline: this process idle (no adapter), %d s: %.2f %% of one core%n", seconds, idle);

            OnvifAdapter adapter = new OnvifAdapter();
            try (TestHub hub = new TestHub(adapter)) {
                List<RecordingDeviceContext> devices = new ArrayList<>();
                for (int i = 0; i < urls.size(); i++) {
                    devices.add(hub.open(DeviceFiles.parse("dev.yakata.device-camera.bench-" + i + ".cfg",
                            "device.type = camera\nadapter = onvif\ncamera.url = " + urls.get(i) + "\ncamera.user = " + USER
                                    + "\ncamera.password = " + PASSWORD + "\npoint.online.kind = binary\npoint.motion.kind = binary\n"
                                    + "point.tamper.kind = binary\n"), Duration.ofSeconds(10)).context());
                }
                for (RecordingDeviceContext d : devices) {
                    d.awaitOnline();
                }
                toCameras.println("subscriptions");
                OUT.println("cameras report live pull points: " + fromCameras.readLine());
                Thread.sleep(10_000); // the first renewals and pulls settle
                double quiet = percentOfOneCore(os, seconds);
                OUT.printf("10 cameras ONLINE, 10 pull-point subscriptions, no events, %d s: %.2f %% of one core (%.2f above idle)%n",
                        seconds, quiet, quiet - idle);
                toCameras.println("motion");
                Thread.sleep(2_000);
                long before = devices.stream().mapToLong(d -> d.events(EventTypes.CAMERA_MOTION).size()).sum();
                double busy = percentOfOneCore(os, seconds);
                long motions = devices.stream().mapToLong(d -> d.events(EventTypes.CAMERA_MOTION).size()).sum() - before;
                OUT.printf("10 cameras, each a motion change every second (%d camera.motion events reached the hub), %d s: "
                        + "%.2f %% of one core (%.2f above idle)%n", motions, seconds, busy, busy - idle);
                boolean allOnline = devices.stream().allMatch(d -> d.status().state() == DeviceState.ONLINE);
                OUT.println("all 10 still ONLINE: " + allOnline);
            }
        } finally {
            cameras.destroy();
            if (!cameras.waitFor(5, TimeUnit.SECONDS)) {
                cameras.destroyForcibly();
            }
        }
    }

    private static double percentOfOneCore(OperatingSystemMXBean os, int seconds) throws InterruptedException {
        long cpu0 = os.getProcessCpuTime();
        long wall0 = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        return 100.0 * (os.getProcessCpuTime() - cpu0) / (System.nanoTime() - wall0);
    }

    private static dev.yakata.core.model.DeviceConfig onvifCamera(String id, String url) {
        return DeviceFiles.parse("dev.yakata.device-" + id + ".cfg", "device.type = camera\nadapter = onvif\ncamera.url = "
                + url + "\ncamera.user = " + USER + "\ncamera.password = " + PASSWORD
                + "\npoint.online.kind = binary\npoint.motion.kind = binary\npoint.tamper.kind = binary\n");
    }

    /**
     * The child JVM: N camera simulators on free loopback ports; prints their device URLs, then obeys stdin:
     * {@code subscriptions} prints the live pull points, {@code motion} makes every camera change motion each second.
     */
    public static final class Cameras {
        public static void main(String[] args) throws Exception {
            int n = Integer.parseInt(args[0]);
            List<CameraSimulator> sims = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                CameraSimulator sim = new CameraSimulator(USER, PASSWORD, 0, 0x285AA0 + i);
                sims.add(sim);
                System.out.println(sim.deviceUrl());
            }
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.equals("subscriptions")) {
                    System.out.println(sims.stream().mapToInt(CameraSimulator::liveSubscriptions).sum());
                    System.out.flush();
                } else if (line.equals("motion")) {
                    Thread t = new Thread(() -> {
                        boolean on = false;
                        while (true) {
                            on = !on;
                            for (CameraSimulator sim : sims) {
                                sim.emitMotion(on);
                            }
                            try {
                                Thread.sleep(1_000);
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                    }, "bench-motion");
                    t.setDaemon(true);
                    t.start();
                }
            }
            sims.forEach(CameraSimulator::close);
        }
    }
}
