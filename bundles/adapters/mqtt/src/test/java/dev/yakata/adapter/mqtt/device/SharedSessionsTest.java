package dev.yakata.adapter.mqtt.device;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.yakata.api.adapter.DeviceHandler;
import dev.yakata.api.command.Command;
import dev.yakata.api.command.CommandOutcome;
import dev.yakata.api.command.Issuer;
import dev.yakata.api.command.OutcomeStatus;
import dev.yakata.api.device.DeviceDefinition;
import dev.yakata.api.device.DeviceState;
import dev.yakata.api.device.PointDefinition;
import dev.yakata.api.device.PointKind;
import dev.yakata.api.device.StatusDetail;
import dev.yakata.mqtt.client.MosquittoBroker;
import dev.yakata.mqtt.client.OnMessage;
import dev.yakata.testkit.RecordingDeviceContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The devices of the mqtt adapter that name the same broker share one session, against a real Mosquitto: each
 * message reaches the devices that map its topic and no other, a device that leaves takes only its own subscriptions
 * with it, and each device's status stays its own.
 */
public class SharedSessionsTest {

    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    private static final Issuer OPERATOR = Issuer.of("operator", Issuer.Channel.SHELL, "yakata-operator");

    private final MqttDeviceAdapter adapter = new MqttDeviceAdapter(Path.of("etc"));
    private final List<AutoCloseable> opened = new ArrayList<>();
    private MosquittoBroker broker;
    private MqttClient peer;
    private final Map<String, List<String>> heard = new ConcurrentHashMap<>();

    @After
    public void closeAll() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
        adapter.deactivate();
        if (peer != null && peer.isConnected()) {
            peer.disconnect();
        }
        if (peer != null) {
            peer.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    private void startBroker(String... config) throws Exception {
        broker = new MosquittoBroker(tmp.newFolder("broker").toPath()).with(config).start();
        peer = new MqttClient(broker.url(), "peer", new MemoryPersistence());
        peer.setCallback(new OnMessage((topic, m) -> heard.computeIfAbsent(topic, t -> new java.util.concurrent.CopyOnWriteArrayList<>())
                .add(new String(m.getPayload(), StandardCharsets.UTF_8))));
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setAutomaticReconnect(false);
        peer.connect(options);
    }

    private void send(String topic, String payload) throws Exception {
        peer.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, false);
    }

    private DeviceDefinition sensor(String id, Map<String, String> properties, PointDefinition... points) {
        Map<String, String> p = new HashMap<>(properties);
        p.putIfAbsent("mqtt.broker", broker.url());
        return DeviceDefinition.builder(id, "sensor", "mqtt").name(id).site("test-site").floor("1F").zone("L1")
                .points(List.of(points)).properties(p).build();
    }

    private static PointDefinition point(String id, String topic) {
        return MqttDeviceAdapterTest.point(id, PointKind.ANALOG, false, topic);
    }

    /** Opens a device; the returned handler closes it (and is closed after the test anyway, which is harmless). */
    private Opened open(DeviceDefinition device) {
        RecordingDeviceContext context = new RecordingDeviceContext(device, Duration.ofSeconds(20));
        DeviceHandler handler = adapter.open(device, context);
        opened.add(context);
        opened.add(handler::close);
        return new Opened(context, handler);
    }

    private record Opened(RecordingDeviceContext context, DeviceHandler handler) {
    }

    private static final String SUBSCRIPTION_COUNT = "$SYS/broker/subscriptions/count";

    /** Mosquitto's own count of the subscriptions it holds, from $SYS (published every second with sys_interval 1). */
    private int subscriptions() {
        List<String> counts = heard.get(SUBSCRIPTION_COUNT);
        return counts == null || counts.isEmpty() ? -1 : Integer.parseInt(counts.get(counts.size() - 1).trim());
    }

    private void watchSubscriptionCount() throws Exception {
        peer.subscribe(SUBSCRIPTION_COUNT, 0);
        RecordingDeviceContext.awaitCondition("the broker's subscription count", Duration.ofSeconds(10), () -> subscriptions() >= 0);
    }

    private void awaitSubscriptions(int expected) throws InterruptedException {
        try {
            RecordingDeviceContext.awaitCondition("the broker to hold " + expected + " subscriptions",
                    Duration.ofSeconds(15), () -> subscriptions() == expected);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; it holds " + subscriptions(), e);
        }
    }

