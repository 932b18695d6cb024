package dev.yakata.adapter.bacnet;

import dev.yakata.testkit.RecordingDeviceContext;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import dev.yakata.adapter.bacnet.client.ClientConfig;
import dev.yakata.adapter.bacnet.codec.BacnetValue;
import dev.yakata.adapter.bacnet.codec.ObjectIdentifier;
import dev.yakata.adapter.bacnet.codec.ObjectTypes;
import dev.yakata.adapter.bacnet.sim.SimulatedBacnetDevice;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/** The adapter end to end against a BACnet device on a loopback socket. */
public class BacnetAdapterTest {

    /** How long the tests wait for the adapter (retries and backoff included). */
    private static final java.time.Duration BACNET_WAIT = java.time.Duration.ofSeconds(15);

    static final ObjectIdentifier AI_1 = new ObjectIdentifier(ObjectTypes.ANALOG_INPUT, 1);
    static final ObjectIdentifier AV_2 = new ObjectIdentifier(ObjectTypes.ANALOG_VALUE, 2);
    static final ObjectIdentifier BO_1 = new ObjectIdentifier(ObjectTypes.BINARY_OUTPUT, 1);
    static final ObjectIdentifier BI_2 = new ObjectIdentifier(ObjectTypes.BINARY_INPUT, 2);
    static final ObjectIdentifier BI_3 = new ObjectIdentifier(ObjectTypes.BINARY_INPUT, 3);

    private SimulatedBacnetDevice field;
    private BacnetAdapter adapter;
    private final List<RecordingDeviceContext> contexts = new ArrayList<>();
    private final List<DeviceHandler> handlers = new ArrayList<>();

    @Before
    public void start() throws Exception {
        field = new SimulatedBacnetDevice(2001);
        field.addObject(AI_1, "supply temperature", 62, new BacnetValue.Real(18.5f));
        field.addObject(AV_2, "setpoint", 62, new BacnetValue.Real(21f));
        field.addObject(BO_1, "shutter motor close", -1, new BacnetValue.Enumerated(0));
        field.addObject(BI_2, "shutter closed limit", -1, new BacnetValue.Enumerated(0));
        field.addObject(BI_3, "obstruction", -1, new BacnetValue.Enumerated(0));
        adapter = new BacnetAdapter(ClientConfig.bindTo(new InetSocketAddress("127.0.0.1", 0)).withTimeout(500, 1),
                null, 60);
    }

    @After
    public void stop() throws Exception {
        handlers.forEach(DeviceHandler::close);
        for (RecordingDeviceContext context : contexts) {
            context.close();
        }
        adapter.deactivate();
        field.close();
    }

    static DeviceDefinition definition(SimulatedBacnetDevice device, Map<String, String> extra,
            PointDefinition... points) {
        Map<String, String> properties = new HashMap<>();
        InetSocketAddress ip = device.address().ip();
        properties.put("bacnet.address", "127.0.0.1:" + ip.getPort());
        properties.put("bacnet.instance", Integer.toString(device.instance()));
        properties.put("bacnet.pollMillis", "100");
        properties.put("bacnet.backoffMaxMillis", "400");
        properties.put("bacnet.livenessMillis", "300");
        properties.putAll(extra);
        return DeviceDefinition.builder("hvac.test", "hvac", BacnetAdapter.ADAPTER).points(List.of(points))
                .properties(properties).build();
    }

    static PointDefinition point(String id, PointKind kind, String address) {
        return PointDefinition.builder(id, kind).writable(true).address(address).build();
    }

    /** An operator at the shell; the adapter does not judge the issuer (the core's policy did), it only carries it. */
    static final Issuer OPERATOR = Issuer.of("test", Issuer.Channel.SHELL, "yakata-operator");

    static Command write(String pointId, Object value) {
        return Command.write("hvac.test", pointId, value, OPERATOR, "");
    }

    private RecordingDeviceContext open(DeviceDefinition definition) throws Exception {
        RecordingDeviceContext context = new RecordingDeviceContext(definition, BACNET_WAIT);
        contexts.add(context);
        handlers.add(adapter.open(definition, context));
        return context;
    }

