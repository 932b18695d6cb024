package dev.yakata.adapter.bacnet.interop;

import dev.yakata.testkit.RecordingDeviceContext;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import dev.yakata.adapter.bacnet.BacnetAdapter;
import dev.yakata.adapter.bacnet.discovery.BacnetDiscovery;
import dev.yakata.adapter.bacnet.client.BacnetClient;
import dev.yakata.adapter.bacnet.client.BacnetException;
import dev.yakata.adapter.bacnet.client.ClientConfig;
import dev.yakata.adapter.bacnet.client.DiscoveredDevice;
import dev.yakata.adapter.bacnet.codec.BacnetAddress;
import dev.yakata.adapter.bacnet.codec.BacnetValue;
import dev.yakata.adapter.bacnet.codec.ObjectIdentifier;
import dev.yakata.adapter.bacnet.codec.ObjectTypes;
import dev.yakata.adapter.bacnet.codec.PropertyIds;
import dev.yakata.adapter.bacnet.codec.Services;
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
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * Interoperability with an independent BACnet/IP implementation: {@code @bacnet-js/client} 3.3.2 acting as a
 * device on 127.0.0.1 (its device model is {@code src/test/node/bacnet-device.js}).
 */
public class BacnetJsInteropTest {

    /** How long the tests wait for the adapter (retries and backoff included). */
    private static final java.time.Duration BACNET_WAIT = java.time.Duration.ofSeconds(15);

    private static final int INSTANCE = 4711;
    private static final Issuer OPERATOR = Issuer.of("test", Issuer.Channel.SHELL, "yakata-operator");
    private static final ObjectIdentifier AI_1 = new ObjectIdentifier(ObjectTypes.ANALOG_INPUT, 1);
    private static final ObjectIdentifier AV_2 = new ObjectIdentifier(ObjectTypes.ANALOG_VALUE, 2);

    private BacnetJsDevice peer;
    private BacnetAdapter adapter;
    private RecordingDeviceContext context;
    private DeviceHandler handler;

    @Before
    public void startPeer() throws Exception {
        peer = new BacnetJsDevice(INSTANCE);
        adapter = new BacnetAdapter(ClientConfig.bindTo(new InetSocketAddress("127.0.0.1", 0)).withTimeout(400, 1),
                null, 60);
    }

    @After
    public void stopPeer() throws InterruptedException {
        if (handler != null) {
            handler.close();
        }
        if (context != null) {
            context.close();
        }
        adapter.deactivate();
        peer.close();
    }

    private BacnetAddress peerAddress() {
        return BacnetAddress.of(new InetSocketAddress("127.0.0.1", peer.port));
    }

    private void openDevice(Map<String, String> extra) throws Exception {
        Map<String, String> properties = new HashMap<>();
        properties.put("bacnet.address", "127.0.0.1:" + peer.port);
        properties.put("bacnet.instance", Integer.toString(INSTANCE));
        properties.put("bacnet.pollMillis", "200");
        properties.put("bacnet.backoffMaxMillis", "500");
        properties.putAll(extra);
        DeviceDefinition device = DeviceDefinition.builder("hvac.2f.server-room", "hvac", "bacnet")
                .point(PointDefinition.builder("supply-temp", PointKind.ANALOG).unit("°C").address("analog-input:1")
                        .build())
                .point(PointDefinition.builder("setpoint", PointKind.ANALOG).unit("°C").writable(true)
                        .address("analog-value:2/present-value@8").build())
                .point(PointDefinition.builder("crac-status", PointKind.MULTISTATE).address("multi-state-value:3")
                        .build())
                .point(PointDefinition.builder("name", PointKind.TEXT).writable(true)
                        .address("analog-input:1/object-name").build())
                .properties(properties).build();
        context = new RecordingDeviceContext(device, BACNET_WAIT);
        handler = adapter.open(device, context);
    }

    private static <T> T await(java.util.concurrent.CompletionStage<T> stage) throws Exception {
        try {
            return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw (Exception) e.getCause();
        }
    }

