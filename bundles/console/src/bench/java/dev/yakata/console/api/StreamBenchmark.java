package dev.yakata.console.api;

import dev.yakata.api.command.Issuer;
import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventListener;
import dev.yakata.api.event.EventTypes;
import dev.yakata.bus.BusSettings;
import dev.yakata.bus.YakataEventBus;
import dev.yakata.eventjson.EventJson;
import dev.yakata.journal.internal.JournalSettings;
import dev.yakata.journal.internal.SegmentedJournal;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import javax.servlet.AsyncContext;
import javax.servlet.ServletOutputStream;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;

/**
 * 50 SSE clients and 1,000 events/s through the real bus: the console's stream ({@link ConsoleStreamServlet}: session,
 * per-stream filter, coalescing, bounded buffers, non-blocking writes) next to a bare SSE servlet in the same Jetty
 * (9.4.57, the one inside Pax Web 8.0.33) that writes every event to every client and does nothing else, in the same
 * run. The clients run in a second JVM so the hub's CPU (this process: bus, journal, publisher, Jetty, servlets) is
 * measured apart from theirs; delivery latency is the client's clock minus the publisher's, stamped just before
 * {@code EventBus.publish} (same machine, same clock). One event in ten is a control event, the rest point values of
 * 200 points. Both endpoints get {@code topics=*}: the console's widest view, the same events as the bare one.
 *
 * <p>Args: [clients, default 50] [events per second, default 1000] [seconds measured, default 20] [rounds, default 2]
 */
public final class StreamBenchmark {

    private StreamBenchmark() {
    }

    /** The baseline: every event to every client, written and flushed from the bus's listener thread. */
    static final class BareSseServlet extends HttpServlet implements EventListener {
        private static final long serialVersionUID = 1L;
        private final transient List<AsyncContext> clients = new CopyOnWriteArrayList<>();
        private long seq;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setStatus(200);
            resp.setContentType("text/event-stream;charset=UTF-8");
            AsyncContext async = req.startAsync();
            async.setTimeout(0);
            ServletOutputStream out = resp.getOutputStream();
            out.write("event: ready\ndata: {}\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            clients.add(async);
        }

        @Override
        public void onEvent(Event event) {
            byte[] frame = ("id: " + (++seq) + "\nevent: event\ndata: " + EventJson.toJsonText(event) + "\n\n")
                    .getBytes(StandardCharsets.UTF_8);
            for (AsyncContext c : clients) {
                try {
                    ServletOutputStream out = c.getResponse().getOutputStream();
                    out.write(frame);
                    out.flush();
                } catch (IOException | RuntimeException e) {
                    clients.remove(c);
                    try {
                        c.complete();
                    } catch (RuntimeException ignored) {
                        // already gone
                    }
                }
            }
        }
    }

    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 2; // the first round also pays for the JIT
        Path work = Files.createTempDirectory("yakata-stream-bench");
        System.out.printf("Java %s, %d CPUs, load %s; %d clients, %d events/s (1 in 10 control), %d s measured after 5 s warm-up%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), load(), clients, rate, seconds);
        try (SegmentedJournal journal = SegmentedJournal.open(work.resolve("journal"), JournalSettings.defaults())) {
            YakataEventBus bus = new YakataEventBus(journal);
            bus.start(BusSettings.defaults(null));
            ConsoleSessions sessions = ConsoleSessions.started(3600);
            ConsoleStreamServlet console = new ConsoleStreamServlet(sessions);
            console.start(new StreamHub.Settings(clients + 10, clients, 2000, 5000, 50, 15, 60, 4096));
            BareSseServlet bare = new BareSseServlet();
            bus.addListener(console, Map.of(YakataEventBus.LISTENER_NAME, "console-stream", EventListener.QUEUE_SIZE, 20000));
            bus.addListener(bare, Map.of(YakataEventBus.LISTENER_NAME, "bare-stream", EventListener.QUEUE_SIZE, 20000));

            Server jetty = new Server();
            ServerConnector connector = new ServerConnector(jetty);
            connector.setHost("127.0.0.1");
            connector.setPort(0);
            jetty.addConnector(connector);
            ServletContextHandler context = new ServletContextHandler();
            ServletHolder consoleHolder = new ServletHolder(console);
            consoleHolder.setAsyncSupported(true);
            context.addServlet(consoleHolder, "/api/events/stream");
            ServletHolder bareHolder = new ServletHolder(bare);
            bareHolder.setAsyncSupported(true);
            context.addServlet(bareHolder, "/bare/stream");
            jetty.setHandler(context);
            jetty.start();
            String base = "http://127.0.0.1:" + connector.getLocalPort();
            String cookie = ConsoleApiServlet.COOKIE + "=" + sessions.sessions().open(
                    Issuer.of("bench", Issuer.Channel.REST, "yakata-viewer"), null, Instant.now()).id;

            Publisher publisher = new Publisher(bus, rate);
            publisher.start();
            Thread.sleep(3000);
            double idle = cpu(() -> sleep(5000));
            System.out.printf("publisher and bus alone, no client: %.1f %% of one core%n", idle);
            for (int round = 1; round <= rounds; round++) {
                run("bare SSE servlet ", base + "/bare/stream", "", clients, seconds);
                run("console /api/events/stream", base + "/api/events/stream?topics=*", cookie, clients, seconds);
            }
            System.out.printf("publisher and bus alone again, no client: %.1f %% of one core; load %s%n", cpu(() -> sleep(5000)), load());
            System.out.printf("console stream counters: %s; bus: %s; load %s%n", console.hub().statistics(),
                    bus.statistics(), load());
            publisher.stop();
            jetty.stop();
            console.deactivate();
            sessions.deactivate();
            bus.stop();
        }
    }