    private static CommandOutcome run(DeviceHandler handler, Command command) throws Exception {
        return handler.execute(command).toCompletableFuture().get(BACNET_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Test
    public void pointsGoLiveAndCovChangesArrive() throws Exception {
        RecordingDeviceContext context = open(definition(field, Map.of(),
                point("supply-temp", PointKind.ANALOG, "analog-input:1"),
                point("setpoint-name", PointKind.TEXT, "analog-value:2/object-name")));
        context.awaitState(DeviceState.ONLINE);
        context.awaitValue("supply-temp", 18.5);
        context.awaitValue("setpoint-name", "setpoint");
        RecordingDeviceContext.awaitCondition("subscribed", BACNET_WAIT, () -> field.subscriptionCount() == 1);
        field.setPresentValue(AI_1, new BacnetValue.Real(19.25f));
        context.awaitValue("supply-temp", 19.25);
    }

    @Test
    public void aDeviceFileWithoutAddressFindsTheDeviceByBroadcastWhoIs() throws Exception {
        BacnetAdapter broadcasting = new BacnetAdapter(ClientConfig.bindTo(new InetSocketAddress("127.0.0.1", 0))
                .withTimeout(500, 1).withBroadcast(field.address().ip()), null, 60); // loopback: aim the broadcast
        try {
            Map<String, String> properties = new HashMap<>(definition(field, Map.of(),
                    point("supply-temp", PointKind.ANALOG, "analog-input:1")).properties());
            properties.remove("bacnet.address");
            DeviceDefinition definition = DeviceDefinition.builder("hvac.found", "hvac", BacnetAdapter.ADAPTER)
                    .point(point("supply-temp", PointKind.ANALOG, "analog-input:1")).properties(properties).build();
            RecordingDeviceContext context = new RecordingDeviceContext(definition, BACNET_WAIT);
            contexts.add(context);
            handlers.add(broadcasting.open(definition, context));
            context.awaitState(DeviceState.ONLINE);
            context.awaitValue("supply-temp", 18.5);
        } finally {
            handlers.forEach(DeviceHandler::close);
            handlers.clear();
            broadcasting.deactivate();
        }
    }

    @Test
    public void objectsThatRefuseCovArePolled() throws Exception {
        field.covSupported = false;
        RecordingDeviceContext context = open(definition(field, Map.of(),
                point("supply-temp", PointKind.ANALOG, "analog-input:1")));
        context.awaitValue("supply-temp", 18.5);
        field.setPresentValue(AI_1, new BacnetValue.Real(17f));
        context.awaitValue("supply-temp", 17.0);
        assertEquals(0, field.subscriptionCount());
    }

    @Test
    public void writeUsesThePointPriorityAndRelinquishClearsIt() throws Exception {
        RecordingDeviceContext context = open(definition(field, Map.of(),
                point("setpoint", PointKind.ANALOG, "analog-value:2/present-value@9")));
        DeviceHandler handler = handlers.get(0);
        context.awaitState(DeviceState.ONLINE);
        assertEquals(OutcomeStatus.COMPLETED,
                run(handler, write("setpoint", 23.5)).status());
        assertEquals(new BacnetValue.Real(23.5f), field.priority(AV_2, 9));
        context.awaitValue("setpoint", 23.5);
        assertEquals(OutcomeStatus.COMPLETED, run(handler, Command.builder("hvac.test", "relinquish").point("setpoint")
                .issuer(OPERATOR).build()).status());
        assertEquals(BacnetValue.Null.INSTANCE, field.priority(AV_2, 9));
        context.awaitValue("setpoint", 21.0);
        assertEquals(OutcomeStatus.COMPLETED, run(handler, write("setpoint", 25.0).toBuilder().argument("priority", "3")
                .build()).status());
        assertEquals(new BacnetValue.Real(25f), field.priority(AV_2, 3));
        // the core may hand over a converted argument: a Long priority works as well as text
        assertEquals(OutcomeStatus.COMPLETED, run(handler, write("setpoint", 26.0).toBuilder().argument("priority", 4L)
                .build()).status());
        assertEquals(new BacnetValue.Real(26f), field.priority(AV_2, 4));
    }

    @Test
    public void aRefusedWriteNamesServiceErrorClassAndCodeAndThePriorityItUsed() throws Exception {
        field.writeMax = 30f;
        RecordingDeviceContext context = open(definition(field, Map.of(),
                point("setpoint", PointKind.ANALOG, "analog-value:2/present-value@8")));
        context.awaitState(DeviceState.ONLINE);
        CommandOutcome refused = run(handlers.get(0), write("setpoint", 99.0).toBuilder().argument("priority", 6L)
                .build());
        assertEquals(OutcomeStatus.FAILED, refused.status());
        assertTrue(refused.reason(), refused.reason().contains(
                "WriteProperty refused: error class PROPERTY, code VALUE_OUT_OF_RANGE"));
        assertTrue(refused.reason(), refused.reason().contains("analog-value:2/present-value@6"));
        assertTrue(refused.reason(), !refused.reason().contains("@8"));
        // without a priority argument the point's own priority is the one used, and named
        CommandOutcome atEight = run(handlers.get(0), write("setpoint", 99.0));
        assertTrue(atEight.reason(), atEight.reason().contains("analog-value:2/present-value@8 failed"));
        assertEquals(BacnetValue.Null.INSTANCE, field.priority(AV_2, 6));
    }

    @Test
    public void aDeviceThatStopsAnsweringGoesOfflineAndComesBackResubscribed() throws Exception {
        RecordingDeviceContext context = open(definition(field, Map.of(),
                point("supply-temp", PointKind.ANALOG, "analog-input:1"),
                point("setpoint", PointKind.ANALOG, "analog-value:2")));
        context.awaitState(DeviceState.ONLINE);
        context.awaitValue("supply-temp", 18.5);
        context.awaitValue("setpoint", 21.0);
        field.silent = true;
        context.awaitState(DeviceState.OFFLINE);
        assertEquals(Quality.BAD, context.latest("supply-temp").quality());
        assertTrue(context.status().reason().contains("no answer"));
        field.silent = false;
        field.setPresentValue(AI_1, new BacnetValue.Real(20f));
        context.awaitState(DeviceState.ONLINE);
        context.awaitValue("supply-temp", 20.0);
        context.awaitValue("setpoint", 21.0); // unchanged, but GOOD again after the BAD spell
        RecordingDeviceContext.awaitCondition("resubscribed", BACNET_WAIT, () -> field.subscriptionCount() >= 1);
    }

    @Test
    public void pollingResumesAfterAnOfflineSpellThatDroppedQueuedBatches() throws Exception {
        List<PointDefinition> many = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            field.addObject(new ObjectIdentifier(ObjectTypes.ANALOG_VALUE, 100 + i), "av" + i, 62,
                    new BacnetValue.Real(i));
            many.add(point("p" + i, PointKind.ANALOG, "analog-value:" + (100 + i)));
        }
        // 60 points at 128 bytes: many batches per poll, all but one queued behind the budget of one request
        RecordingDeviceContext context = open(definition(field, Map.of("bacnet.cov", "false", "bacnet.maxApdu", "128"),
                many.toArray(PointDefinition[]::new)));
        context.awaitValue("p59", 59.0);
        field.silent = true;
        context.awaitState(DeviceState.OFFLINE);
        field.silent = false;
        context.awaitState(DeviceState.ONLINE);
        field.setPresentValue(new ObjectIdentifier(ObjectTypes.ANALOG_VALUE, 159), new BacnetValue.Real(-1f));
        context.awaitValue("p59", -1.0);
    }

    /**
     * A profile action is the core's: it runs {@code action.unlock = lock-cmd=false}, then after {@code thenAfter}
     * seconds {@code action.unlock.then = lock-cmd=true}, as point writes through this adapter's write path. This is
     * the BACnet half: those writes reach the lock's binary output at the point's priority and read back.
     */
    @Test
    public void aDoorPulseRunAsPointWritesCommandsTheLockOutputAtItsPriority() throws Exception {
        field.setPresentValue(BO_1, new BacnetValue.Enumerated(1)); // locked
        RecordingDeviceContext context = open(definition(field, Map.of(
                        "action.unlock", "lock-cmd=false",
                        "action.unlock.then", "lock-cmd=true",
                        "action.unlock.thenAfter", "$seconds",
                        "action.lock", "lock-cmd=true"),
                point("lock-cmd", PointKind.BINARY, "binary-output:1/present-value@6"),
                point("locked", PointKind.BINARY, "binary-input:2")));
        DeviceHandler handler = handlers.get(0);
        context.awaitValue("lock-cmd", true);
        assertEquals(OutcomeStatus.COMPLETED, run(handler, write("lock-cmd", false)).status());
        assertEquals(new BacnetValue.Enumerated(0), field.priority(BO_1, 6));
        context.awaitValue("lock-cmd", false);
        assertEquals(OutcomeStatus.COMPLETED, run(handler, write("lock-cmd", true)).status());
        assertEquals(new BacnetValue.Enumerated(1), field.priority(BO_1, 6));
        context.awaitValue("lock-cmd", true);
        // a null value (action.<name> = point=null) relinquishes the priority
        assertEquals(OutcomeStatus.COMPLETED, run(handler, write("lock-cmd", null)).status());
        assertEquals(BacnetValue.Null.INSTANCE, field.priority(BO_1, 6));
    }

    @Test
    public void aProfileActionThatReachesTheAdapterIsRejectedNamingWhatItTakes() throws Exception {
        RecordingDeviceContext context = open(definition(field, Map.of("action.close", "motor=true"),
                point("motor", PointKind.BINARY, "binary-output:1@8")));
        context.awaitState(DeviceState.ONLINE);
        CommandOutcome outcome = run(handlers.get(0), Command.action("hvac.test", "close", Map.of(), OPERATOR, ""));
        assertEquals(OutcomeStatus.REJECTED, outcome.status());
        assertTrue(outcome.reason(), outcome.reason().contains("write and relinquish"));
        assertEquals("the adapter never runs the action itself", BacnetValue.Null.INSTANCE, field.priority(BO_1, 8));
    }

    @Test
    public void readBatchesStayWithinTheDevicesMaxApdu() throws Exception {
        List<PointDefinition> many = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            field.addObject(new ObjectIdentifier(ObjectTypes.ANALOG_VALUE, 100 + i), "av" + i, 62,
                    new BacnetValue.Real(i));
            many.add(point("p" + i, PointKind.ANALOG, "analog-value:" + (100 + i)));
        }
        RecordingDeviceContext context = open(definition(field, Map.of("bacnet.cov", "false", "bacnet.maxApdu", "480"),
                many.toArray(PointDefinition[]::new)));
        context.awaitValue("p199", 199.0);
        DeviceSession session = (DeviceSession) handlers.get(0);
        List<List<DeviceSession.BoundPoint>> batches = session.batches(many.stream()
                .map(p -> new DeviceSession.BoundPoint(p, PointAddress.parse(p.address()))).toList());
        assertTrue("several batches for 200 points at 480 bytes", batches.size() > 5);
        assertTrue(batches.stream().allMatch(b -> b.size() * 23 <= 480));
    }

