/*
 * The Yakata event bus: two lanes, one dispatcher for telemetry, and the journal behind the control lane.
 *
 *   publish(event) --point.changed--> [telemetry ring: bounded; full = shed, counted in `dropped`, returns false]
 *                                     -> dispatcher -> canonical route -> each listener's queue
 *                  --anything else--> under one lock: number it (per-source `sequence`, 1 up since start, when it
 *                                     has none) -> Journal.append (durable record first) -> offer it straight into
 *                                     the queue of each listener that wants it; then wake those listeners.
 *                                     A listener whose queue is full is "behind": from that event on, its control
 *                                     events come from the journal (the dispatcher reads them for it, in order, as
 *                                     its queue makes room) until it has caught up, then live again (`overflowed`).
 *
 * One hop for control: on this project's 2-vCPU VMs each hand-off to a thread that has to be woken costs its own
 * tail (a thread woken on a halted vCPU waits for the host to run that vCPU), measured as p99 0.07 ms for one bare
 * hop and 0.6-1.0 ms for two. So a control event goes from its publisher to the listener's thread, and no thread in
 * between. The lock that orders the journal also orders the offers, so every listener sees control in journal
 * order whichever thread published; it covers an append and one non-blocking offer per listener, never a wait.
 *
 * publish never waits: the telemetry ring and every listener's queue are lock-free multi-producer queues that
 * answer at once. A control event is never refused for room, only when the journal's disk fails (logged,
 * `unjournaled`; still delivered live to every listener with room). The core's lifecycle thread and every adapter
 * therefore never stall on the bus, and a stuck listener delays nobody: it falls behind and reads the journal later.
 *
 * One thread, yakata-bus-dispatcher, drains the telemetry lane and does the catch-up. Each cycle it first reads the
 * journal for every listener that is behind and has room, then takes at most ONE telemetry batch (telemetryBatch,
 * 256 by default) as one exchange through the canonical Camel route (yakata-telemetry-lane from
 * direct:yakata.telemetry) whose body is an immutable List<Event>, so Camel's per-exchange cost is paid once per
 * batch, not once per event. The route ends by fanning the batch out PER EVENT: it only ever offers (never blocks)
 * each event into each matching listener's own bounded queue, drained by that listener's own thread
 * (yakata-bus-listener-<n>). A yakata:events consumer is such a listener and gets one exchange per event with the
 * Event as body, so user routes see events one by one. A listener that is slow or stuck loses its own telemetry
 * (drops counted, WARN rate-limited). Durable consumers (the northbound bridge, the store) read the journal with
 * cursors of their own and lose nothing.
 *
 * The bus is the journal's only appender: a listener has caught up when it has been given everything up to the
 * bus's last append.
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
import dev.yakata.journal.api.Journal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event bus on an embedded Camel context. Plain Java: construct it on a {@link Journal},
 * {@link #start(BusSettings)}, {@link #stop()}; the OSGi component {@link EventBusComponent} does the same from its
 * configuration, its journal reference and whiteboards. One instance runs once.
 */
public final class YakataEventBus implements EventBus {

    /** Service property naming a listener in {@link #statistics()}. */
    public static final String LISTENER_NAME = "yakata.event.listener.name";
    public static final int DEFAULT_LISTENER_QUEUE_SIZE = 10_000;

    static final String TELEMETRY_URI = "direct:yakata.telemetry";

    private static final Logger LOG = LoggerFactory.getLogger(YakataEventBus.class);

    private static final Subscription[] NONE = new Subscription[0];

    private final Journal journal;
    /** Copied on write: a publisher or the dispatcher reads one snapshot per event or batch, with no iterator. */
    private volatile Subscription[] subscriptions = NONE;
    /** Guards changes to {@link #subscriptions} only (not the bus's own monitor: a route starting subscribes). */
    private final Object subscriptionsLock = new Object();
    private final AtomicInteger listenerCounter = new AtomicInteger();
    private final List<RoutesBuilder> pendingBuilders = new ArrayList<>();
    private final Map<RoutesBuilder, Set<String>> builderRoutes = new LinkedHashMap<>();
    private volatile State state = State.NEW;
    private volatile Dispatcher dispatcher;
    private DefaultCamelContext context;
    private RouteInstaller installer;
    private RouteFileWatcher watcher;

    private enum State { NEW, STARTED, STOPPED }