    @Test
    public void devicesOnOneBrokerShareOneSessionAndEachMessageReachesExactlyTheDevicesThatMapItsTopic() throws Exception {
        startBroker("sys_interval 1");
        watchSubscriptionCount();
        int before = 1; // the peer's own, to $SYS
        awaitSubscriptions(before);
        Opened a = open(sensor("sensor.a", Map.of(), point("t", "office/a/t"), point("common", "office/common/t")));
        Opened b = open(sensor("sensor.b", Map.of(), point("t", "office/b/t"), point("common", "office/common/t")));
        a.context().awaitOnline();
        b.context().awaitOnline();
        assertEquals("one session, two devices: " + adapter.sharedSessions(), List.of(2), List.copyOf(adapter.sharedSessions().values()));
        awaitSubscriptions(before + 3); // office/a/t, office/b/t, and office/common/t once

        send("office/a/t", "1");
        send("office/b/t", "2");
        send("office/common/t", "5");
        a.context().awaitValue("t", 1.0);
        b.context().awaitValue("t", 2.0);
        a.context().awaitValue("common", 5.0);
        b.context().awaitValue("common", 5.0);
        Thread.sleep(300); // time for a wrong or second delivery to show
        assertEquals(List.of(1.0), a.context().history("t"));
        assertEquals(List.of(2.0), b.context().history("t"));
        assertEquals("a topic two devices map reaches each once", List.of(5.0), a.context().history("common"));
        assertEquals(List.of(5.0), b.context().history("common"));

        // sensor.a leaves: only its own filter goes; the one sensor.b also maps stays
        a.handler().close();
        awaitSubscriptions(before + 2);
        send("office/common/t", "6");
        send("office/b/t", "3");
        b.context().awaitValue("common", 6.0);
        b.context().awaitValue("t", 3.0);
        assertEquals(List.of(1.0), a.context().history("t"));
        assertEquals(List.of(5.0), a.context().history("common"));
        assertEquals(List.of(1), List.copyOf(adapter.sharedSessions().values()));

        // the last device out ends the session
        b.handler().close();
        awaitSubscriptions(before);
        assertEquals(Map.of(), adapter.sharedSessions());
    }

    @Test
    public void aSubscriptionTheBrokerRefusesTakesOnlyThatDeviceOfflineAndTheOthersOnTheSessionRunOn() throws Exception {
        // Mosquitto's acl_file grants every subscription (and filters on delivery); its dynamic security plugin refuses
        // in the SUBACK, as a broker with subscription ACLs does.
        Path acl = tmp.newFile("dynamic-security.json").toPath();
        Files.writeString(acl, """
                {"defaultACLAccess": {"publishClientSend": true, "publishClientReceive": true, "subscribe": false, "unsubscribe": true},
                 "clients": [], "groups": [{"groupname": "anonymous", "roles": [{"rolename": "office"}]}],
                 "roles": [{"rolename": "office", "acls": [{"acltype": "subscribePattern", "topic": "office/#", "allow": true}]}],
                 "anonymousGroup": "anonymous"}
                """);
        startBroker("plugin /usr/lib/x86_64-linux-gnu/mosquitto_dynamic_security.so", "plugin_opt_config_file " + acl);
        Opened good = open(sensor("sensor.good", Map.of(), point("t", "office/good/t")));
        good.context().awaitOnline();
        Opened refused = open(sensor("sensor.refused", Map.of("mqtt.point.level.command.topic", "office/refused/set"),
                point("t", "secret/t"), MqttDeviceAdapterTest.point("level", PointKind.ANALOG, true, "office/refused/level")));
        refused.context().awaitStatus(s -> s.state() == DeviceState.OFFLINE && s.reason().contains("refused the subscription to 'secret/t'"));
        assertEquals(StatusDetail.COMMUNICATION_ERROR, refused.context().status().detail());
        assertTrue(refused.context().status().reason(), refused.context().status().reason().contains("fix the broker's ACL"));

        send("office/good/t", "21");
        good.context().awaitValue("t", 21.0);
        assertEquals(DeviceState.ONLINE, good.context().status().state());
        RecordingDeviceContext.awaitCondition("the refused device to leave the session", Duration.ofSeconds(5),
                () -> List.of(1).equals(List.copyOf(adapter.sharedSessions().values())));
        CommandOutcome notSent = refused.handler().execute(Command.write("sensor.refused", "level", 1.0, OPERATOR, null))
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals(OutcomeStatus.FAILED, notSent.status());
        assertTrue(notSent.reason(), notSent.reason().contains("not sent") && notSent.reason().contains("refused the subscription"));
    }

