package dev.yakata.core.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.yakata.api.adapter.DeviceAdapter;
import dev.yakata.api.adapter.DeviceContext;
import dev.yakata.api.adapter.DeviceHandler;
import dev.yakata.api.command.Command;
import dev.yakata.api.command.Issuer;
import dev.yakata.api.command.CommandOutcome;
import dev.yakata.api.command.OutcomeStatus;
import dev.yakata.api.device.DeviceState;
import dev.yakata.api.device.DeviceStatus;
import dev.yakata.api.device.PointValue;
import dev.yakata.api.device.StatusDetail;
import dev.yakata.api.event.EventTypes;
import dev.yakata.bus.testing.RecordingBus;
import dev.yakata.core.api.DeviceInfo;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.After;
import org.junit.Test;

public class DeviceLifecycleTest {

    private static final Issuer ALICE = Issuer.of("alice", Issuer.Channel.SHELL, "yakata-operator");

    private final RecordingBus bus = new RecordingBus();
    private final DeviceLifecycle lifecycle = new DeviceLifecycle(bus, new CoreSettings(300, 300, 500, 200, 1),
            PolicyRules.parse("allow * *.*", "test.policy").asPolicy(), PseudonymKey.random());
    private final CountDownLatch hang = new CountDownLatch(1);

    @After
    public void tearDown() throws Exception {
        hang.countDown();
        lifecycle.close();
    }

    /** An adapter whose handlers go ONLINE at once, publish on command and complete every command. */
    private static final class EchoAdapter implements DeviceAdapter {
        final List<String> opened = new CopyOnWriteArrayList<>();
        final List<String> closed = new CopyOnWriteArrayList<>();
        final Map<String, DeviceContext> contexts = new HashMap<>();

        @Override
        public DeviceHandler open(dev.yakata.api.device.DeviceDefinition device, DeviceContext context) {
            opened.add(device.id());
            contexts.put(device.id(), context);
            context.updateStatus(DeviceStatus.online());
            return new DeviceHandler() {
                @Override
                public CompletableFuture<CommandOutcome> execute(Command command) {
                    if (command.pointId() != null) {
                        context.publishValue(command.pointId(), PointValue.good(command.arguments().get(Command.VALUE)));
                    }
                    return CompletableFuture.completedFuture(CommandOutcome.completed(command));
                }

                @Override
                public void close() {
                    closed.add(device.id());
                }
            };
        }
    }

    private static Map<String, Object> hvac(String id, String adapter) {
        Map<String, Object> config = new HashMap<>();
        config.put("felix.fileinstall.filename", "file:/opt/yakata/etc/dev.yakata.device-" + id + ".cfg");
        config.put("device.type", "hvac");
        config.put("adapter", adapter);
        config.put("zone", "L3");
        config.put("point.setpoint.kind", "analog");
        config.put("point.setpoint.writable", "true");
        config.put("point.supply-temp.kind", "analog");
        config.put("point.supply-temp.unit", "°C");
        return config;
    }

    private DeviceInfo device(String id) {
        return lifecycle.devices().stream().filter(d -> d.id().equals(id)).findFirst().orElseThrow();
    }

