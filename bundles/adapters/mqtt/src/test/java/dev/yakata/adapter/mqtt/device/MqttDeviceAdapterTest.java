package dev.yakata.adapter.mqtt.device;

import dev.yakata.testkit.RecordingDeviceContext;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import dev.yakata.mqtt.client.MosquittoBroker;
import dev.yakata.mqtt.client.OnMessage;
import dev.yakata.mqtt.client.TestCertificates;
import dev.yakata.api.adapter.DeviceHandler;
import dev.yakata.api.command.Command;
import dev.yakata.api.command.CommandOutcome;
import dev.yakata.api.command.Issuer;
import dev.yakata.api.command.OutcomeStatus;
import dev.yakata.api.device.DeviceDefinition;
import dev.yakata.api.device.DeviceState;
import dev.yakata.api.device.PointDefinition;
import dev.yakata.api.device.PointKind;
import dev.yakata.api.device.Quality;
import dev.yakata.api.device.StatusDetail;
import dev.yakata.api.event.EventTypes;
import dev.yakata.api.event.Severity;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The mqtt adapter against a real Mosquitto, with a Paho client playing the devices. */
public class MqttDeviceAdapterTest {

    @ClassRule
    public static final TemporaryFolder TMP = new TemporaryFolder();

    private static MosquittoBroker broker;
    private static MqttClient peer;
    private static final BlockingQueue<String[]> heard = new LinkedBlockingQueue<>();

    private static final Issuer OPERATOR = Issuer.of("operator", Issuer.Channel.SHELL, "yakata-operator");
    private static final Issuer ACCESS = Issuer.of("access-control", Issuer.Channel.HUB, "yakata-hub");

    private final MqttDeviceAdapter adapter = new MqttDeviceAdapter(Path.of("etc"));
    private final List<AutoCloseable> opened = new ArrayList<>();

    @BeforeClass
    public static void startBroker() throws Exception {
        broker = new MosquittoBroker(TMP.newFolder("broker").toPath()).start();
        peer = client("peer", null);
        peer.subscribe(new String[] {"office/+/+/command", "office/+/+/set", "office/+/+/cmd"}, new int[] {1, 1, 1});
        // office/legacy/1/set matches office/+/+/set too
    }

    private static MqttClient client(String id, MqttConnectionOptions options) throws Exception {
        MqttClient client = new MqttClient(broker.url(), id, new MemoryPersistence());
        client.setCallback(new OnMessage((topic, m) -> heard.add(new String[] {topic, new String(m.getPayload(), StandardCharsets.UTF_8)})));
        client.connect(options == null ? new MqttConnectionOptions() : options);
        return client;
    }

    @AfterClass
    public static void stopBroker() throws Exception {
        peer.disconnect();
        peer.close();
        broker.close();
    }

    @After
    public void closeDevices() throws Exception {
        for (AutoCloseable c : opened) {
            c.close();
        }
        heard.clear();
    }

