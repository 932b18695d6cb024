package dev.yakata.core.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import dev.yakata.api.adapter.DeviceAdapter;
import dev.yakata.api.adapter.DeviceContext;
import dev.yakata.api.adapter.DeviceHandler;
import dev.yakata.api.command.Command;
import dev.yakata.api.command.CommandOutcome;
import dev.yakata.api.command.Issuer;
import dev.yakata.api.command.OutcomeStatus;
import dev.yakata.api.device.DeviceState;
import dev.yakata.api.device.DeviceStatus;
import dev.yakata.api.device.PointValue;
import dev.yakata.api.device.StatusDetail;
import dev.yakata.bus.testing.RecordingBus;
import dev.yakata.core.api.CommandCheck;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/** The dry run of the command path: the same checks as dispatch, nothing dispatched, nothing published. */
public class CommandCheckTest {

    private static final Issuer OPERATOR = Issuer.of("sato", Issuer.Channel.SHELL, "yakata-operator");
    private static final Issuer VIEWER = Issuer.of("suzuki", Issuer.Channel.SHELL, "yakata-viewer");

    private final RecordingBus bus = new RecordingBus();
    private final DeviceLifecycle lifecycle = new DeviceLifecycle(bus, new CoreSettings(300, 300, 2_000, 2_000, 1),
            PolicyRules.parse("allow yakata-operator shutter.*, door.lock\n", "yakata.policy").asPolicy(),
            PseudonymKey.random());
    private final List<Command> executed = new CopyOnWriteArrayList<>();
    private final Map<String, DeviceContext> contexts = new ConcurrentHashMap<>();

    /** Records each command; a shutter refuses to open by itself (the device's own refusal). */
    private final DeviceAdapter adapter = new DeviceAdapter() {
        @Override
        public DeviceHandler open(dev.yakata.api.device.DeviceDefinition device, DeviceContext context) {
            contexts.put(device.id(), context);
            context.updateStatus(DeviceStatus.online());
            return new DeviceHandler() {
                @Override
                public CompletableFuture<CommandOutcome> execute(Command command) {
                    executed.add(command);
                    if ("open".equals(command.action())) {
                        return CompletableFuture.completedFuture(CommandOutcome.rejected(command, "the motor is locked out"));
                    }
                    if (command.pointId() != null) {
                        context.publishValue(command.pointId(), PointValue.good(command.arguments().get(Command.VALUE)));
                    }
                    return CompletableFuture.completedFuture(CommandOutcome.completed(command));
                }

                @Override
                public void close() {
                }
            };
        }
    };

    @Before
    public void setUp() throws Exception {
        lifecycle.adapterAdded("rec", adapter);
        lifecycle.configUpdated("pid-s", shutter());
        await("shutter.p ONLINE", () -> lifecycle.device("shutter.p")
                .map(d -> d.status().state() == DeviceState.ONLINE).orElse(false));
        contexts.get("shutter.p").publishValue("obstruction", PointValue.good(false));
        await("obstruction known", () -> lifecycle.values("shutter.p").containsKey("obstruction"));
    }

    @After
    public void tearDown() throws Exception {
        lifecycle.close();
    }

    private static Map<String, Object> shutter() {
        Map<String, Object> config = new HashMap<>();
        config.put("felix.fileinstall.filename", "file:/opt/yakata/etc/dev.yakata.device-shutter.p.cfg");
        config.put("device.id", "shutter.p");
        config.put("device.type", "shutter");
        config.put("adapter", "rec");
        config.put("zone", "L1");
        config.put("point.obstruction.kind", "binary");
        config.put("point.closed.kind", "binary");
        config.put("point.motor.kind", "binary");
        config.put("point.motor.writable", "true");
        config.put("action.close", "motor=true");
        config.put("action.close.refuseWhen", "obstruction=true");
        return config;
    }

    private void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(10);
        }
    }

    private static Command close(Issuer issuer) {
        return Command.action("shutter.p", "close", Map.of(), issuer, "test");
    }

    @Test
    public void anAllowedCommandOnAnOnlineDeviceIsAcceptedWithTheRuleAndNothingIsDispatchedOrPublished() {
        int events = bus.events.size();
        CommandCheck check = lifecycle.check(close(OPERATOR));
        assertTrue(check.toString(), check.accepted());
        assertTrue(check.rule(), check.rule().startsWith("yakata.policy:1"));
        assertTrue("nothing reached the adapter", executed.isEmpty());
        assertEquals("no event for a check", events, bus.events.size());
    }

    @Test
    public void theCheckRefusesAsSubmitWouldForPolicyStateArgumentsAndInterlock() throws Exception {
        CommandCheck policy = lifecycle.check(close(VIEWER));
        assertEquals(CommandCheck.POLICY, policy.refusedBy());
        assertTrue(policy.reason(), policy.reason().contains("refused by policy"));

        CommandCheck unknown = lifecycle.check(Command.action("shutter.nope", "close", Map.of(), OPERATOR, ""));
        assertEquals(CommandCheck.STATE, unknown.refusedBy());

        CommandCheck badPoint = lifecycle.check(Command.write("shutter.p", "closed", true, OPERATOR, ""));
        assertEquals(CommandCheck.CHECK, badPoint.refusedBy());
        assertTrue(badPoint.reason(), badPoint.reason().contains("read-only"));

        contexts.get("shutter.p").publishValue("obstruction", PointValue.good(true));
        await("obstruction sensed", () -> Boolean.TRUE.equals(lifecycle.values("shutter.p").get("obstruction").value()));
        CommandCheck interlock = lifecycle.check(close(OPERATOR));
        assertEquals(CommandCheck.INTERLOCK, interlock.refusedBy());
        assertTrue(interlock.reason(), interlock.reason().contains("obstruction=true"));

        CommandOutcome submitted = lifecycle.submit(close(OPERATOR)).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals(OutcomeStatus.REJECTED, submitted.status());
        assertEquals("submit names the same check", CommandCheck.INTERLOCK, submitted.data().get(CommandCheck.REFUSED_BY));
        assertEquals(interlock.reason(), submitted.reason());
        assertTrue("an interlock writes nothing", executed.isEmpty());
    }

    @Test
    public void aDeviceThatIsNotOnlineIsRefusedByStateInTheCheckAndInSubmit() throws Exception {
        contexts.get("shutter.p").updateStatus(DeviceStatus.fault(StatusDetail.HARDWARE_FAULT, "motor tripped"));
        await("shutter.p FAULT", () -> lifecycle.device("shutter.p").get().status().state() == DeviceState.FAULT);
        CommandCheck check = lifecycle.check(close(OPERATOR));
        assertFalse(check.accepted());
        assertEquals(CommandCheck.STATE, check.refusedBy());
        assertTrue(check.reason(), check.reason().contains("motor tripped"));
        CommandOutcome submitted = lifecycle.submit(close(OPERATOR)).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals(CommandCheck.STATE, submitted.data().get(CommandCheck.REFUSED_BY));
    }

    @Test
    public void aRefusalByTheAdapterItselfIsMarkedAsTheDevicesAndThePolicyRefusalAsThePolicys() throws Exception {
        CommandOutcome byDevice = lifecycle.submit(Command.action("shutter.p", "open", Map.of(), OPERATOR, ""))
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals(OutcomeStatus.REJECTED, byDevice.status());
        assertEquals(CommandCheck.DEVICE, byDevice.data().get(CommandCheck.REFUSED_BY));
        CommandOutcome byPolicy = lifecycle.submit(close(VIEWER)).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals(CommandCheck.POLICY, byPolicy.data().get(CommandCheck.REFUSED_BY));
    }
}