    @Test
    public void unicastWhoIsFindsTheDeviceAndDiscoveryListsItsObjects() throws Exception {
        List<BacnetDiscovery.DeviceInfo> devices = adapter.discover("127.0.0.1:" + peer.port, INSTANCE, INSTANCE,
                1500, true);
        assertEquals(1, devices.size());
        BacnetDiscovery.DeviceInfo device = devices.get(0);
        assertEquals(INSTANCE, device.instance());
        assertEquals("bacnet-js test device", device.name());
        assertEquals("", device.problem());
        BacnetDiscovery.ObjectInfo supply = device.objects().stream()
                .filter(o -> o.type().equals("analog-input") && o.instance() == 1).findFirst().orElseThrow();
        assertEquals("給気温度", supply.name());
        assertEquals("°C", supply.units());
        assertEquals("18.5", supply.presentValue());
        assertEquals(5, device.objects().size());
    }

    @Test
    public void readPropertyAndReadPropertyMultipleReturnTheDevicesValues() throws Exception {
        try (BacnetClient client = BacnetClient.open(ClientConfig.bindTo(new InetSocketAddress("127.0.0.1", 0)))) {
            DiscoveredDevice found = await(client.whoIs(peerAddress(), INSTANCE));
            assertEquals(INSTANCE, found.instance());
            assertEquals(List.of(new BacnetValue.Real(18.5f)),
                    await(client.readProperty(peerAddress(), AI_1, PropertyIds.PRESENT_VALUE, -1)));
            List<BacnetValue> priorities = await(client.readProperty(peerAddress(), AV_2, PropertyIds.PRIORITY_ARRAY,
                    -1));
            assertEquals(16, priorities.size());
            Services.ReadPropertyMultipleAck ack = await(client.readPropertyMultiple(peerAddress(), List.of(
                    new Services.ReadAccessSpec(AI_1, List.of(new Services.PropertyReference(PropertyIds.OBJECT_NAME),
                            new Services.PropertyReference(PropertyIds.UNITS))),
                    new Services.ReadAccessSpec(new ObjectIdentifier(ObjectTypes.ANALOG_INPUT, 99),
                            List.of(new Services.PropertyReference(PropertyIds.PRESENT_VALUE))))));
            assertEquals(List.of(new BacnetValue.CharacterString("給気温度")),
                    ack.results().get(0).results().get(0).values());
            assertEquals(List.of(new BacnetValue.Enumerated(62)), ack.results().get(0).results().get(1).values());
            assertEquals(31, ack.results().get(1).results().get(0).errorCode()); // unknown-object
            try {
                await(client.readProperty(peerAddress(), new ObjectIdentifier(ObjectTypes.ANALOG_VALUE, 99),
                        PropertyIds.PRESENT_VALUE, -1));
                fail("an unknown object must fail");
            } catch (BacnetException e) {
                assertEquals(BacnetException.Kind.ERROR, e.kind());
                assertEquals(31, e.errorCode());
            }
        }
    }

    @Test
    public void pointsGoLiveAndWriteWithPriorityThenRelinquish() throws Exception {
        openDevice(Map.of("bacnet.cov", "false"));
        context.awaitState(DeviceState.ONLINE);
        context.awaitValue("supply-temp", 18.5);
        context.awaitValue("crac-status", 1L);
        context.awaitValue("name", "給気温度");
        Command write = Command.write("hvac.2f.server-room", "setpoint", 23.5, OPERATOR, "interop");
        assertEquals(OutcomeStatus.COMPLETED, handler.execute(write).toCompletableFuture()
                .get(10, TimeUnit.SECONDS).status());
        assertTrue(peer.state(), peer.state().contains("\"2:2\":{\"presentValue\":23.5,\"priorities\":[null,null,null,"
                + "null,null,null,null,23.5,"));
        context.awaitValue("setpoint", 23.5);
        Command relinquish = Command.builder("hvac.2f.server-room", "relinquish").point("setpoint").issuer(OPERATOR)
                .reason("interop").build();
        assertEquals(OutcomeStatus.COMPLETED, handler.execute(relinquish).toCompletableFuture()
                .get(10, TimeUnit.SECONDS).status());
        assertTrue(peer.state(), peer.state().contains("\"2:2\":{\"presentValue\":21,\"priorities\":[null,null,null,"
                + "null,null,null,null,null,"));
        context.awaitValue("setpoint", 21.0);
    }