    @Test
    public void whenTheSharedSessionIsDownEveryDeviceOnItIsOfflineWithTheReasonAndEachGetsItsTopicsBack() throws Exception {
        startBroker();
        Opened a = open(sensor("sensor.a", Map.of(), point("t", "office/a/t")));
        Opened b = open(sensor("sensor.b", Map.of(), point("t", "office/b/t")));
        a.context().awaitOnline();
        b.context().awaitOnline();
        peer.disconnect();
        broker.stop();
        for (Opened o : List.of(a, b)) {
            o.context().awaitStatus(s -> s.state() == DeviceState.OFFLINE && s.reason().startsWith("broker " + broker.url()));
            assertEquals(StatusDetail.COMMUNICATION_ERROR, o.context().status().detail());
        }
        broker.start();
        a.context().awaitOnline();
        b.context().awaitOnline();
        peer.connect();
        send("office/a/t", "1");
        send("office/b/t", "2");
        a.context().awaitValue("t", 1.0);
        b.context().awaitValue("t", 2.0);
    }

    @Test
    public void commandsBeyondTheBrokersReceiveMaximumWaitTheirTurnInsteadOfFailing() throws Exception {
        startBroker("max_inflight_messages 2");
        peer.subscribe("office/+/set", 1);
        int devices = 25;
        List<Opened> all = new ArrayList<>();
        for (int i = 0; i < devices; i++) {
            all.add(open(sensor("valve." + i, Map.of("mqtt.point.level.command.topic", "office/" + i + "/set"),
                    MqttDeviceAdapterTest.point("level", PointKind.ANALOG, true, "office/" + i + "/level"))));
        }
        for (Opened o : all) {
            o.context().awaitOnline();
        }
        // every device writes at once, as a fire release unlocks every door: 50 QoS 1 publishes against a window of 2
        List<CompletableFuture<CommandOutcome>> outcomes = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < devices; i++) {
                outcomes.add(all.get(i).handler().execute(Command.write("valve." + i, "level", (double) round, OPERATOR, null))
                        .toCompletableFuture());
            }
        }
        for (CompletableFuture<CommandOutcome> outcome : outcomes) {
            CommandOutcome o = outcome.get(20, TimeUnit.SECONDS);
            assertEquals(o.reason(), OutcomeStatus.COMPLETED, o.status());
        }
        RecordingDeviceContext.awaitCondition("the peer to receive all 50", Duration.ofSeconds(10),
                () -> heard.values().stream().mapToInt(List::size).sum() == 2 * devices);
        for (int i = 0; i < devices; i++) {
            assertEquals("in order for valve." + i, List.of("0.0", "1.0"), heard.get("office/" + i + "/set"));
        }
    }

    @Test
    public void aDeviceThatNamesItsOwnClientIdOrSubscribesAWildcardKeepsASessionOfItsOwn() throws Exception {
        startBroker();
        Opened named = open(sensor("panel.named", Map.of("mqtt.client.id", "panel-7"), point("t", "office/panel/t")));
        Opened wildcard = open(sensor("sensor.wild", Map.of(), point("t", "office/+/wild")));
        Opened plain = open(sensor("sensor.plain", Map.of(), point("t", "office/plain/t")));
        named.context().awaitOnline();
        wildcard.context().awaitOnline();
        plain.context().awaitOnline();
        assertEquals("only the plain device shares: " + adapter.sharedSessions(), List.of(1),
                List.copyOf(adapter.sharedSessions().values()));
        send("office/panel/t", "7");
        send("office/x/wild", "8");
        named.context().awaitValue("t", 7.0);
        wildcard.context().awaitValue("t", 8.0);
        // the broker knows the named device by its own client id: a second client with it takes its session over
        MqttClient impostor = new MqttClient(broker.url(), "panel-7", new MemoryPersistence());
        impostor.connect();
        named.context().await("the named device's session taken over", () -> named.context().statuses.stream()
                .anyMatch(s -> s.state() == DeviceState.OFFLINE));
        impostor.disconnect();
        impostor.close();
        assertEquals(DeviceState.ONLINE, plain.context().status().state());
    }
}