    /** A bus whose control lane is journaled in {@code journal}, which it must be the only one to append to. */
    public YakataEventBus(Journal journal) {
        this.journal = Objects.requireNonNull(journal, "journal");
    }

    /** Creates the Camel context, the lanes and their routes, loads the route files and starts watching them. */
    public synchronized void start(BusSettings settings) throws Exception {
        if (state != State.NEW) {
            throw new IllegalStateException("The bus runs once; it is " + state);
        }
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
                from(TELEMETRY_URI).routeId(YakataConstants.TELEMETRY_ROUTE_ID).process(YakataEventBus.this::fanOut);
            }
        });
        ctx.start();
        context = ctx;
        installer = new RouteInstaller(ctx);

        Dispatcher d = new Dispatcher(journal, settings.telemetryLaneSize(), settings.telemetryBatch(),
                () -> subscriptions);
        d.start(ctx, TELEMETRY_URI);
        dispatcher = d;
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
        LOG.info("Yakata bus started on Camel {} (control journaled and handed to the listeners by its publisher,"
                + " telemetry lane {} in batches of {}, routes from {})", ctx.getVersion(),
                settings.telemetryLaneSize(), settings.telemetryBatch(), settings.routesDirectory());
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
            dispatcher.stop();
        }
        Subscription[] subs;
        synchronized (subscriptionsLock) {
            subs = subscriptions;
            subscriptions = NONE;
        }
        for (Subscription s : subs) {
            s.stop();
        }
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

    /** Test hook, see {@link Dispatcher#gate}. */
    void gateLanes(java.util.concurrent.CountDownLatch latch) {
        dispatcher.gate(latch);
    }

    boolean isStarted() {
        return state == State.STARTED;
    }

    @Override
    public boolean publish(Event event) {
        Dispatcher d = dispatcher;
        if (state != State.STARTED || d == null) {
            return false;
        }
        // an identity check first: the type strings of the hub's own events are the interned constant
        String type = event.type();
        if (type == EventTypes.POINT_CHANGED || EventTypes.POINT_CHANGED.equals(type)) {
            return d.publishTelemetry(event);
        }
        return d.publishControl(event);
    }

    private void requestCatchUp() {
        Dispatcher d = dispatcher;
        if (d != null) {
            d.requestCatchUp();
        }
    }

    /** The end of the telemetry route: offers each event of the batch to each listener that wants it. */
    private void fanOut(Exchange exchange) {
        @SuppressWarnings("unchecked")
        List<Event> batch = exchange.getMessage().getBody(List.class);
        Subscription[] subs = subscriptions;
        if (subs.length == 0) {
            return;
        }
        for (int i = 0, n = batch.size(); i < n; i++) {
            Event event = batch.get(i);
            for (Subscription s : subs) {
                s.deliver(event);
            }
        }
        // one wake-up per listener per batch, not per event
        for (Subscription s : subs) {
            s.flush();
        }
    }

    @Override
    public List<LaneStatistics> statistics() {
        List<LaneStatistics> result = new ArrayList<>();
        Dispatcher d = dispatcher;
        if (d != null) {
            result.add(d.controlStatistics());
            result.add(d.telemetryStatistics());
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
                "yakata-bus-listener-" + listenerCounter.incrementAndGet(), this::requestCatchUp);
        s.start();
        synchronized (subscriptionsLock) {
            if (state == State.STOPPED) {
                s.stop();
                return null;
            }
            Subscription[] next = java.util.Arrays.copyOf(subscriptions, subscriptions.length + 1);
            next[next.length - 1] = s;
            subscriptions = next;
        }
        LOG.debug("Listener {} subscribed to {} on thread {}", name, filter, s.threadName());
        return s;
    }

    /** Unsubscribes and stops the listener's thread. Ignores null and unknown handles (DS after deactivate). */
    public void removeListener(Subscription subscription) {
        if (subscription != null && remove(subscription)) {
            subscription.stop();
        }
    }

    private boolean remove(Subscription subscription) {
        synchronized (subscriptionsLock) {
            return removeLocked(subscription);
        }
    }

    private boolean removeLocked(Subscription subscription) {
        Subscription[] subs = subscriptions;
        for (int i = 0; i < subs.length; i++) {
            if (subs[i] == subscription) {
                Subscription[] next = new Subscription[subs.length - 1];
                System.arraycopy(subs, 0, next, 0, i);
                System.arraycopy(subs, i + 1, next, i, subs.length - i - 1);
                subscriptions = next;
                return true;
            }
        }
        return false;
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