    /** The names come from the standard's numbers as an independent stack sends them, not from our own encoder. */
    @Test
    public void aWriteThePeerRefusesFailsNamingServiceErrorClassCodeAndPriority() throws Exception {
        openDevice(Map.of("bacnet.cov", "false"));
        context.awaitValue("name", "給気温度");
        Command rename = Command.write("hvac.2f.server-room", "name", "other", OPERATOR, "interop").toBuilder()
                .argument("priority", 6L).build();
        CommandOutcome outcome = handler.execute(rename).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(OutcomeStatus.FAILED, outcome.status());
        assertTrue(outcome.reason(), outcome.reason().contains("write of analog-input:1/object-name@6 failed"));
        assertTrue(outcome.reason(), outcome.reason().contains(
                "WriteProperty refused: error class PROPERTY, code WRITE_ACCESS_DENIED"));
    }

    /**
     * The BACnet half of a door's {@code unlock seconds=3}: the core runs the profile action as a write of false to
     * the lock output and, after the seconds, a write of true; here those writes reach an independent stack's binary
     * output at the point's priority and read back. The timing is the core's and is tested there.
     */
    @Test
    public void aDoorsLockOutputTakesTheUnlockPulseWritesAtItsPriority() throws Exception {
        DeviceDefinition door = DeviceDefinition.builder("door.2f.server-room", "door", "bacnet").profile("door")
                .point(PointDefinition.builder("lock-cmd", PointKind.BINARY).writable(true)
                        .address("binary-output:1/present-value@8").build())
                .properties(Map.of("bacnet.address", "127.0.0.1:" + peer.port,
                        "bacnet.instance", Integer.toString(INSTANCE), "bacnet.pollMillis", "200",
                        "bacnet.cov", "false", "action.unlock", "lock-cmd=false", "action.unlock.then", "lock-cmd=true",
                        "action.unlock.thenAfter", "$seconds", "action.lock", "lock-cmd=true"))
                .build();
        context = new RecordingDeviceContext(door, BACNET_WAIT);
        handler = adapter.open(door, context);
        context.awaitValue("lock-cmd", false); // the peer's output starts at 0
        assertEquals(OutcomeStatus.COMPLETED, handler.execute(Command.write(door.id(), "lock-cmd", true, OPERATOR,
                "lock")).toCompletableFuture().get(10, TimeUnit.SECONDS).status());
        assertTrue(peer.state(), peer.state().contains("\"4:1\":{\"presentValue\":1,\"priorities\":[null,null,null,"
                + "null,null,null,null,1,"));
        context.awaitValue("lock-cmd", true);
        assertEquals(OutcomeStatus.COMPLETED, handler.execute(Command.write(door.id(), "lock-cmd", false, OPERATOR,
                "unlock")).toCompletableFuture().get(10, TimeUnit.SECONDS).status());
        assertTrue(peer.state(), peer.state().contains("\"4:1\":{\"presentValue\":0,\"priorities\":[null,null,null,"
                + "null,null,null,null,0,"));
        context.awaitValue("lock-cmd", false);
        assertEquals(OutcomeStatus.COMPLETED, handler.execute(Command.write(door.id(), "lock-cmd", true, OPERATOR,
                "unlock.then")).toCompletableFuture().get(10, TimeUnit.SECONDS).status());
        context.awaitValue("lock-cmd", true);
    }

    @Test
    public void covNotificationsUpdatePointsAndSubscriptionsAreRenewed() throws Exception {
        openDevice(Map.of("bacnet.covLifetimeSeconds", "10", "bacnet.covConfirmed", "true"));
        context.awaitValue("supply-temp", 18.5);
        RecordingDeviceContext.awaitCondition("subscribed", BACNET_WAIT, () -> stateNumber("subscriptions") == 3);
        peer.send("{\"cmd\":\"set\",\"type\":0,\"instance\":1,\"value\":19.25}");
        context.awaitValue("supply-temp", 19.25);
        long first = stateNumber("subscribeRequests");
        // renewed at half the lifetime (5 s), before the device drops the subscription
        RecordingDeviceContext.awaitCondition("renewed", BACNET_WAIT, () -> stateNumber("subscribeRequests") > first);
        peer.send("{\"cmd\":\"set\",\"type\":0,\"instance\":1,\"value\":20.5}");
        context.awaitValue("supply-temp", 20.5);
        assertEquals(0, adapter.statistics().decodeErrors());
    }

