/*
 * The Yakata event bus: two lanes, never one queue.
 *
 *   publish(event) --point.changed--> [telemetry lane: bounded, full = drop + count, publish returns false]
 *                  --anything else--> [control lane:   bounded, full = wait offerTimeout, then refuse + ERROR]
 *
 * Each lane has one thread (yakata-bus-control, yakata-bus-telemetry) that runs every event through the lane's
 * canonical Camel route (yakata-control-lane, yakata-telemetry-lane, from direct:). The route ends by fanning the
 * event out: it only ever offers (never blocks) into each matching listener's own bounded queue, drained by that
 * listener's own thread (yakata-bus-listener-<n>). So a listener that is slow or stuck fills and overflows its own
 * queue (drops counted, WARN rate-limited) and delays neither the lanes nor any other listener, and a telemetry
 * flood can fill the telemetry lane without taking a slot of the control lane.
 *
 * The same CamelContext ("yakata") runs the yakata: component (routes consume and publish bus events), the user's
 * YAML routes from etc/routes, and RoutesBuilder services of other bundles.
 */
package dev.yakata.bus;

import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventListener;
import dev.yakata.api.event.EventTypes;
import dev.yakata.bus.api.EventBus;
import dev.yakata.bus.api.LaneStatistics;
import dev.yakata.bus.camel.YakataConstants;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event bus on an embedded Camel context. Plain Java: construct, {@link #start(BusSettings)},
 * {@link #stop()}; the OSGi component {@link EventBusComponent} does the same from its configuration and
 * whiteboards. One instance runs once.
 */
public final class YakataEventBus implements EventBus {

    /** Service property naming a listener in {@link #statistics()}. */
    public static final String LISTENER_NAME = "yakata.event.listener.name";
    public static final int DEFAULT_LISTENER_QUEUE_SIZE = 10_000;

    static final String CONTROL_URI = "direct:yakata.control";
    static final String TELEMETRY_URI = "direct:yakata.telemetry";

    private static final Logger LOG = LoggerFactory.getLogger(YakataEventBus.class);

    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private final AtomicInteger listenerCounter = new AtomicInteger();
    private final RateLimitedLog refusedLog = new RateLimitedLog(10, TimeUnit.SECONDS);
    private final List<RoutesBuilder> pendingBuilders = new ArrayList<>();
    private final Map<RoutesBuilder, Set<String>> builderRoutes = new LinkedHashMap<>();
    private volatile State state = State.NEW;
    private volatile Lane control;
    private volatile Lane telemetry;
    private volatile long controlOfferTimeoutMillis;
    private DefaultCamelContext context;
    private RouteInstaller installer;
    private RouteFileWatcher watcher;

    private enum State { NEW, STARTED, STOPPED }

    /** Creates the Camel context, the lanes and their routes, loads the route files and starts watching them. */
    public synchronized void start(BusSettings settings) throws Exception {
        if (state != State.NEW) {
            throw new IllegalStateException("The bus runs once; it is " + state);
        }
        controlOfferTimeoutMillis = settings.controlOfferTimeoutMillis();
        DefaultCamelContext ctx = new DefaultCamelContext(false);
        ctx.getCamelContextExtension().setName("yakata");
        ctx.setApplicationContextClassLoader(YakataEventBus.class.getClassLoader());
        ctx.getExecutorServiceManager().setThreadNamePattern("yakata-bus-camel-#counter#-#name#");
        ctx.getShutdownStrategy().setTimeout(10);
        ctx.disableJMX();
        ctx.addComponent(YakataConstants.SCHEME, new YakataComponent(this));
        ctx.build();
        ctx.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(CONTROL_URI).routeId(YakataConstants.CONTROL_ROUTE_ID).process(YakataEventBus.this::fanOut);
                from(TELEMETRY_URI).routeId(YakataConstants.TELEMETRY_ROUTE_ID).process(YakataEventBus.this::fanOut);
            }
        });
        ctx.start();
        context = ctx;
        installer = new RouteInstaller(ctx);

        Lane c = new Lane("lane:control", settings.controlLaneSize(), "yakata-bus-control");
        Lane t = new Lane("lane:telemetry", settings.telemetryLaneSize(), "yakata-bus-telemetry");
        c.start(ctx, CONTROL_URI);
        t.start(ctx, TELEMETRY_URI);
        control = c;
        telemetry = t;
        state = State.STARTED;

        for (RoutesBuilder b : pendingBuilders) {
            addRoutesNow(b);
        }
        pendingBuilders.clear();

        if (settings.routesDirectory() != null) {
            watcher = new RouteFileWatcher(this, installer, settings.routesDirectory(), settings.routesPollMillis(),
                    settings.maxRouteFileBytes());
            watcher.start();
        }
        LOG.info("Yakata bus started on Camel {} (control lane {}, telemetry lane {}, routes from {})",
                ctx.getVersion(), settings.controlLaneSize(), settings.telemetryLaneSize(),
                settings.routesDirectory());
    }

    /** Stops the route watcher, the lanes, every listener and the Camel context. Safe to call twice. */
    public synchronized void stop() {
        if (state == State.STOPPED) {
            return;
        }
        State was = state;
        state = State.STOPPED;
        if (watcher != null) {
            watcher.stop();
        }
        if (was == State.STARTED) {
            control.stop();
            telemetry.stop();
        }
        for (Subscription s : subscriptions) {
            s.stop();
        }
        subscriptions.clear();
        if (context != null) {
            try {
                context.stop();
            } catch (RuntimeException e) {
                LOG.warn("Camel context did not stop cleanly", e);
            }
        }
        builderRoutes.clear();
        pendingBuilders.clear();
    }

    /** The bus's Camel context, once started. */
    public CamelContext camelContext() {
        return context;
    }

    /** Test hook, see {@link Lane#gate}. */
    void gateLanes(java.util.concurrent.CountDownLatch latch) {
        control.gate(latch);
        telemetry.gate(latch);
    }

    boolean isStarted() {
        return state == State.STARTED;
    }

    @Override
    public boolean publish(Event event) {
        Lane c = control;
        if (state != State.STARTED || c == null) {
            return false;
        }
        if (EventTypes.POINT_CHANGED.equals(event.type())) {
            return telemetry.offer(event);
        }
        boolean queued;
        try {
            queued = c.offer(event, controlOfferTimeoutMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            queued = false;
        }
        if (!queued) {
            long suppressed = refusedLog.permit();
            if (suppressed >= 0) {
                LOG.error("Control lane still full after {} ms: refused {} event {} from {} ({} earlier refusals not"
                        + " logged)", controlOfferTimeoutMillis, event.type(), event.id(), event.source(), suppressed);
            }
        }
        return queued;
    }

    private void fanOut(Exchange exchange) {
        Event event = exchange.getMessage().getBody(Event.class);
        for (Subscription s : subscriptions) {
            s.deliver(event);
        }
    }

    @Override
    public List<LaneStatistics> statistics() {
        List<LaneStatistics> result = new ArrayList<>();
        Lane c = control;
        Lane t = telemetry;
        if (c != null) {
            result.add(c.statistics());
            result.add(t.statistics());
        }
        for (Subscription s : subscriptions) {
            result.add(s.statistics());
        }
        return result;
    }

    /**
     * Subscribes a listener with the whiteboard service properties ({@link EventListener#EVENT_TYPES},
     * {@link EventListener#QUEUE_SIZE}, {@link #LISTENER_NAME}). Starts its thread at once.
     *
     * @return the handle to pass to {@link #removeListener(Subscription)}, or {@code null} once the bus is stopped
     */
    public Subscription addListener(EventListener listener, Map<String, ?> properties) {
        Object types = properties.get(EventListener.EVENT_TYPES);
        int size = DEFAULT_LISTENER_QUEUE_SIZE;
        Object sizeProp = properties.get(EventListener.QUEUE_SIZE);
        if (sizeProp instanceof Number n && n.intValue() > 0) {
            size = n.intValue();
        } else if (sizeProp != null) {
            try {
                size = Math.max(1, Integer.parseInt(sizeProp.toString().trim()));
            } catch (NumberFormatException e) {
                LOG.warn("Listener {} has {}={} which is not a number; using {}", listener, EventListener.QUEUE_SIZE,
                        sizeProp, size);
            }
        }
        return subscribe(listenerName(listener, properties), EventTypeFilter.of(types), size, listener);
    }

    private String listenerName(EventListener listener, Map<String, ?> p) {
        Object name = p.get(LISTENER_NAME);
        if (name == null) {
            name = p.get("component.name");
        }
        if (name == null) {
            Object oc = p.get("objectClass");
            String cls = oc instanceof String[] a && a.length > 0 ? a[0] : listener.getClass().getName();
            Object id = p.get("service.id");
            name = id == null ? cls : cls + "#" + id;
        }
        return "listener:" + name;
    }

    Subscription subscribe(String name, EventTypeFilter filter, int queueSize, EventListener listener) {
        if (state == State.STOPPED) {
            return null;
        }
        Subscription s = new Subscription(name, filter, queueSize, listener,
                "yakata-bus-listener-" + listenerCounter.incrementAndGet());
        s.start();
        subscriptions.add(s);
        LOG.debug("Listener {} subscribed to {} on thread {}", name, filter, s.threadName());
        return s;
    }

    /** Unsubscribes and stops the listener's thread. Ignores null and unknown handles (DS after deactivate). */
    public void removeListener(Subscription subscription) {
        if (subscription != null && subscriptions.remove(subscription)) {
            subscription.stop();
        }
    }

    /** Adds the builder's routes to the running context (or when it starts); they are tracked per builder. */
    public synchronized void addRoutes(RoutesBuilder builder) {
        switch (state) {
            case NEW -> pendingBuilders.add(builder);
            case STARTED -> addRoutesNow(builder);
            case STOPPED -> { }
        }
    }

    private void addRoutesNow(RoutesBuilder builder) {
        try {
            Set<String> ids = installer.add(builder);
            builderRoutes.put(builder, ids);
            LOG.info("Added routes {} from {}", ids, builder);
        } catch (Exception e) {
            LOG.error("Could not add the routes of {}: {}", builder, e.getMessage(), e);
        }
    }

    /** Removes exactly the routes that {@link #addRoutes(RoutesBuilder)} added for this builder. */
    public synchronized void removeRoutes(RoutesBuilder builder) {
        pendingBuilders.remove(builder);
        Set<String> ids = builderRoutes.remove(builder);
        if (ids != null && state == State.STARTED) {
            installer.remove(ids);
            LOG.info("Removed routes {} of {}", ids, builder);
        }
    }
}
