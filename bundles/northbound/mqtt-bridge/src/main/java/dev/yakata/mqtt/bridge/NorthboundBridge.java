package dev.yakata.mqtt.bridge;

import dev.yakata.api.command.Issuer;
import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventTypes;
import dev.yakata.core.api.DeviceRegistry;
import dev.yakata.eventjson.EventJson;
import dev.yakata.journal.api.Journal;
import dev.yakata.journal.api.JournalCursor;
import dev.yakata.mqtt.bridge.status.MqttBridgeStatus;
import dev.yakata.mqtt.client.BrokerSession;
import dev.yakata.mqtt.client.BrokerSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The northbound MQTT bridge. Control events (everything but {@code point.changed}) come from the bridge's own cursor
 * ({@value #CURSOR}) of the hub's journal, where the bus appended them before delivering anything; a publisher moves
 * them to the broker in order and commits only what the broker acknowledged. A broker outage, a hub restart, or both,
 * therefore lose nothing; what was in flight may arrive twice, and consumers de-duplicate by event id. Telemetry
 * ({@code point.changed}) comes from a route on the bus and goes straight out at QoS 0, best effort: while the broker
 * is away or the client is behind, it is shed and counted. The bridge's own state is retained at
 * {@code yakata/<site>/bridge/status} ({@code online}, or {@code offline} as its last will).
 */
@Component(service = MqttBridgeStatus.class, configurationPid = NorthboundBridge.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = BridgeConfig.class)
public class NorthboundBridge implements MqttBridgeStatus {

    public static final String PID = "dev.yakata.mqtt.bridge";
    /** The bridge's cursor name in the journal. */
    public static final String CURSOR = "mqtt-bridge";
    static final String ROUTE_ID = "yakata-mqtt-bridge-telemetry";
    private static final Logger LOG = LoggerFactory.getLogger(NorthboundBridge.class);

    private JournalPublisher publisher;
    private JournalCursor cursor;
    private Thread publisherThread;
    private BrokerSession connection;
    private ScheduledExecutorService scheduler;
    private ServiceRegistration<RoutesBuilder> route;
    private String site;
    private boolean pointsRetained;
    private EventTypeFilter types = new EventTypeFilter("*");
    private int telemetryMaxPending = 1000;
    private final AtomicInteger telemetryPending = new AtomicInteger();
    private final LongAdder telemetrySent = new LongAdder();
    private final LongAdder telemetryShed = new LongAdder();
    private final AtomicLong lastShedLog = new AtomicLong(System.nanoTime() - TimeUnit.MINUTES.toNanos(1));
    private volatile boolean connected;
    private volatile String brokerState = "not started";
    /** The outage cause last logged, so that a long outage logs once, not at every retry. */
    private volatile String loggedCause;
    private String broker;
    /** Commands from MQTT, or null when commands.enabled is false. */
    private volatile InboundCommands commands;

    @Reference
    private Journal journal;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile DeviceRegistry registry;

    @Activate
    void activate(BridgeConfig config, BundleContext bundle) throws IOException {
        String file = "etc/" + PID + ".cfg";
        if (!config.enabled()) {
            LOG.info("MQTT bridge is disabled (enabled = false in {})", file);
            return;
        }
        Path etc = Path.of(System.getProperty("karaf.etc", "etc"));
        BrokerSettings settings = new BrokerSettings(config.broker_url().trim(), blankToNull(config.username()),
                blankToNull(config.password()), config.truststore().isBlank() ? null : etc.resolve(config.truststore()),
                blankToNull(config.truststore_password()), 30, 10);
        if (config.qos() < 0 || config.qos() > 1) {
            throw new IllegalArgumentException("qos = " + config.qos() + " in " + file + "; use 0 or 1");
        }
        if (config.commands_enabled()) {
            try {
                acceptCommands(config.site(), commandIssuer(config.commands_user(), config.commands_roles()), () -> registry);
            } catch (IllegalArgumentException e) {
                // One clear message; the bridge still publishes.
                LOG.error("MQTT bridge: commands stay off: {} in {}", e.getMessage(), file);
            }
        }
        telemetryMaxPending = Math.max(1, config.telemetry_max_pending());
        start(settings, config.client_id(), config.site(), config.qos(), Math.max(1, config.max_inflight()),
                config.points_retained(), journal, config.event_types());
        if (types.matches(EventTypes.POINT_CHANGED)) {
            route = bundle.registerService(RoutesBuilder.class, telemetryRoute(), null);
        }
    }

    /**
     * The issuer of every MQTT command: the configured hub user with its configured roles, channel MQTT. Never text
     * from a message: MQTT tells a subscriber nothing about who published, so the bridge speaks for its broker.
     *
     * @throws IllegalArgumentException naming the setting and the fix
     */
    static Issuer commandIssuer(String user, String roles) {
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("commands.user is empty; name the hub user MQTT commands are issued as, "
                    + "e.g. commands.user = scada");
        }
        Set<String> set = new LinkedHashSet<>();
        for (String role : (roles == null ? "" : roles).split(",")) {
            String r = role.trim();
            if (r.isEmpty()) {
                continue;
            }
            if (!r.startsWith("yakata-")) {
                throw new IllegalArgumentException("commands.roles has '" + r + "', which is not a Yakata role; use "
                        + "yakata-viewer, yakata-operator, yakata-manager or yakata-admin");
            }
            set.add(r);
        }
        if (set.isEmpty()) {
            throw new IllegalArgumentException("commands.roles is empty, so the policy would refuse every command; "
                    + "give e.g. commands.roles = yakata-operator");
        }
        return new Issuer(user.trim(), set, Issuer.Channel.MQTT);
    }

    /** Accepts commands from MQTT (see {@link InboundCommands}); call before {@link #start}. */
    void acceptCommands(String site, Issuer issuer, Supplier<DeviceRegistry> devices) {
        this.commands = new InboundCommands(segment(site), issuer, devices,
                (topic, payload) -> connection.publish(topic, payload, 1, false).whenComplete((ok, failure) -> {
                    if (failure != null) {
                        LOG.warn("MQTT bridge: the result on {} was not delivered: {}", topic, failure.getMessage());
                    }
                }));
    }

    /**
     * Starts everything but the telemetry route; the journal feeds control events, {@link #acceptTelemetry(Event)}
     * telemetry. Public for tests and benchmarks.
     */
    public void start(BrokerSettings settings, String clientId, String site, int qos, int maxInflight, boolean pointsRetained,
            Journal journal, String eventTypes) throws IOException {
        this.site = segment(site);
        this.pointsRetained = pointsRetained;
        this.broker = settings.describe();
        this.types = new EventTypeFilter(eventTypes);
        this.cursor = journal.cursor(CURSOR);
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "yakata-mqtt-bridge-connect"));
        String statusTopic = "yakata/" + this.site + "/bridge/status";
        connection = BrokerSession.of(BrokerSession.MQTT_5, settings, clientId,
                new BrokerSession.Will(statusTopic, "offline".getBytes(StandardCharsets.UTF_8), 1, true), scheduler, 500, 10_000,
                new BrokerSession.Listener() {
                    @Override
                    public void connected() {
                        brokerState = "connected";
                        connected = true;
                        loggedCause = null;
                        LOG.info("MQTT bridge connected to {}; {} journal records waiting", broker, cursor.lag());
                        connection.publish(statusTopic, "online".getBytes(StandardCharsets.UTF_8), 1, true);
                        InboundCommands inbound = commands;
                        if (inbound != null) {
                            connection.subscribe(new String[] {inbound.filter()}, 1).whenComplete((ok, failure) -> {
                                if (failure != null) {
                                    LOG.error("MQTT bridge: cannot subscribe to commands on {}: {}", inbound.filter(), failure.getMessage());
                                }
                            });
                        }
                        publisher.connected();
                    }

                    @Override
                    public void disconnected(String reason) {
                        connected = false;
                        publisher.disconnected();
                        // One line per outage and cause, not one per retry.
                        String cause = reason.replaceFirst("; retrying in [^;]*$", "");
                        if (!cause.equals(loggedCause)) {
                            LOG.warn("MQTT bridge: {}; control events wait in the journal ({} now), telemetry is shed",
                                    reason, cursor.lag());
                            loggedCause = cause;
                        }
                        brokerState = reason;
                    }

                    @Override
                    public void messageArrived(String topic, byte[] payload) {
                        InboundCommands inbound = commands; // the only subscription
                        if (inbound != null) {
                            inbound.handle(topic, payload);
                        }
                    }
                });
        BrokerSession session = connection;
        publisher = new JournalPublisher(cursor, new JournalPublisher.Sender() {
            @Override
            public CompletableFuture<Void> publish(String topic, byte[] payload, int q, boolean retain) {
                return session.publish(topic, payload, q, retain);
            }

            @Override
            public int receiveMaximum() {
                return session.receiveMaximum();
            }
        }, this::eventTopic, event -> !EventTypes.POINT_CHANGED.equals(event.type()) && types.matches(event.type()),
                qos, maxInflight);
        publisherThread = new Thread(publisher, "yakata-mqtt-bridge-publisher");
        publisherThread.setDaemon(true);
        publisherThread.start();
        connection.start();
        LOG.info("MQTT bridge publishing to {} as yakata/{}/..., from journal cursor '{}' ({} records waiting)", broker,
                this.site, CURSOR, cursor.lag());
    }

    private RoutesBuilder telemetryRoute() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("yakata:events?types=" + EventTypes.POINT_CHANGED + "&queueSize=10000").routeId(ROUTE_ID)
                        .process(exchange -> acceptTelemetry(exchange.getMessage().getBody(Event.class)));
            }
        };
    }

    /**
     * Sends one telemetry event at once at QoS 0, best effort: shed and counted while the broker is away or more than
     * {@code telemetry.max.pending} are not yet written. Never blocks. Called on the route's thread.
     */
    public void acceptTelemetry(Event event) {
        if (!EventTypes.POINT_CHANGED.equals(event.type())) {
            return; // control events come from the journal
        }
        boolean point = pointsRetained && event.data().get("point") != null;
        int messages = point ? 2 : 1;
        if (!connected) {
            shed();
            return;
        }
        if (telemetryPending.addAndGet(messages) > telemetryMaxPending) {
            telemetryPending.addAndGet(-messages);
            shed();
            return;
        }
        byte[] json = EventJson.toJson(event);
        send(eventTopic(event), json, false);
        if (point) {
            send("yakata/" + site + "/points/" + segment(event.source()) + "/" + segment(String.valueOf(event.data().get("point"))),
                    json, true);
        }
    }

    private void send(String topic, byte[] json, boolean retain) {
        connection.publish(topic, json, 0, retain).whenComplete((ok, failure) -> {
            telemetryPending.decrementAndGet();
            if (failure == null) {
                telemetrySent.increment();
            } else {
                shed();
            }
        });
    }

    private void shed() {
        telemetryShed.increment();
        long now = System.nanoTime();
        long last = lastShedLog.get();
        if (now - last > TimeUnit.MINUTES.toNanos(1) && lastShedLog.compareAndSet(last, now)) {
            LOG.warn("MQTT bridge: telemetry is being shed ({} so far; broker: {}); control events are not affected",
                    telemetryShed.sum(), brokerState);
        }
    }

    private String eventTopic(Event event) {
        return "yakata/" + site + "/events/" + segment(event.type()) + "/" + segment(event.source());
    }

    /** A topic level from a name: MQTT's separators and wildcards are replaced so a name is always one level. */
    static String segment(String name) {
        if (name == null || name.isEmpty()) {
            return "_";
        }
        return name.replace('/', '_').replace('+', '_').replace('#', '_');
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    @Deactivate
    public void stop() {
        if (route != null) {
            route.unregister();
            route = null;
        }
        if (publisher != null) {
            publisher.stop();
            try {
                publisherThread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (connection != null) {
            connection.close();
        }
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    /** One line for {@code yakata:mqtt-bridge-status}. */
    @Override
    public String summary() {
        if (publisher == null) {
            return "disabled (enabled = false in etc/" + PID + ".cfg)";
        }
        InboundCommands inbound = commands;
        return "broker " + broker + ": " + brokerState + "; journal cursor '" + CURSOR + "': committed " + cursor.committed()
                + ", " + cursor.lag() + " waiting" + (cursor.lost() > 0 ? ", " + cursor.lost() + " lost for space" : "")
                + (cursor.corrupted() > 0 ? ", " + cursor.corrupted() + " corrupted" : "")
                + "; control events published " + publisher.published() + ", failed publishes " + publisher.failures()
                + (publisher.lastFailure() == null ? "" : " (last: " + publisher.lastFailure() + ")")
                + "; telemetry sent " + telemetrySent.sum() + ", shed " + telemetryShed.sum()
                + (inbound == null ? "; commands off" : "; " + inbound.summary());
    }

    /** Journal records after the bridge's committed position (for tests and benchmarks). */
    public long pending() {
        return cursor.lag();
    }

    /** Telemetry shed so far (for tests and benchmarks). */
    public long telemetryShed() {
        return telemetryShed.sum();
    }

    @Override
    public String toString() {
        return "NorthboundBridge" + Arrays.asList(site, broker);
    }
}
