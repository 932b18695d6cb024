package dev.yakata.adapter.mqtt.bridge;

import dev.yakata.adapter.mqtt.client.BrokerSession;
import dev.yakata.adapter.mqtt.client.BrokerSettings;
import dev.yakata.adapter.mqtt.outbox.Outbox;
import dev.yakata.adapter.mqtt.outbox.OutboxFullException;
import dev.yakata.adapter.mqtt.outbox.OutboxSettings;
import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventTypes;
import dev.yakata.core.api.DeviceRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.karaf.jaas.config.JaasRealm;
import org.apache.karaf.jaas.modules.BackingEngineFactory;
import org.apache.karaf.jaas.modules.BackingEngineService;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;
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
 * The northbound MQTT bridge. A Camel route on the bus ({@code yakata-mqtt-bridge}) takes every event into a durable
 * outbox; a publisher moves the outbox to the broker in order and acknowledges only what the broker has. A broker
 * outage, a hub restart, or both, therefore lose nothing; what was in flight may arrive twice, and consumers
 * de-duplicate by event id. The bridge's own state is retained at {@code yakata/<site>/bridge/status}
 * ({@code online}, or {@code offline} as its last will).
 */
@Component(service = NorthboundBridge.class, configurationPid = NorthboundBridge.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = BridgeConfig.class)
public class NorthboundBridge {

    public static final String PID = "dev.yakata.mqtt.bridge";
    static final String ROUTE_ID = "yakata-mqtt-bridge";
    private static final Logger LOG = LoggerFactory.getLogger(NorthboundBridge.class);

    private Outbox outbox;
    private OutboxPublisher publisher;
    private Thread publisherThread;
    private BrokerSession connection;
    private ScheduledExecutorService scheduler;
    private ServiceRegistration<RoutesBuilder> route;
    private String site;
    private boolean pointsRetained;
    private final LongAdder refused = new LongAdder();
    private final AtomicLong lastRefusalLog = new AtomicLong();
    private volatile String brokerState = "not started";
    /** The outage cause last logged, so that a long outage logs once, not at every retry. */
    private volatile String loggedCause;
    private String broker;
    /** Commands from MQTT, or null when commands.enabled is false. */
    private volatile InboundCommands commands;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile DeviceRegistry registry;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile ConfigurationAdmin configurations;

    /** Karaf registers one per kind of user store (properties file, public keys, ...). */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private final List<BackingEngineFactory> backingEngines = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private final List<JaasRealm> realms = new CopyOnWriteArrayList<>();

    @Activate
    void activate(BridgeConfig config, BundleContext bundle) throws IOException {
        if (!config.enabled()) {
            LOG.info("MQTT bridge is disabled (enabled = false in etc/{}.cfg)", PID);
            return;
        }
        Path etc = Path.of(System.getProperty("karaf.etc", "etc"));
        Path directory = config.outbox_directory().isBlank()
                ? Path.of(System.getProperty("karaf.data", "data"), "mqtt-outbox") : Path.of(config.outbox_directory());
        BrokerSettings settings = new BrokerSettings(config.broker_url().trim(), blankToNull(config.username()),
                blankToNull(config.password()), config.truststore().isBlank() ? null : etc.resolve(config.truststore()),
                blankToNull(config.truststore_password()), 30, 10);
        if (config.qos() < 0 || config.qos() > 1) {
            throw new IllegalArgumentException("qos = " + config.qos() + " in etc/" + PID + ".cfg; use 0 or 1");
        }
        if (config.commands_enabled()) {
            Map<String, String> users = InboundCommands.parseUsers(config.commands_users());
            if (users.isEmpty()) {
                LOG.warn("MQTT bridge: commands.enabled = true but commands.users maps no MQTT user to a hub user; every command will be refused");
            }
            acceptCommands(config.site(), users, (user, write) -> {
                ConfigurationAdmin admin = configurations;
                if (admin == null || backingEngines.isEmpty()) {
                    return "the hub's user realm is not available";
                }
                BackingEngineService engines = new BackingEngineService();
                engines.setEngineFactories(List.copyOf(backingEngines));
                return new ConsoleAuthorization(admin, realms, engines).refusal(user, write);
            }, () -> registry);
        }
        start(settings, config.client_id(), config.site(), config.qos(), Math.max(1, config.max_inflight()),
                config.points_retained(), directory,
                OutboxSettings.defaults().withMaxBytes((long) config.outbox_max_megabytes() << 20));
        route = bundle.registerService(RoutesBuilder.class, intakeRoute(config.event_types()), null);
    }

    /** Accepts commands from MQTT (see {@link InboundCommands}); call before {@link #start}. */
    void acceptCommands(String site, Map<String, String> hubUserByMqttUser, CommandAuthorization authorization,
            Supplier<DeviceRegistry> devices) {
        this.commands = new InboundCommands(segment(site), hubUserByMqttUser, authorization, devices,
                (topic, payload) -> connection.publish(topic, payload, 1, false).whenComplete((ok, failure) -> {
                    if (failure != null) {
                        LOG.warn("MQTT bridge: the result on {} was not delivered: {}", topic, failure.getMessage());
                    }
                }));
    }