    private static void send(String topic, String payload, boolean retained) throws Exception {
        peer.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, retained);
    }

    private static String[] next(String topic) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            String[] m = heard.poll(100, TimeUnit.MILLISECONDS);
            if (m != null && m[0].equals(topic)) {
                return m;
            }
        }
        throw new AssertionError("nothing arrived on " + topic);
    }

    static PointDefinition point(String id, PointKind kind, boolean writable, String address) {
        return PointDefinition.builder(id, kind).writable(writable).address(address).build();
    }

    private DeviceDefinition device(String id, String type, Map<String, String> properties, PointDefinition... points) {
        Map<String, String> p = new HashMap<>(properties);
        p.putIfAbsent("mqtt.broker", broker.url());
        return DeviceDefinition.builder(id, type, "mqtt").name(id).site("test-site").floor("1F").zone("L1")
                .points(List.of(points)).properties(p).build();
    }

    private RecordingDeviceContext open(DeviceDefinition device) {
        RecordingDeviceContext context = new RecordingDeviceContext(device);
        DeviceHandler handler = adapter.open(device, context);
        opened.add(context);
        opened.add(handler::close);
        return context;
    }

    private static CommandOutcome outcome(DeviceHandler handler, Command command) throws Exception {
        return handler.execute(command).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    public void genericDeviceMapsRetainedStateJsonPointersAndWildcardsToPointsAndWritesBackThroughTemplates() throws Exception {
        send("office/hvac/1/state", "{\"air\": {\"temperature\": 21.5}, \"fan\": \"on\"}", true);
        DeviceDefinition hvac = device("hvac.test", "hvac", Map.of(
                "mqtt.point.temp.json", "/air/temperature",
                "mqtt.point.fan.json", "/fan",
                "mqtt.point.setpoint.command.topic", "office/hvac/1/set",
                "mqtt.point.setpoint.command.payload", "{\"setpoint\": ${value}, \"by\": \"${issued.by}\"}",
                "mqtt.action.reset.topic", "office/hvac/1/cmd",
                "mqtt.action.reset.payload", "{\"cmd\": \"reset\", \"id\": \"${command.id}\", \"why\": \"${arg.why}\"}"),
                point("temp", PointKind.ANALOG, false, "office/hvac/+/state"),
                point("fan", PointKind.BINARY, false, "office/hvac/+/state"),
                point("setpoint", PointKind.ANALOG, true, "office/hvac/1/setpoint"));
        RecordingDeviceContext context = new RecordingDeviceContext(hvac);
        DeviceHandler handler = adapter.open(hvac, context);
        opened.add(handler::close);
        opened.add(context);
        context.awaitState(DeviceState.ONLINE);
        context.await("retained state read", () -> Double.valueOf(21.5).equals(context.last("temp"))
                && Boolean.TRUE.equals(context.last("fan")));

        send("office/hvac/1/setpoint", "22", false);
        context.await("plain payload read", () -> Double.valueOf(22).equals(context.last("setpoint")));
        send("office/hvac/1/state", "{\"air\": {\"temperature\": null}, \"fan\": false}", false);
        context.await("null means bad quality", () -> context.values.stream().anyMatch(v -> v.pointId().equals("temp")
                && v.value().quality() == Quality.BAD));

        Command write = Command.write("hvac.test", "setpoint", 23.5, OPERATOR, "too warm");
        assertEquals(OutcomeStatus.COMPLETED, outcome(handler, write).status());
        assertEquals("{\"setpoint\": 23.5, \"by\": \"operator\"}", next("office/hvac/1/set")[1]);

        Command reset = Command.action("hvac.test", "reset", Map.of("why", "say \"hi\""), OPERATOR, null);
        assertEquals(OutcomeStatus.COMPLETED, outcome(handler, reset).status());
        assertEquals("{\"cmd\": \"reset\", \"id\": \"" + reset.id() + "\", \"why\": \"say \\\"hi\\\"\"}", next("office/hvac/1/cmd")[1]);

        CommandOutcome unknown = outcome(handler, Command.action("hvac.test", "explode", Map.of(), OPERATOR, null));
        assertEquals(OutcomeStatus.REJECTED, unknown.status());
        assertTrue(unknown.reason(), unknown.reason().contains("this device knows: reset"));
        send("office/hvac/1/state", "", true); // clear the retained message for other tests
    }

    @Test
    public void doorControllerTurnsSwipesIntoEventsDeliversGrantAndDenyAndFollowsItsLastWill() throws Exception {
        MqttConnectionOptions withWill = new MqttConnectionOptions();
        withWill.setWill("office/doors/main/availability", new MqttMessage("offline".getBytes(), 1, true, null));
        MqttClient controller = client("door-controller", withWill);
        try {
            DeviceDefinition door = device("door.test", "door", Map.of("mqtt.contract", "door-controller",
                    "mqtt.topic", "office/doors/main"),
                    point("contact", PointKind.BINARY, false, "contact"), point("locked", PointKind.BINARY, false, "locked"));
            RecordingDeviceContext context = new RecordingDeviceContext(door);
            DeviceHandler handler = adapter.open(door, context);
            opened.add(handler::close);
            opened.add(context);
            context.await("waiting for availability", () -> context.status().reason().contains("waiting for the device to report 'online'"));

            controller.publish("office/doors/main/availability", "online".getBytes(), 1, true);
            context.awaitState(DeviceState.ONLINE);
            controller.publish("office/doors/main/state", "{\"contact\": \"closed\", \"lock\": \"locked\"}".getBytes(), 1, true);
            context.await("door state", () -> Boolean.TRUE.equals(context.last("contact")) && Boolean.TRUE.equals(context.last("locked")));

            // A controller that buffered the swipe while offline says when it happened.
            controller.publish("office/doors/main/swipe", "{\"reader\": \"entry\", \"card\": \"04A1B2C3\", \"time\": \"2026-12-01T07:59:58Z\"}".getBytes(), 1, false);
            context.await("swipe event", () -> !context.events.isEmpty());
            RecordingDeviceContext.Event swipe = context.events.get(0);
            assertEquals(EventTypes.CARD_SWIPED, swipe.type());
            assertEquals(Map.of("reader", "entry", "direction", "entry", "card", "04A1B2C3"), swipe.data());
            assertEquals(java.time.Instant.parse("2026-12-01T07:59:58Z"), swipe.deviceTime());

            Command grant = Command.action("door.test", "grant", Map.of("reader", "entry", "card", "04A1B2C3", "seconds", "7"),
                    ACCESS, "card 04A1B2C3 is valid for L1");
            var granted = handler.execute(grant).toCompletableFuture();
            String[] sent = next("office/doors/main/command");
            var json = Payloads.JSON.readTree(sent[1]);
            assertEquals(grant.id(), json.get("id").asText());
            assertEquals("grant", json.get("action").asText());
            assertEquals(7, json.get("seconds").asInt());
            assertEquals("access-control", json.get("issuer").asText());
            assertEquals("entry", json.get("reader").asText());
            assertTrue("not complete before the controller confirms", !granted.isDone());
            controller.publish("office/doors/main/result", ("{\"id\": \"" + grant.id() + "\", \"ok\": true}").getBytes(), 1, false);
            assertEquals(OutcomeStatus.COMPLETED, granted.get(10, TimeUnit.SECONDS).status());

            Command deny = Command.action("door.test", "deny", Map.of("reader", "exit"), ACCESS, null);
            var denied = handler.execute(deny).toCompletableFuture();
            next("office/doors/main/command");
            controller.publish("office/doors/main/result", ("{\"id\": \"" + deny.id() + "\", \"ok\": false, \"reason\": \"reader offline\"}").getBytes(), 1, false);
            CommandOutcome refused = denied.get(10, TimeUnit.SECONDS);
            assertEquals(OutcomeStatus.FAILED, refused.status());
            assertTrue(refused.reason(), refused.reason().contains("reader offline"));
            assertEquals(OutcomeStatus.REJECTED, outcome(handler, Command.action("door.test", "grant", Map.of("reader", "side"), ACCESS, null)).status());

            controller.publish("office/doors/main/alarm", "{\"alarm\": \"forced\"}".getBytes(), 1, false);
            context.await("the controller's alarm", () -> context.events.stream().anyMatch(e -> e.type().equals(EventTypes.DOOR_CONTROLLER_ALARM)
                    && "forced".equals(e.data().get("alarm")) && e.severity() == Severity.WARNING));
            assertTrue("door.forced is the hub's door supervision's, not the adapter's",
                    context.events.stream().noneMatch(e -> e.type().equals(EventTypes.DOOR_FORCED)));

            controller.disconnectForcibly(0, 100, false); // dies without DISCONNECT: the broker sends its will
            context.await("last will", () -> context.status().reason().contains("reported 'offline'"));
            assertEquals(DeviceState.OFFLINE, context.status().state());
        } finally {
            controller.close(true);
            send("office/doors/main/availability", "", true);
            send("office/doors/main/state", "", true);
        }
    }

    /**
     * The door profile's {@code unlock seconds=3} (a Long, as the core hands it over once checked) reaches the
     * controller as {@code "seconds": 3}; a controller that does what it is told keeps the door unlocked for three
     * seconds, and the hub sees it unlocked, then locked again about three seconds later.
     */
    @Test
    public void unlockForThreeSecondsTellsTheControllerThreeSecondsAndTheDoorRelocksAfterThem() throws Exception {
        java.util.concurrent.ScheduledExecutorService clock = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        BlockingQueue<String> told = new LinkedBlockingQueue<>();
        MqttClient controller = new MqttClient(broker.url(), "door-controller-side", new MemoryPersistence());
        controller.setCallback(new OnMessage((topic, m) -> clock.execute(() -> {
            try {
                String text = new String(m.getPayload(), StandardCharsets.UTF_8);
                told.add(text);
                var command = Payloads.JSON.readTree(text);
                controller.publish("office/doors/side/result", ("{\"id\": \"" + command.get("id").asText() + "\", \"ok\": true}").getBytes(), 1, false);
                if (command.get("action").asText().equals("unlock")) {
                    controller.publish("office/doors/side/state", "{\"lock\": \"unlocked\"}".getBytes(), 1, false);
                    clock.schedule(() -> {
                        controller.publish("office/doors/side/state", "{\"lock\": \"locked\"}".getBytes(), 1, false);
                        return null;
                    }, command.get("seconds").asLong(), TimeUnit.SECONDS);
                }
            } catch (Exception e) {
                told.add("controller failed: " + e);
            }
        })));
        controller.connect();
        controller.subscribe("office/doors/side/command", 1);
        controller.publish("office/doors/side/availability", "online".getBytes(), 1, true);
        try {
            DeviceDefinition door = DeviceDefinition.builder("door.side", "door", "mqtt").profile("door")
                    .role("locked", "locked").role("contact", "contact")
                    .property("mqtt.broker", broker.url()).property("mqtt.contract", "door-controller")
                    .property("mqtt.topic", "office/doors/side")
                    .point(point("contact", PointKind.BINARY, false, "contact"))
                    .point(point("locked", PointKind.BINARY, false, "locked")).build();
            RecordingDeviceContext context = new RecordingDeviceContext(door);
            DeviceHandler handler = adapter.open(door, context);
            opened.add(handler::close);
            opened.add(context);
            context.awaitState(DeviceState.ONLINE);

            Command unlock = Command.action("door.side", "unlock", Map.of("seconds", 3L), OPERATOR, "delivery");
            assertEquals(OutcomeStatus.COMPLETED, outcome(handler, unlock).status());
            var wire = Payloads.JSON.readTree(told.poll(10, TimeUnit.SECONDS));
            assertEquals("unlock", wire.get("action").asText());
            assertEquals(3, wire.get("seconds").asInt());
            assertTrue("the old key is gone: " + wire, wire.get("unlockSeconds") == null);
            context.await("unlocked", () -> Boolean.FALSE.equals(context.last("locked")));
            long unlockedAt = System.nanoTime();
            context.await("relocked", () -> Boolean.TRUE.equals(context.last("locked")));
            long openMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - unlockedAt);
            assertTrue("unlocked for " + openMillis + " ms", openMillis >= 2500 && openMillis <= 4500);

            assertEquals(OutcomeStatus.COMPLETED, outcome(handler, Command.action("door.side", "lock", Map.of(), OPERATOR, null)).status());
            assertEquals("lock", Payloads.JSON.readTree(told.poll(10, TimeUnit.SECONDS)).get("action").asText());

            CommandOutcome noSeconds = outcome(handler, Command.action("door.side", "unlock", Map.of(), OPERATOR, null));
            assertEquals(OutcomeStatus.REJECTED, noSeconds.status());
            assertTrue(noSeconds.reason(), noSeconds.reason().contains("profile = door"));
            CommandOutcome badCard = outcome(handler, Command.action("door.side", "grant",
                    Map.of("reader", "entry", "card", "04A1\"; drop"), ACCESS, null));
            assertEquals(OutcomeStatus.REJECTED, badCard.status());
            assertTrue(badCard.reason(), badCard.reason().contains("is not a card id"));
            assertEquals("nothing went to the controller for the refused commands", null, told.poll(500, TimeUnit.MILLISECONDS));
        } finally {
            controller.publish("office/doors/side/availability", new byte[0], 1, true);
            controller.disconnect();
            controller.close();
            clock.shutdownNow();
        }
    }

    @Test
    public void cameraTamperRaisesAnAlarmAndFaultsTheCameraUntilClearedAndVideoLossClearsVideoOk() throws Exception {
        send("office/cams/1/availability", "online", true);
        DeviceDefinition camera = device("camera.test", "camera", Map.of("mqtt.contract", "camera", "mqtt.topic", "office/cams/1"),
                point("motion", PointKind.BINARY, false, "motion"), point("video-ok", PointKind.BINARY, false, "video-ok"));
        RecordingDeviceContext context = open(camera);
        context.awaitState(DeviceState.ONLINE);
        send("office/cams/1/event", "{\"event\": \"motion\", \"active\": true, \"region\": \"door\"}", false);
        context.await("motion", () -> context.events.stream().anyMatch(e -> e.type().equals(EventTypes.CAMERA_MOTION)
                && "door".equals(e.data().get("region"))));
        assertEquals(Boolean.TRUE, context.last("motion"));

        send("office/cams/1/event", "{\"event\": \"tamper\", \"active\": true}", false);
        context.awaitState(DeviceState.FAULT);
        assertEquals(StatusDetail.HARDWARE_FAULT, context.status().detail());
        assertEquals(Severity.ALARM, context.awaitEvent(EventTypes.CAMERA_TAMPER).severity());
        send("office/cams/1/event", "{\"event\": \"tamper\", \"active\": false}", false);
        context.awaitState(DeviceState.ONLINE);

        send("office/cams/1/event", "{\"event\": \"video-loss\", \"active\": true}", false);
        context.await("video lost", () -> Boolean.FALSE.equals(context.last("video-ok")));
        assertEquals(Severity.ALARM, context.awaitEvent("camera.video-loss").severity()); // published just after the point
        send("office/cams/1/availability", "", true);
    }

    @Test
    public void malformedWrongTypedOversizedAndFloodingMessagesAreDroppedAndCountedWhileOtherDevicesRunOn() throws Exception {
        RecordingDeviceContext noisy = open(device("sensor.noisy", "sensor", Map.of("mqtt.point.t.json", "/t",
                "mqtt.max.payload.bytes", "64", "mqtt.max.messages.per.second", "20"),
                point("t", PointKind.ANALOG, false, "office/sensors/noisy")));
        RecordingDeviceContext quiet = open(device("sensor.quiet", "sensor", Map.of(),
                point("t", PointKind.ANALOG, false, "office/sensors/quiet")));
        noisy.awaitState(DeviceState.ONLINE);
        quiet.awaitState(DeviceState.ONLINE);

        send("office/sensors/noisy", "{\"t\": 20.5", false);                // broken JSON
        send("office/sensors/noisy", "{\"t\": \"warm\"}", false);           // wrong type
        send("office/sensors/noisy", "{\"u\": 1}", false);                  // nothing at the pointer
        send("office/sensors/noisy", "{\"t\": 1, \"pad\": \"" + "x".repeat(100) + "\"}", false); // oversized
        send("office/sensors/noisy", "{\"t\": 19.0}", false);               // good
        noisy.await("good value after bad ones", () -> Double.valueOf(19.0).equals(noisy.last("t")));
        for (int i = 0; i < 200; i++) {
            peer.publish("office/sensors/noisy", ("{\"t\": " + i + "}").getBytes(), 0, false);
        }
        send("office/sensors/quiet", "7", false);
        quiet.await("the quiet sensor still works", () -> Double.valueOf(7).equals(quiet.last("t")));

        String counts = adapter.deviceCounts().get("sensor.noisy");
        noisy.await("flood counted", () -> adapter.deviceCounts().get("sensor.noisy").matches(".*flooded [1-9].*"));
        counts = adapter.deviceCounts().get("sensor.noisy");
        assertTrue(counts, counts.contains("oversized 1") && counts.contains("malformed 3"));
        assertTrue("the flood was cut: " + noisy.values.size() + " of 200", noisy.values.size() <= 1 + 20 * 5); // 20/s, however slow the machine
        assertEquals(DeviceState.ONLINE, noisy.status().state());
        assertEquals(DeviceState.ONLINE, quiet.status().state());
    }

    @Test
    public void deviceOnMqtt311ReadsAndWritesLikeAnMqtt5One() throws Exception {
        RecordingDeviceContext context = new RecordingDeviceContext(device("legacy.sensor", "sensor", Map.of("mqtt.version", "3.1.1",
                "mqtt.point.level.command.topic", "office/legacy/1/set"),
                point("level", PointKind.ANALOG, true, "office/legacy/+/level")));
        DeviceHandler handler = adapter.open(context.device(), context);
        opened.add(handler::close);
        opened.add(context);
        context.awaitState(DeviceState.ONLINE);
        send("office/legacy/1/level", "42.5", false);
        context.await("3.1.1 value", () -> Double.valueOf(42.5).equals(context.last("level")));
        Command write = Command.write("legacy.sensor", "level", 40.0, OPERATOR, null);
        assertEquals(OutcomeStatus.COMPLETED, outcome(handler, write).status());
        assertEquals("40.0", next("office/legacy/1/set")[1]);
    }

    @Test
    public void theBrokerPasswordsAreDeclaredSecretSoTheHubNeverShowsThem() {
        assertEquals(Set.of("mqtt.password", "mqtt.tls.truststore.password"), adapter.secretSettings());
        // Every declared key is one the adapter reads, so a rename cannot leave a password undeclared.
        for (String key : adapter.secretSettings()) {
            assertTrue(key, MqttDeviceSettings.KEYS.contains(key));
        }
    }

    @Test
    public void settingMistakesAreRefusedWithTheKeyAndTheFix() throws InterruptedException {
        expectRefusal(Map.of("mqtt.brokr", "tcp://x:1"), "unknown MQTT setting(s) [mqtt.brokr]");
        expectRefusal(Map.of("mqtt.broker", "http://127.0.0.1:1883"), "is not tcp://host:port or ssl://host:port");
        expectRefusal(Map.of("mqtt.qos", "3"), "mqtt.qos = 3 is out of range; use 0 to 2");
        expectRefusal(Map.of("mqtt.contract", "door-controller"), "needs mqtt.topic");
        expectRefusal(Map.of("mqtt.point.t.json", "t"), "is not a JSON pointer");
        expectRefusal(Map.of("mqtt.point.t.command.topic", "a/b"), "is not writable");
        expectRefusal(Map.of("mqtt.tls.truststore", "nowhere.p12"), "no readable file");
        expectRefusal(Map.of("mqtt.version", "3.1"), "mqtt.version = '3.1' is not supported; use 5 (default) or 3.1.1");
    }

    private void expectRefusal(Map<String, String> properties, String message) throws InterruptedException {
        DeviceDefinition d = device("bad.device", "sensor", properties, point("t", PointKind.ANALOG, false, "a/t"));
        try (RecordingDeviceContext context = new RecordingDeviceContext(d)) {
            adapter.open(d, context).close();
            fail("accepted " + properties);
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains(message));
        }
    }

    @Test
    public void loginAndTlsProblemsBecomeClearOfflineReasonsAndTheRightSettingsConnect() throws Exception {
        Path dir = TMP.newFolder("secure").toPath();
        TestCertificates good = TestCertificates.create(dir, "good");
        TestCertificates other = TestCertificates.create(dir, "other");
        int tlsPort = MosquittoBroker.freePort();
        try (MosquittoBroker secure = new MosquittoBroker(dir.resolve("broker"))) {
            secure.with("password_file " + secure.passwordFile("door-panel", "s3cret"),
                    "listener " + tlsPort + " 127.0.0.1", "certfile " + good.serverCertificate(), "keyfile " + good.serverKey()).start();
            String tls = "ssl://127.0.0.1:" + tlsPort;
            MqttDeviceAdapter withEtc = new MqttDeviceAdapter(dir);

            RecordingDeviceContext wrong = openWith(withEtc, "wrong.password", Map.of("mqtt.broker", secure.url(),
                    "mqtt.username", "door-panel", "mqtt.password", "guess"));
            wrong.await("login refused", () -> wrong.status().reason().contains("refused the login"));
            assertEquals(DeviceState.OFFLINE, wrong.status().state());
            assertEquals(StatusDetail.COMMUNICATION_ERROR, wrong.status().detail());

            RecordingDeviceContext right = openWith(withEtc, "right.password", Map.of("mqtt.broker", tls,
                    "mqtt.username", "door-panel", "mqtt.password", "s3cret", "mqtt.tls.truststore", dir.relativize(good.caCertificate()).toString()));
            right.awaitState(DeviceState.ONLINE);

            RecordingDeviceContext untrusted = openWith(withEtc, "untrusted.ca", Map.of("mqtt.broker", tls,
                    "mqtt.username", "door-panel", "mqtt.password", "s3cret", "mqtt.tls.truststore", dir.relativize(other.caCertificate()).toString()));
            untrusted.await("TLS refused", () -> untrusted.status().reason().contains("TLS handshake"));
        }
    }

    private RecordingDeviceContext openWith(MqttDeviceAdapter which, String id, Map<String, String> properties) {
        DeviceDefinition d = device(id, "sensor", properties, point("t", PointKind.ANALOG, false, "office/secure/t"));
        RecordingDeviceContext context = new RecordingDeviceContext(d);
        DeviceHandler handler = which.open(d, context);
        opened.add(context);
        opened.add(handler::close);
        return context;
    }
}