    private void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what + "; devices: " + lifecycle.devices());
            }
            Thread.sleep(10);
        }
    }

    private void awaitState(String id, DeviceState state) throws InterruptedException {
        await(id + " is " + state, () -> lifecycle.devices().stream().anyMatch(d -> d.id().equals(id) && d.status().state() == state));
    }

    @Test
    public void adapterArrivalStartsItsDevicesAndDepartureLeavesThemOfflineWithTheirConfig() throws Exception {
        lifecycle.configUpdated("pid-1", hvac("hvac.a", "echo"));
        awaitState("hvac.a", DeviceState.OFFLINE);
        assertEquals(StatusDetail.ADAPTER_MISSING, device("hvac.a").status().detail());

        EchoAdapter adapter = new EchoAdapter();
        lifecycle.adapterAdded("echo", adapter);
        awaitState("hvac.a", DeviceState.ONLINE);

        lifecycle.adapterRemoved("echo", adapter);
        awaitState("hvac.a", DeviceState.OFFLINE);
        await("the handler is closed", () -> adapter.closed.equals(List.of("hvac.a"))); // close runs on an adapter thread
        assertTrue(device("hvac.a").status().reason().contains("was removed"));
        assertEquals("hvac", device("hvac.a").definition().type());
    }

    @Test
    public void whatADevicePublishesUntilItsCloseReturnsIsKeptAndNothingAfterIt() throws Exception {
        // The hub decides to close a device before its handler hears of it: a swipe or a tick published in
        // between (here: from inside close()) must reach the bus, and nothing published once close() returned.
        List<DeviceContext> contexts = new CopyOnWriteArrayList<>();
        DeviceAdapter adapter = (definition, context) -> {
            contexts.add(context);
            context.updateStatus(DeviceStatus.online());
            return new DeviceHandler() {
                @Override
                public CompletableFuture<CommandOutcome> execute(Command command) {
                    return CompletableFuture.completedFuture(CommandOutcome.completed(command));
                }

                @Override
                public void close() {
                    context.publishEvent("test.last-words", dev.yakata.api.event.Severity.INFO, Map.of("seq", 41));
                    context.publishValue("supply-temp", PointValue.good(21.5));
                }
            };
        };
        lifecycle.adapterAdded("last-words", adapter);
        lifecycle.configUpdated("pid-1", hvac("hvac.a", "last-words"));
        awaitState("hvac.a", DeviceState.ONLINE);

        lifecycle.configDeleted("pid-1");
        await("the device left the registry", () -> lifecycle.devices().stream().noneMatch(d -> d.id().equals("hvac.a")));
        await("its last event reached the bus", () -> bus.count("test.last-words", "hvac.a") == 1);
        assertEquals("and its last value", 1, bus.count(EventTypes.POINT_CHANGED, "hvac.a"));

        contexts.get(0).publishEvent("test.too-late", dev.yakata.api.event.Severity.INFO, Map.of());
        contexts.get(0).publishValue("supply-temp", PointValue.good(30.0));
        Thread.sleep(100);
        assertEquals("nothing is published after close() returned", 0, bus.count("test.too-late", "hvac.a"));
        assertEquals(1, bus.count(EventTypes.POINT_CHANGED, "hvac.a"));
    }

    @Test
    public void changingOneFileRestartsOnlyThatDeviceAndDeletingItRemovesIt() throws Exception {
        EchoAdapter adapter = new EchoAdapter();
        lifecycle.adapterAdded("echo", adapter);
        lifecycle.configUpdated("pid-1", hvac("hvac.a", "echo"));
        lifecycle.configUpdated("pid-2", hvac("hvac.b", "echo"));
        awaitState("hvac.a", DeviceState.ONLINE);
        awaitState("hvac.b", DeviceState.ONLINE);

        lifecycle.configUpdated("pid-2", hvac("hvac.b", "echo")); // same content again: nothing restarts
        Map<String, Object> changed = hvac("hvac.a", "echo");
        changed.put("zone", "L2");
        lifecycle.configUpdated("pid-1", changed);
        await("hvac.a reopened", () -> adapter.opened.size() == 3);
        awaitState("hvac.a", DeviceState.ONLINE);
        assertEquals(List.of("hvac.a"), adapter.closed);
        assertEquals("L2", device("hvac.a").definition().zone());

        lifecycle.configDeleted("pid-2");
        await("hvac.b closed", () -> adapter.closed.size() == 2);
        assertEquals(List.of("hvac.a", "hvac.b"), adapter.closed);
        await("hvac.b removed", () -> lifecycle.devices().size() == 1);
    }

    @Test
    public void missingRequiredKeyGivesFaultNamingTheFileAndTheFix() throws Exception {
        Map<String, Object> config = hvac("hvac.a", "echo");
        config.remove("adapter");
        lifecycle.configUpdated("pid-1", config);
        awaitState("hvac.a", DeviceState.FAULT);
        String reason = device("hvac.a").status().reason();
        assertTrue(reason, reason.contains("dev.yakata.device-hvac.a.cfg") && reason.contains("'adapter'") && reason.contains("e.g. adapter = simulator"));
    }

    @Test
    public void wrongValueTypeInTheFileGivesFaultNamingTheKey() throws Exception {
        Map<String, Object> config = hvac("hvac.a", "echo");
        config.put("point.setpoint.writable", "sometimes");
        lifecycle.configUpdated("pid-1", config);
        awaitState("hvac.a", DeviceState.FAULT);
        assertTrue(device("hvac.a").status().reason().contains("point.setpoint.writable = 'sometimes' is not a boolean"));
    }

    @Test
    public void numberWhereTextBelongsInAJsonFileGivesFaultNamingTheKeyAndTheFix() throws Exception {
        Map<String, Object> config = hvac("hvac.a", "echo");
        config.put("felix.fileinstall.filename", "file:/opt/yakata/etc/dev.yakata.device-hvac.a.cfg.json");
        config.put("device.type", 5L);
        lifecycle.configUpdated("pid-1", config);
        awaitState("hvac.a", DeviceState.FAULT);
        String reason = device("hvac.a").status().reason();
        assertTrue(reason, reason.startsWith("dev.yakata.device-hvac.a.cfg.json: key 'device.type' must be text, not Long")
                && reason.contains("write it as a string, e.g. \"device.type\": \"5\""));
    }

    @Test
    public void duplicateDeviceIdIsFaultUntilTheFirstFileGoes() throws Exception {
        lifecycle.adapterAdded("echo", new EchoAdapter());
        lifecycle.configUpdated("pid-1", hvac("hvac.a", "echo"));
        awaitState("hvac.a", DeviceState.ONLINE);
        Map<String, Object> copy = hvac("hvac.copy", "echo");
        copy.put("device.id", "hvac.a");
        lifecycle.configUpdated("pid-2", copy);
        await("duplicate reported", () -> lifecycle.devices().stream().anyMatch(d -> d.status().state() == DeviceState.FAULT));
        DeviceInfo duplicate = lifecycle.devices().stream().filter(d -> d.status().state() == DeviceState.FAULT).findFirst().orElseThrow();
        assertTrue(duplicate.status().reason(), duplicate.status().reason().contains("already used by dev.yakata.device-hvac.a.cfg"));
        assertEquals(DeviceState.ONLINE, lifecycle.device("hvac.a").orElseThrow().status().state());

        lifecycle.configDeleted("pid-1");
        await("the copy takes over", () -> lifecycle.device("hvac.a").map(d -> d.configFile().contains("hvac.copy")
                && d.status().state() == DeviceState.ONLINE).orElse(false));
    }

    @Test
    public void deviceNamingAnUnknownAdapterBecomesFaultListingTheInstalledOnes() throws Exception {
        lifecycle.adapterAdded("echo", new EchoAdapter());
        lifecycle.configUpdated("pid-1", hvac("hvac.a", "bacnett"));
        awaitState("hvac.a", DeviceState.FAULT);
        String reason = device("hvac.a").status().reason();
        assertTrue(reason, reason.contains("no adapter 'bacnett' is installed (installed: echo)"));
    }

    @Test
    public void adapterThatThrowsOrHangsOnOpenGoesFaultAndOthersRun() throws Exception {
        lifecycle.adapterAdded("echo", new EchoAdapter());
        lifecycle.adapterAdded("throws", (device, context) -> {
            throw new IllegalStateException("sim.model 'lift' is not supported");
        });
        lifecycle.adapterAdded("hangs", (device, context) -> {
            hang.await();
            return null;
        });
        lifecycle.configUpdated("pid-1", hvac("hvac.ok", "echo"));
        lifecycle.configUpdated("pid-2", hvac("hvac.throws", "throws"));
        lifecycle.configUpdated("pid-3", hvac("hvac.hangs", "hangs"));
        awaitState("hvac.throws", DeviceState.FAULT);
        awaitState("hvac.hangs", DeviceState.FAULT);
        awaitState("hvac.ok", DeviceState.ONLINE);
        assertTrue(device("hvac.throws").status().reason().contains("sim.model 'lift' is not supported"));
        assertEquals(StatusDetail.ADAPTER_TIMEOUT, device("hvac.hangs").status().detail());
    }

    @Test
    public void handlerReturnedAfterTheOpenLimitIsClosedNotLeaked() throws Exception {
        CountDownLatch closed = new CountDownLatch(1);
        lifecycle.adapterAdded("slow", (device, context) -> {
            Thread.sleep(600); // twice the 300 ms open limit of this test
            return new DeviceHandler() {
                @Override
                public CompletableFuture<CommandOutcome> execute(Command command) {
                    return CompletableFuture.completedFuture(CommandOutcome.completed(command));
                }

                @Override
                public void close() {
                    closed.countDown();
                }
            };
        });
        lifecycle.configUpdated("pid-1", hvac("hvac.slow", "slow"));
        awaitState("hvac.slow", DeviceState.FAULT);
        assertEquals(StatusDetail.ADAPTER_TIMEOUT, device("hvac.slow").status().detail());
        assertTrue("the late handler must be closed", closed.await(5, TimeUnit.SECONDS));
    }

    @Test
    public void commandsAreValidatedAndTheirOutcomeReachesTheBus() throws Exception {
        EchoAdapter adapter = new EchoAdapter();
        lifecycle.adapterAdded("echo", adapter);
        lifecycle.configUpdated("pid-1", hvac("hvac.a", "echo"));
        awaitState("hvac.a", DeviceState.ONLINE);

        CommandOutcome unknownPoint = lifecycle.submit(Command.write("hvac.a", "setpiont", 21, ALICE, "")).toCompletableFuture().get();
        assertEquals(OutcomeStatus.REJECTED, unknownPoint.status());
        assertTrue(unknownPoint.reason(), unknownPoint.reason().contains("no point 'setpiont'; its points are setpoint, supply-temp"));

        CommandOutcome readOnly = lifecycle.submit(Command.write("hvac.a", "supply-temp", 21, ALICE, "")).toCompletableFuture().get();
        assertEquals(OutcomeStatus.REJECTED, readOnly.status());

        CommandOutcome wrongType = lifecycle.submit(Command.write("hvac.a", "setpoint", "warm", ALICE, "")).toCompletableFuture().get();
        assertTrue(wrongType.reason(), wrongType.reason().contains("'warm' is not a valid analog value for hvac.a/setpoint (a number"));

        CommandOutcome unknownDevice = lifecycle.submit(Command.action("hvac.z", "reset", Map.of(), ALICE, "")).toCompletableFuture().get();
        assertEquals(OutcomeStatus.REJECTED, unknownDevice.status());

        CommandOutcome written = lifecycle.submit(Command.write("hvac.a", "setpoint", "22.5", ALICE, "warmer")).toCompletableFuture().get();
        assertEquals(OutcomeStatus.COMPLETED, written.status());
        assertEquals(22.5, lifecycle.values("hvac.a").get("setpoint").value());
        assertEquals(1, bus.count(EventTypes.COMMAND_COMPLETED, "hvac.a"));
        assertEquals(3, bus.count(EventTypes.COMMAND_REJECTED, "hvac.a"));
        assertEquals(1, bus.count(EventTypes.POINT_CHANGED, "hvac.a"));
    }

    @Test
    public void adapterThatHangsInExecuteTimesOutAndGoesFault() throws Exception {
        lifecycle.adapterAdded("hangs", (device, context) -> {
            context.updateStatus(DeviceStatus.online());
            return new DeviceHandler() {
                @Override
                public CompletableFuture<CommandOutcome> execute(Command command) {
                    try {
                        hang.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return null;
                }

                @Override
                public void close() {
                }
            };
        });
        lifecycle.configUpdated("pid-1", hvac("hvac.a", "hangs"));
        awaitState("hvac.a", DeviceState.ONLINE);
        CommandOutcome outcome = lifecycle.submit(Command.action("hvac.a", "reset", Map.of(), ALICE, "")).toCompletableFuture()
                .get(5, TimeUnit.SECONDS);
        assertEquals(OutcomeStatus.TIMED_OUT, outcome.status());
        awaitState("hvac.a", DeviceState.FAULT);
        assertEquals(StatusDetail.ADAPTER_TIMEOUT, device("hvac.a").status().detail());
    }

    /** Opens hvac.a with an adapter whose every command gets the stage {@code answer} makes, and waits for ONLINE. */
    private void onlineWithAnswers(String adapterId, Supplier<CompletionStage<CommandOutcome>> answer) throws InterruptedException {
        lifecycle.adapterAdded(adapterId, (device, context) -> {
            context.updateStatus(DeviceStatus.online());
            return new DeviceHandler() {
                @Override
                public CompletionStage<CommandOutcome> execute(Command command) {
                    return answer.get();
                }

                @Override
                public void close() {
                }
            };
        });
        lifecycle.configUpdated("pid-1", hvac("hvac.a", adapterId));
        awaitState("hvac.a", DeviceState.ONLINE);
    }

    @Test
    public void commandThatTimesOutHasTheAdaptersStageCancelledSoTheAdapterCanDropIt() throws Exception {
        List<CompletableFuture<CommandOutcome>> pending = new CopyOnWriteArrayList<>();
        onlineWithAnswers("silent", () -> {
            CompletableFuture<CommandOutcome> answer = new CompletableFuture<>();
            pending.add(answer);
            return answer; // the device never answers
        });

        CommandOutcome outcome = lifecycle.submit(Command.write("hvac.a", "setpoint", 22.0, ALICE, "")).toCompletableFuture()
                .get(5, TimeUnit.SECONDS);

        assertEquals(OutcomeStatus.TIMED_OUT, outcome.status());
        await("the adapter's stage is cancelled", () -> pending.size() == 1 && pending.get(0).isCancelled());
        assertEquals("execute() returned, so the device is not FAULT", DeviceState.ONLINE, device("hvac.a").status().state());
    }

    @Test
    public void stageThatCannotBeCancelledStillTimesOut() throws Exception {
        // a stage of the adapter's own, which refuses toCompletableFuture()
        onlineWithAnswers("own-stage", () -> new CompletableFuture<CommandOutcome>() {
            @Override
            public CompletableFuture<CommandOutcome> toCompletableFuture() {
                throw new UnsupportedOperationException("not a CompletableFuture");
            }
        });

        CommandOutcome outcome = lifecycle.submit(Command.write("hvac.a", "setpoint", 22.0, ALICE, "")).toCompletableFuture()
                .get(5, TimeUnit.SECONDS);

        assertEquals(OutcomeStatus.TIMED_OUT, outcome.status());
        assertEquals(DeviceState.ONLINE, device("hvac.a").status().state());
    }

    @Test
    public void floodingDeviceGoesFaultAndComesBackWhenItCalmsDown() throws Exception {
        EchoAdapter adapter = new EchoAdapter();
        lifecycle.adapterAdded("echo", adapter);
        lifecycle.configUpdated("pid-1", hvac("hvac.a", "echo"));
        awaitState("hvac.a", DeviceState.ONLINE);
        DeviceContext context = adapter.contexts.get("hvac.a");
        for (int i = 0; i < 1_000; i++) {
            context.publishValue("supply-temp", PointValue.good(20.0 + i));
        }
        awaitState("hvac.a", DeviceState.FAULT);
        assertEquals(StatusDetail.EVENT_FLOOD, device("hvac.a").status().detail());
        // at most the budget of the window the burst started in and of the next, should the burst straddle them
        assertTrue(bus.count(EventTypes.POINT_CHANGED, "hvac.a") <= 2 * 200);
        awaitState("hvac.a", DeviceState.ONLINE);
    }
}