    /** Starts everything but the intake route; {@link #accept(Event)} feeds it. Public for tests and benchmarks. */
    public void start(BrokerSettings settings, String clientId, String site, int qos, int maxInflight, boolean pointsRetained,
            Path outboxDirectory, OutboxSettings outboxSettings) throws IOException {
        this.site = segment(site);
        this.pointsRetained = pointsRetained;
        this.broker = settings.describe();
        outbox = Outbox.open(outboxDirectory, outboxSettings);
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "yakata-mqtt-bridge-connect"));
        String statusTopic = "yakata/" + this.site + "/bridge/status";
        connection = BrokerSession.of(BrokerSession.MQTT_5, settings, clientId,
                new BrokerSession.Will(statusTopic, "offline".getBytes(StandardCharsets.UTF_8), 1, true), scheduler, 500, 10_000,
                new BrokerSession.Listener() {
                    @Override
                    public void connected() {
                        brokerState = "connected";
                        loggedCause = null;
                        LOG.info("MQTT bridge connected to {}; {} events waiting in the outbox", broker, outbox.pending());
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
                        publisher.disconnected();
                        // One line per outage and cause, not one per retry.
                        String cause = reason.replaceFirst("; retrying in [^;]*$", "");
                        if (!cause.equals(loggedCause)) {
                            LOG.warn("MQTT bridge: {}; events wait in the outbox ({} now)", reason, outbox.pending());
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
        publisher = new OutboxPublisher(outbox, new OutboxPublisher.Sender() {
            @Override
            public CompletableFuture<Void> publish(String topic, byte[] payload, int q, boolean retain) {
                return session.publish(topic, payload, q, retain);
            }

            @Override
            public int receiveMaximum() {
                return session.receiveMaximum();
            }
        }, qos, maxInflight);
        publisherThread = new Thread(publisher, "yakata-mqtt-bridge-publisher");
        publisherThread.setDaemon(true);
        publisherThread.start();
        connection.start();
        LOG.info("MQTT bridge publishing to {} as yakata/{}/..., outbox {} ({} events waiting)", broker, this.site,
                outboxDirectory, outbox.pending());
    }


    private RoutesBuilder intakeRoute(String types) {
        return new RouteBuilder() {
            @Override
            public void configure() {
                // A deep queue: the outbox append takes microseconds, and the queue only absorbs bursts.
                from("yakata:events?types=" + types.replace("&", "") + "&queueSize=100000").routeId(ROUTE_ID)
                        .process(exchange -> accept(exchange.getMessage().getBody(Event.class)));
            }
        };
    }

    /** Stores one event for delivery. Called on the route's thread, one event at a time. */
    public void accept(Event event) {
        String eventTopic = "yakata/" + site + "/events/" + segment(event.type()) + "/" + segment(event.source());
        String pointTopic = null;
        if (pointsRetained && EventTypes.POINT_CHANGED.equals(event.type()) && event.data().get("point") != null) {
            pointTopic = "yakata/" + site + "/points/" + segment(event.source()) + "/" + segment(String.valueOf(event.data().get("point")));
        }
        try {
            outbox.append(new BridgeRecord(eventTopic, pointTopic, EventJson.toJson(event)).encode());
            publisher.appended();
        } catch (OutboxFullException | IOException | IllegalArgumentException e) { // IAE: a record over the size limit
            refused.increment();
            long now = System.nanoTime();
            long last = lastRefusalLog.get();
            if (now - last > TimeUnit.SECONDS.toNanos(10) && lastRefusalLog.compareAndSet(last, now)) {
                LOG.error("MQTT bridge: cannot store {} event {} in the outbox ({}); {} events refused so far. "
                        + "The broker has been unreachable for long: {}", event.type(), event.id(), e.getMessage(),
                        refused.sum(), brokerState);
            }
        }
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
            // Removing the route first lets the bus hand over what is queued for it, so it too reaches the outbox.
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
        if (outbox != null) {
            try {
                outbox.close();
            } catch (IOException e) {
                LOG.error("MQTT bridge: closing the outbox failed: {}", e.getMessage());
            }
        }
    }

    /** One line for {@code yakata:mqtt-status}. */
    public String status() {
        if (outbox == null) {
            return "disabled";
        }
        return "broker " + broker + ": " + brokerState + "; outbox: " + outbox.pending() + " waiting, "
                + outbox.lastSequence() + " stored in all; published " + publisher.published() + ", failed publishes "
                + publisher.failures() + (publisher.lastFailure() == null ? "" : " (last: " + publisher.lastFailure() + ")")
                + ", refused (outbox full) " + refused.sum();
    }

    /** Events waiting in the outbox (for tests and benchmarks). */
    public long pending() {
        return outbox.pending();
    }
}
