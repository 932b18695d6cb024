package dev.yakata.console.api;

import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventListener;
import dev.yakata.console.metrics.MetricsServlet;
import dev.yakata.eventjson.EventJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import javax.servlet.AsyncContext;
import javax.servlet.AsyncEvent;
import javax.servlet.AsyncListener;
import javax.servlet.Servlet;
import javax.servlet.ServletOutputStream;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The console's live events: {@code GET /api/events/stream?topics=…[&devices=…][&zones=…]} as Server-Sent Events
 * (docs/console-api.md, "Live events"). An async servlet with non-blocking writes on the HTTP whiteboard, and the bus
 * listener that feeds it ({@link StreamHub}); the REST servlet's sessions ({@link ConsoleSessions}) authenticate it.
 */
@Component(service = {Servlet.class, EventListener.class}, configurationPid = "dev.yakata.console.stream", property = {
        "osgi.http.whiteboard.servlet.pattern=/api/events/stream",
        "osgi.http.whiteboard.servlet.name=yakata-console-stream",
        "osgi.http.whiteboard.servlet.asyncSupported=true",
        "yakata.event.listener.name=console-stream",
        EventListener.EVENT_TYPES + "=*",
        EventListener.QUEUE_SIZE + ":Integer=20000"})
@Designate(ocd = ConsoleStreamServlet.Config.class)
public final class ConsoleStreamServlet extends HttpServlet implements EventListener {

    private static final long serialVersionUID = 1L;

    @ObjectClassDefinition(name = "Yakata console live events (SSE)")
    public @interface Config {
        @AttributeDefinition(description = "Most live-event streams open at once; more get 503 with Retry-After")
        int maxClients() default 100;

        @AttributeDefinition(description = "Most streams one session may hold (one per view; a browser tab needs one)")
        int maxClientsPerSession() default 8;

        @AttributeDefinition(description = "Control events waiting for one slow stream before it is told to resync")
        int maxControlEvents() default 2000;

        @AttributeDefinition(description = "Distinct points with a value waiting for one stream before it is told to resync")
        int maxPoints() default 5000;

        @AttributeDefinition(description = "A stream writes at most this often; point values within it are coalesced to the latest")
        long flushMillis() default 50;

        @AttributeDefinition(description = "A comment line after this many seconds without a write keeps proxies and clients sure the stream lives")
        long heartbeatSeconds() default 15;

        @AttributeDefinition(description = "A stream whose connection takes nothing for this long is closed")
        long stallSeconds() default 60;

        @AttributeDefinition(description = "Events kept for resuming a stream after a reconnect (Last-Event-ID)")
        int resumeEvents() default 4096;
    }

    private final transient ConsoleSessions sessions;
    private transient ScheduledThreadPoolExecutor writer;
    private transient StreamHub hub;
    private transient Consumer<String> onSessionEnd;
    private transient ServiceRegistration<LongSupplier> clientsGauge;

    @Activate
    public ConsoleStreamServlet(@Reference ConsoleSessions sessions) {
        this.sessions = sessions;
    }

    @Activate
    void activate(Config cfg, BundleContext context) {
        start(new StreamHub.Settings(cfg.maxClients(), cfg.maxClientsPerSession(), cfg.maxControlEvents(), cfg.maxPoints(),
                cfg.flushMillis(), cfg.heartbeatSeconds(), cfg.stallSeconds(), cfg.resumeEvents()));
        // the metrics servlet writes any such gauge it finds; the number of streams open now is this one
        StreamHub h = hub;
        Hashtable<String, Object> gauge = new Hashtable<>();
        gauge.put(MetricsServlet.METRIC_NAME, MetricsServlet.SSE_CLIENTS);
        gauge.put(MetricsServlet.METRIC_HELP, "Live-event (SSE) streams open now");
        clientsGauge = context.registerService(LongSupplier.class, () -> h.clientCount(), gauge);
    }

    /** Starts the hub and its writer thread; the component's activation, and tests outside OSGi. */
    void start(StreamHub.Settings settings) {
        writer = new ScheduledThreadPoolExecutor(1, r -> new Thread(r, "yakata-console-stream"));
        writer.setRemoveOnCancelPolicy(true);
        hub = new StreamHub(settings, writer);
        onSessionEnd = hub::sessionEnded;
        sessions.onEnd(onSessionEnd);
    }

