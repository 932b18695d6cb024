package dev.yakata.console.api;

import dev.yakata.api.command.Issuer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;

/**
 * The stream servlet on a real Jetty (the version inside Pax Web 8.0.33) on 127.0.0.1, with the console's real
 * sessions, and an SSE reader over the JDK's HTTP client. For the stream's tests.
 */
final class StreamServer implements AutoCloseable {

    final ConsoleSessions sessions;
    final ConsoleStreamServlet servlet;
    private final Server jetty;
    final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    StreamServer(StreamHub.Settings settings, long sessionIdleSeconds) throws Exception {
        sessions = ConsoleSessions.started(sessionIdleSeconds);
        servlet = new ConsoleStreamServlet(sessions);
        servlet.start(settings);
        jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        ServletHolder holder = new ServletHolder(servlet);
        holder.setAsyncSupported(true);
        context.addServlet(holder, "/api/events/stream");
        jetty.setHandler(context);
        jetty.start();
        base = "http://127.0.0.1:" + connector.getLocalPort() + "/api/events/stream";
    }

    static StreamHub.Settings settings() {
        return new StreamHub.Settings(10, 4, 2000, 5000, 20, 15, 60, 4096);
    }

    InetSocketAddress address() {
        URI u = URI.create(base);
        return new InetSocketAddress(u.getHost(), u.getPort());
    }

    /** A session cookie for a user with these roles, as a log-in would open it. */
    String login(String user, String... roles) {
        return ConsoleApiServlet.COOKIE + "=" + sessions.sessions().open(Issuer.of(user, Issuer.Channel.REST, roles), null,
                Instant.now()).id;
    }

    HttpResponse<String> get(String query, String cookie) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + query)).timeout(Duration.ofSeconds(10));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Opens a stream and reads its frames on a thread of its own. */
    Sse open(String query, String cookie, String lastEventId) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + query)).header("Accept", "text/event-stream");
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        if (lastEventId != null) {
            b.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<InputStream> r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() != 200) {
            throw new AssertionError("stream answered " + r.statusCode() + ": "
                    + new String(r.body().readAllBytes(), StandardCharsets.UTF_8));
        }
        return new Sse(r.body());
    }

    /** One SSE frame: its id, event name and data (comments are frames with event ":"). */
    record Frame(String id, String event, String data) {
    }

    static final class Sse implements AutoCloseable {
        final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
        volatile boolean ended;
        private final InputStream in;

        Sse(InputStream in) {
            this.in = in;
            Thread t = new Thread(this::read, "test-sse-reader");
            t.setDaemon(true);
            t.start();
        }

        private void read() {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String id = null;
                String event = "message";
                StringBuilder data = new StringBuilder();
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.isEmpty()) {
                        frames.add(new Frame(id, event, data.toString()));
                        id = null;
                        event = "message";
                        data.setLength(0);
                    } else if (line.startsWith(":")) {
                        event = ":";
                    } else if (line.startsWith("id: ")) {
                        id = line.substring(4);
                    } else if (line.startsWith("event: ")) {
                        event = line.substring(7);
                    } else if (line.startsWith("data: ")) {
                        data.append(line.substring(6));
                    }
                }
            } catch (IOException e) {
                // closed
            }
            ended = true;
        }

        /** The next frame other than a heartbeat, or null after the wait. */
        Frame next(long millis) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            while (true) {
                Frame f = frames.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (f == null || !f.event.equals(":")) {
                    return f;
                }
            }
        }

        /** Frames until one of this event name whose data contains {@code marker}; fails after the wait. */
        List<Frame> until(String event, String marker, long millis) throws InterruptedException {
            List<Frame> out = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            while (System.nanoTime() < deadline) {
                Frame f = next(TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()) + 1);
                if (f == null) {
                    break;
                }
                out.add(f);
                if (f.event.equals(event) && f.data.contains(marker)) {
                    return out;
                }
            }
            throw new AssertionError("no " + event + " with " + marker + " within " + millis + " ms; got " + out);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    @Override
    public void close() throws Exception {
        servlet.deactivate();
        jetty.stop();
        sessions.deactivate();
    }
}