    @Test
    public void aDeviceFileWithoutInstanceOrWithABadPointIsRefusedSayingWhatToFix() {
        DeviceDefinition noInstance = DeviceDefinition.builder("x", "hvac", "bacnet")
                .property("bacnet.address", "127.0.0.1:47809").build();
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> adapter.open(noInstance, new RecordingDeviceContext(noInstance, BACNET_WAIT)));
        assertTrue(missing.getMessage().contains("bacnet.instance"));
        DeviceDefinition routerless = DeviceDefinition.builder("x", "hvac", "bacnet")
                .properties(Map.of("bacnet.instance", "5", "bacnet.network", "5", "bacnet.mac", "0A")).build();
        IllegalArgumentException noRouter = assertThrows(IllegalArgumentException.class,
                () -> adapter.open(routerless, new RecordingDeviceContext(routerless, BACNET_WAIT)));
        assertTrue(noRouter.getMessage().contains("bacnet.address"));
        DeviceDefinition badPoint = definition(field, Map.of(), point("t", PointKind.ANALOG, "analog-thing:1"));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> adapter.open(badPoint, new RecordingDeviceContext(badPoint, BACNET_WAIT)));
        assertTrue(bad.getMessage(), bad.getMessage().contains("point 't'"));
    }

    @Test
    public void closingTheDeviceFailsAWriteStillWaitingForAnAnswer() throws Exception {
        RecordingDeviceContext context = open(definition(field, Map.of("bacnet.backoffMaxMillis", "60000"),
                point("motor", PointKind.BINARY, "binary-output:1")));
        context.awaitState(DeviceState.ONLINE);
        field.silent = true;
        var writing = handlers.get(0).execute(write("motor", true));
        handlers.remove(0).close();
        CommandOutcome outcome = writing.toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals(OutcomeStatus.FAILED, outcome.status());
        assertTrue(outcome.reason(), outcome.reason().contains("closed"));
    }

    @Test
    public void aFieldDeviceCannotBeOpenedOrDiscoveredWhileTheEndpointIsOnLoopbackAndTheMessageSaysWhatToSet() {
        DeviceDefinition remote = DeviceDefinition.builder("hvac.remote", "hvac", BacnetAdapter.ADAPTER)
                .property("bacnet.address", "10.0.3.31:47808").property("bacnet.instance", "231").build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> adapter.open(remote, new RecordingDeviceContext(remote, BACNET_WAIT)));
        assertTrue(e.getMessage(), e.getMessage().contains("localAddress")
                && e.getMessage().contains("etc/dev.yakata.adapter.bacnet.cfg") && e.getMessage().contains("10.0.3.31"));
        IllegalArgumentException discover = assertThrows(IllegalArgumentException.class,
                () -> adapter.discover("10.0.3.31", -1, -1, 100, false));
        assertTrue(discover.getMessage(), discover.getMessage().contains("localAddress"));
    }

    @Test
    public void pointAddressesParseTypePropertyIndexAndPriority() {
        assertEquals(new PointAddress(AV_2, 85, -1, -1), PointAddress.parse("analog-value:2"));
        assertEquals(new PointAddress(BO_1, 85, -1, 8), PointAddress.parse("binary-output:1/present-value@8"));
        assertEquals(new PointAddress(new ObjectIdentifier(19, 4), 110, 2, -1),
                PointAddress.parse("multi-state-value:4/state-text[2]"));
        assertEquals(new PointAddress(new ObjectIdentifier(2, 7), 77, -1, -1), PointAddress.parse("2:7/77"));
        assertThrows(IllegalArgumentException.class, () -> PointAddress.parse("analog-value:2@17"));
        assertThrows(IllegalArgumentException.class, () -> PointAddress.parse("analog-value"));
    }
}