    private static void run(String name, String url, String cookie, int clients, int seconds) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), StreamBenchClients.class.getName(), url,
                cookie.isEmpty() ? "-" : cookie, String.valueOf(clients), "5", String.valueOf(seconds));
        pb.redirectErrorStream(true);
        Process p = pb.start();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpuStart = 0;
        long wallStart = 0;
        double cpu = -1;
        String result = null;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.equals("MEASURE_START")) {
                    cpuStart = os.getProcessCpuTime();
                    wallStart = System.nanoTime();
                } else if (line.equals("MEASURE_END")) {
                    cpu = 100.0 * (os.getProcessCpuTime() - cpuStart) / (System.nanoTime() - wallStart);
                } else if (line.startsWith("RESULT ")) {
                    result = line.substring(7);
                } else {
                    System.out.println("  client: " + line);
                }
            }
        }
        p.waitFor();
        System.out.printf("%-28s hub CPU %.1f %% of one core; delivery bus->client %s; load %s%n", name, cpu, result, load());
    }

    private static double cpu(Runnable during) {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long c = os.getProcessCpuTime();
        long w = System.nanoTime();
        during.run();
        return 100.0 * (os.getProcessCpuTime() - c) / (System.nanoTime() - w);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim().split(" ", 4)[0];
        } catch (IOException e) {
            return "?";
        }
    }

    /** Publishes at a steady rate on its own thread: 1 in 10 a control event, the rest values of 200 points. */
    static final class Publisher {
        private static final String[] CONTROL = {EventTypes.DOOR_FORCED, EventTypes.SHUTTER_STATE, EventTypes.ALARM_RAISED,
                EventTypes.ACCESS_GRANTED, EventTypes.DEVICE_STATUS};
        private final YakataEventBus bus;
        private final int rate;
        private final AtomicBoolean running = new AtomicBoolean(true);
        final AtomicLong published = new AtomicLong();
        private Thread thread;

        Publisher(YakataEventBus bus, int rate) {
            this.bus = bus;
            this.rate = rate;
        }

        void start() {
            thread = new Thread(this::run, "bench-publisher");
            thread.start();
        }

        private void run() {
            long period = 1_000_000_000L / rate;
            long next = System.nanoTime();
            long i = 0;
            while (running.get()) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                    continue;
                }
                next += period;
                Instant now = Instant.now();
                long micros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
                Event e;
                if (i % 10 == 0) {
                    int d = (int) (i / 10 % 40);
                    e = Event.builder(CONTROL[(int) (i / 10 % CONTROL.length)], String.format("door.b%02d", d))
                            .zone("zone-" + d % 8).put("state", "CLOSED").put("reason", "bench").put("sentMicros", micros).build();
                } else {
                    int point = (int) (i % 200);
                    String pid = "p" + point % 4;
                    e = Event.builder(EventTypes.POINT_CHANGED, String.format("hvac.b%02d", point / 4)).subject(pid)
                            .zone("zone-" + point % 8).put("point", pid).put("value", 20.0 + (i % 100) / 10.0)
                            .put("quality", "GOOD").put("unit", "degC").put("sentMicros", micros).build();
                }
                bus.publish(e);
                published.incrementAndGet();
                i++;
            }
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join();
        }
    }
}
