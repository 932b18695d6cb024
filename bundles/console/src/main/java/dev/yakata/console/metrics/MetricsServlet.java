package dev.yakata.console.metrics;

import dev.yakata.api.device.DeviceState;
import dev.yakata.bus.api.EventBus;
import dev.yakata.bus.api.LaneStatistics;
import dev.yakata.core.api.DeviceInfo;
import dev.yakata.core.api.DeviceRegistry;
import dev.yakata.store.api.EventStore;
import dev.yakata.store.api.StoreStatus;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.LongSupplier;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /metrics}: the hub's figures in Prometheus' text format (docs/console-api.md, "Metrics"). Loopback
 * callers only: a scraper runs on the hub's machine (or reaches it through an SSH tunnel), so no password has to live
 * in a scraper's configuration, and nothing about the building is readable from the network without one.
 *
 * <p>Gauges other bundles offer: any {@link LongSupplier} service with the property {@value #METRIC_NAME} (and
 * optionally {@value #METRIC_HELP}) is exported as a gauge of that name; the console's live-event stream registers
 * {@value #SSE_CLIENTS} so. Absent, that family is simply not written.
 */
@Component(service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.pattern=/metrics",
        "osgi.http.whiteboard.servlet.name=yakata-metrics"})
public final class MetricsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(MetricsServlet.class);

    /** Service property naming the gauge a {@link LongSupplier} service provides. */
    public static final String METRIC_NAME = "yakata.metric.name";
    public static final String METRIC_HELP = "yakata.metric.help";
    /** The gauge the console's Server-Sent Events servlet is expected to register: clients connected now. */
    public static final String SSE_CLIENTS = "yakata_console_sse_clients";

    private final transient DeviceRegistry registry;
    private final transient CommandLatencies latencies;
    private transient volatile EventBus bus;
    private transient volatile EventStore store;
    private final transient Map<String, Gauge> gauges = new ConcurrentSkipListMap<>();

    private record Gauge(String help, LongSupplier value) { }

    @Activate
    public MetricsServlet(@Reference DeviceRegistry registry, @Reference CommandLatencies latencies) {
        this.registry = registry;
        this.latencies = latencies;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindBus(EventBus value) { bus = value; }
    void unbindBus(EventBus value) { if (bus == value) bus = null; }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindStore(EventStore value) { store = value; }
    void unbindStore(EventStore value) { if (store == value) store = null; }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            target = "(" + METRIC_NAME + "=*)")
    void bindGauge(LongSupplier value, Map<String, Object> props) {
        String name = String.valueOf(props.get(METRIC_NAME));
        if (!PrometheusText.METRIC_NAME.matcher(name).matches() || !name.startsWith("yakata_")) {
            LOG.warn("ignoring the gauge service {}: {} = {} must be a Prometheus name starting with yakata_",
                    props.get("service.id"), METRIC_NAME, name);
            return;
        }
        Object help = props.get(METRIC_HELP);
        gauges.put(name, new Gauge(help == null ? name : help.toString(), value));
    }

    void unbindGauge(LongSupplier value, Map<String, Object> props) {
        gauges.computeIfPresent(String.valueOf(props.get(METRIC_NAME)), (k, g) -> g.value() == value ? null : g);
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setHeader("Cache-Control", "no-store");
        if (!loopback(req.getRemoteAddr())) {
            resp.setStatus(403);
            resp.setContentType("text/plain; charset=utf-8");
            resp.getWriter().write("/metrics answers loopback callers only (this request came from " + req.getRemoteAddr()
                    + "); run the scraper on the hub's machine or through an SSH tunnel (docs/console-api.md)\n");
            return;
        }
        byte[] body = render().getBytes(StandardCharsets.UTF_8);
        resp.setContentType(PrometheusText.CONTENT_TYPE);
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }

    static boolean loopback(String address) {
        try {
            return address != null && InetAddress.getByName(address).isLoopbackAddress(); // a literal: no lookup
        } catch (IOException e) {
            return false;
        }
    }

    String render() {
        PrometheusText t = new PrometheusText();
        writeDevices(t, registry.devices());
        EventBus b = bus;
        if (b != null) {
            writeBus(t, b.statistics());
        }
        EventStore s = store;
        if (s != null) {
            writeStore(t, s);
        }
        latencies.write(t);
        for (Map.Entry<String, Gauge> g : gauges.entrySet()) {
            try {
                long v = g.getValue().value().getAsLong();
                t.family(g.getKey(), "gauge", g.getValue().help()).sample(g.getKey(), v);
            } catch (RuntimeException e) {
                LOG.debug("gauge {} failed: {}", g.getKey(), e.toString());
            }
        }
        return t.toString();
    }

    static void writeDevices(PrometheusText t, List<DeviceInfo> devices) {
        Map<DeviceState, Integer> counts = new EnumMap<>(DeviceState.class);
        for (DeviceState s : DeviceState.values()) {
            counts.put(s, 0);
        }
        for (DeviceInfo d : devices) {
            counts.merge(d.status().state(), 1, Integer::sum);
        }
        t.family("yakata_devices", "gauge", "Devices by status (ONLINE, OFFLINE, FAULT, UNKNOWN)");
        counts.forEach((state, n) -> t.sample("yakata_devices", n, "state", state.name()));
    }

    static void writeBus(PrometheusText t, List<LaneStatistics> stats) {
        String[][] counters = {
                {"yakata_bus_events_accepted_total", "Events accepted per lane or listener queue since the bus started"},
                {"yakata_bus_events_delivered_total", "Events processed to the end per lane or listener queue"},
                {"yakata_bus_events_dropped_total", "Events lost because the queue was full (telemetry shed, a slow listener); never a journaled control event"},
                {"yakata_bus_events_failed_total", "Events whose processing threw"}};
        for (int c = 0; c < counters.length; c++) {
            t.family(counters[c][0], "counter", counters[c][1]);
            for (LaneStatistics s : stats) {
                long v = switch (c) {
                    case 0 -> s.accepted();
                    case 1 -> s.delivered();
                    case 2 -> s.dropped();
                    default -> s.failed();
                };
                t.sample(counters[c][0], v, "queue", s.name());
            }
        }
        t.family("yakata_bus_queue_depth", "gauge", "Events waiting in memory now, per lane or listener queue");
        stats.forEach(s -> t.sample("yakata_bus_queue_depth", s.queued(), "queue", s.name()));
        t.family("yakata_bus_queue_capacity", "gauge", "Capacity of each lane or listener queue");
        stats.forEach(s -> t.sample("yakata_bus_queue_capacity", s.capacity(), "queue", s.name()));
        t.family("yakata_bus_control_overflowed_total", "counter",
                "Control events that found the lane full and were delivered later from the journal (late, not lost)");
        stats.stream().filter(s -> s.name().equals("lane:control"))
                .forEach(s -> t.sample("yakata_bus_control_overflowed_total", s.overflowed()));
    }

    static void writeStore(PrometheusText t, EventStore store) {
        StoreStatus s;
        try {
            s = store.status();
        } catch (RuntimeException e) {
            return; // not ready (migrating): the families are absent until it is
        }
        t.family("yakata_store_connected", "gauge", "1 while the event store's last write succeeded, else 0");
        t.sample("yakata_store_connected", s.connected() ? 1 : 0);
        t.family("yakata_store_lag_events", "gauge", "Control events journaled but not yet stored (the store's lag behind the bus)");
        t.sample("yakata_store_lag_events", s.journalLag());
        t.family("yakata_store_events_written_total", "counter", "Control events stored since start");
        t.sample("yakata_store_events_written_total", s.eventsWritten());
        t.family("yakata_store_samples_written_total", "counter", "Raw point samples stored since start");
        t.sample("yakata_store_samples_written_total", s.samplesWritten());
        t.family("yakata_store_telemetry_dropped_total", "counter", "Point changes not stored (history queue full or database down)");
        t.sample("yakata_store_telemetry_dropped_total", s.telemetryDropped());
    }
}