    @Test
    public void aDeviceThatStopsAnsweringGoesOfflineAndRecoversWithNewSubscriptions() throws Exception {
        openDevice(Map.of());
        context.awaitState(DeviceState.ONLINE);
        context.awaitValue("supply-temp", 18.5);
        RecordingDeviceContext.awaitCondition("subscribed", BACNET_WAIT, () -> stateNumber("subscriptions") == 3);
        long subscribedBefore = stateNumber("subscribeRequests");
        peer.send("{\"cmd\":\"silent\",\"on\":true}");
        context.awaitState(DeviceState.OFFLINE);
        assertEquals(Quality.BAD, context.latest("crac-status").quality());
        peer.send("{\"cmd\":\"silent\",\"on\":false}");
        context.awaitState(DeviceState.ONLINE);
        RecordingDeviceContext.awaitCondition("resubscribed", BACNET_WAIT, () -> stateNumber("subscribeRequests") >= subscribedBefore + 3);
        peer.send("{\"cmd\":\"set\",\"type\":0,\"instance\":1,\"value\":22}");
        context.awaitValue("supply-temp", 22.0);
    }

    /**
     * The door profile's {@code unlock seconds=3} on a BACnet door: the core's action language (run here by the
     * testkit's TestHub, the same ActionRunner the hub uses) writes the lock output, and three seconds later writes it
     * back, both through this adapter to the independent peer.
     */
    @Test
    public void unlockSecondsThreeReleasesTheBacnetLockForThreeSeconds() throws Exception {
        try (dev.yakata.testkit.TestHub hub = new dev.yakata.testkit.TestHub(adapter)) {
            dev.yakata.testkit.TestHub.Opened door = hub.open(dev.yakata.testkit.DeviceFiles.parse(
                    "dev.yakata.device-door.itest.cfg", String.join("\n",
                            "device.id = door.itest", "device.type = door", "adapter = bacnet",
                            "bacnet.address = 127.0.0.1:" + peer.port, "bacnet.instance = " + INSTANCE,
                            "bacnet.pollMillis = 200",
                            "point.lock-cmd.kind = binary", "point.lock-cmd.writable = true",
                            "point.lock-cmd.address = binary-output:1/present-value@8",
                            "point.locked.kind = binary", "point.locked.address = binary-input:2",
                            "point.contact.kind = binary", "point.contact.address = binary-input:2",
                            "action.unlock = lock-cmd=false", "action.unlock.then = lock-cmd=true",
                            "action.unlock.thenAfter = $seconds", "")), BACNET_WAIT);
            door.context().awaitState(DeviceState.ONLINE);
            assertEquals(OutcomeStatus.COMPLETED, hub.submit(Command.write("door.itest", "lock-cmd", true, OPERATOR, "lock")).status());
            awaitPeer("the lock output is locked", () -> presentValue("4:1") == 1);

            CommandOutcome unlocked = hub.submit(Command.action("door.itest", "unlock", Map.of("seconds", "3"), OPERATOR, "delivery"));
            long released = System.nanoTime();
            assertEquals(unlocked.reason(), OutcomeStatus.COMPLETED, unlocked.status());
            assertEquals("released at once", 0, presentValue("4:1"));
            awaitPeer("the lock output is locked again", () -> presentValue("4:1") == 1);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - released);
            assertTrue("unlocked for " + millis + " ms", millis >= 2_900 && millis <= 4_500);
            assertTrue(hub.laterFailures().toString(), hub.laterFailures().isEmpty());
        }
    }

    /** The peer's present value of one object ({@code type:instance}), as a number. */
    private long presentValue(String object) {
        try {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"" + object + "\":\\{\"presentValue\":(\\d+)")
                    .matcher(peer.state());
            if (!m.find()) {
                throw new AssertionError("no " + object + " in " + peer.state());
            }
            return Long.parseLong(m.group(1));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void awaitPeer(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        RecordingDeviceContext.awaitCondition(what, java.time.Duration.ofSeconds(10), condition);
    }

    private long stateNumber(String name) {
        try {
            return peer.stateNumber(name);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