    @Deactivate
    void deactivate() {
        if (clientsGauge != null) {
            clientsGauge.unregister();
            clientsGauge = null;
        }
        sessions.removeOnEnd(onSessionEnd);
        hub.closeAll();
        writer.shutdownNow();
    }

    StreamHub hub() {
        return hub;
    }

    @Override
    public void onEvent(Event event) {
        StreamHub h = hub;
        if (h != null) {
            h.onEvent(event);
        }
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setHeader("Cache-Control", "no-store");
        resp.setHeader("X-Content-Type-Options", "nosniff");
        if (!req.getMethod().equals("GET")) {
            resp.setHeader("Allow", "GET");
            error(resp, 405, "method-not-allowed", req.getMethod() + " /api/events/stream is not a route; it allows GET");
            return;
        }
        Optional<Sessions.Session> session = sessions.peek(req);
        if (session.isEmpty()) {
            boolean sent = ConsoleSessions.cookie(req) != null;
            error(resp, 401, sent ? "session-expired" : "unauthenticated", sent
                    ? "the session has ended (logged out, or idle longer than " + sessions.idleSeconds()
                            + " s); log in again with POST /api/session"
                    : "no session: log in with POST /api/session {\"user\", \"password\"}, then open the stream");
            return;
        }
        Sessions.Session s = session.get();
        StreamFilter filter;
        try {
            filter = StreamFilter.parse(req.getParameter("topics"), req.getParameter("devices"), req.getParameter("zones"));
        } catch (IllegalArgumentException e) {
            error(resp, 400, "bad-request", "GET /api/events/stream: " + e.getMessage());
            return;
        }
        String refusal = hub.admit(s.id);
        if (refusal != null) {
            resp.setHeader("Retry-After", "10");
            error(resp, refusal.contains("(maxClients)") ? 503 : 429, refusal.contains("(maxClients)") ? "unavailable"
                    : "throttled", "GET /api/events/stream: " + refusal);
            return;
        }
        String lastEventId = req.getHeader("Last-Event-ID");
        if (lastEventId == null) {
            lastEventId = req.getParameter("lastEventId");
        }
        StreamClient client = null;
        boolean registered = false;
        try {
            resp.setStatus(200);
            resp.setContentType("text/event-stream;charset=UTF-8");
            resp.setHeader("X-Accel-Buffering", "no");
            AsyncContext async = req.startAsync();
            async.setTimeout(0); // heartbeats find a dead connection; the stall limit ends a stuck one
            ServletOutputStream out = resp.getOutputStream();
            client = new StreamClient(hub.nextClientNumber(), s.id, s.issuer.user(), filter, hub, async, out, writer,
                    hub.settings.maxControlEvents(), hub.settings.maxPoints(), hub.settings.flushMillis());
            StreamClient c = client;
            async.addListener(new AsyncListener() {
                @Override
                public void onComplete(AsyncEvent event) {
                    c.finish();
                }

                @Override
                public void onTimeout(AsyncEvent event) {
                    c.finish();
                }

                @Override
                public void onError(AsyncEvent event) {
                    c.finish();
                }

                @Override
                public void onStartAsync(AsyncEvent event) {
                    // not restarted
                }
            });
            Map<String, Object> ready = new LinkedHashMap<>(filter.describe());
            ready.put("user", s.issuer.user());
            ready.put("flushMillis", hub.settings.flushMillis());
            ready.put("heartbeatSeconds", hub.settings.heartbeatSeconds());
            hub.register(client, lastEventId, ready);
            registered = true;
            out.setWriteListener(client); // non-blocking from here; the container's first onWritePossible sends the ready frame
        } catch (RuntimeException e) {
            if (registered) {
                client.finish();
            } else {
                hub.release(s.id);
            }
            throw e;
        }
    }

    private static void error(HttpServletResponse resp, int status, String code, String message) throws IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("error", code);
        out.put("message", message);
        byte[] bytes = EventJson.valueToJson(out).getBytes(StandardCharsets.UTF_8);
        resp.setStatus(status);
        resp.setContentType("application/json;charset=UTF-8");
        resp.setContentLength(bytes.length);
        resp.getOutputStream().write(bytes);
    }
}
