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
import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventTypes;
import dev.yakata.bus.testing.RecordingBus;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.After;
import org.junit.Test;

/** The one authority over commands, the profile checks before a command reaches an adapter, and the action language. */
public class CommandAuthorityTest {

    private static final Issuer OPERATOR = Issuer.of("sato", Issuer.Channel.SHELL, "yakata-operator");
    private static final Issuer VIEWER = Issuer.of("suzuki", Issuer.Channel.MQTT, "yakata-viewer");
    private static final Issuer NOBODY = Issuer.of("guest", Issuer.Channel.OPCUA);

    private final RecordingBus bus = new RecordingBus();
    private final PseudonymKey key = PseudonymKey.random();
    private final DeviceLifecycle lifecycle = new DeviceLifecycle(bus, new CoreSettings(300, 300, 2_000, 2_000, 1),
            PolicyRules.parse("""
                    allow yakata-operator door.unlock, door.lock, shutter.*
                    deny yakata-operator door.unlock in L3
                    """, "yakata.policy").asPolicy(), key);
    private final RecordingAdapter adapter = new RecordingAdapter();

    @After
    public void tearDown() throws Exception {
        lifecycle.close();
    }

    /** Records every command it gets; a write sets the point's value, as a device would report it back. */
    private static final class RecordingAdapter implements DeviceAdapter {
        final List<Command> executed = new CopyOnWriteArrayList<>();
        final Map<String, DeviceContext> contexts = new ConcurrentHashMap<>();

        @Override
        public DeviceHandler open(dev.yakata.api.device.DeviceDefinition device, DeviceContext context) {
            contexts.put(device.id(), context);
            context.updateStatus(DeviceStatus.online());
            return new DeviceHandler() {
                @Override
                public CompletableFuture<CommandOutcome> execute(Command command) {
                    executed.add(command);
                    if (command.pointId() != null && command.arguments().get(Command.VALUE) != null) {
                        context.publishValue(command.pointId(), PointValue.good(command.arguments().get(Command.VALUE)));
                    }
                    return CompletableFuture.completedFuture(CommandOutcome.completed(command));
                }

                @Override
                public void close() {
                }

            };
        }

        @Override
        public Set<String> secretSettings() {
            return Set.of("vendor.pin");
        }
    }

    private static Map<String, Object> door(String id, String zone) {
        Map<String, Object> config = new HashMap<>();
        config.put("felix.fileinstall.filename", "file:/opt/yakata/etc/dev.yakata.device-" + id + ".cfg");
        config.put("device.id", id);
        config.put("device.type", "door");
        config.put("adapter", "rec");
        config.put("zone", zone);
        config.put("point.locked.kind", "binary");
        config.put("point.contact.kind", "binary");
        config.put("vendor.password", "s3cret");
        config.put("vendor.pin", "4711");
        config.put("vendor.host", "10.0.0.5");
        return config;
    }

    private static Map<String, Object> pointDrivenShutter() {
        Map<String, Object> config = new HashMap<>();
        config.put("felix.fileinstall.filename", "file:/opt/yakata/etc/dev.yakata.device-shutter.p.cfg");
        config.put("device.id", "shutter.p");
        config.put("device.type", "shutter");
        config.put("adapter", "rec");
        config.put("zone", "L1");
        config.put("point.state.kind", "text");
        config.put("point.obstruction.kind", "binary");
        config.put("point.closed.kind", "binary");
        config.put("point.motor.kind", "binary");
        config.put("point.motor.writable", "true");
        config.put("point.lamp.kind", "binary");
        config.put("point.lamp.writable", "true");
        config.put("action.close", "motor=true");
        config.put("action.close.refuseWhen", "obstruction=true");
        config.put("action.close.confirm", "closed=true");
        config.put("action.close.confirmSeconds", "0.5");
        config.put("action.open", "lamp=true");
        config.put("action.open.then", "lamp=false");
        config.put("action.open.thenAfter", "0.3");
        return config;
    }

    private void start(String pid, Map<String, Object> config, String id) throws InterruptedException {
        lifecycle.configUpdated(pid, config);
        await(id + " ONLINE", () -> lifecycle.device(id).map(d -> d.status().state() == DeviceState.ONLINE).orElse(false));
        // the registry shows the status just before its event is published: a test counting events waits for it
        await(id + " ONLINE on the bus", () -> bus.events.stream().anyMatch(e -> e.type().equals(EventTypes.DEVICE_STATUS)
                && e.source().equals(id) && "ONLINE".equals(e.data().get("state"))));
    }

    private CommandOutcome run(Command command) throws Exception {
        return lifecycle.submit(command).toCompletableFuture().get(5, TimeUnit.SECONDS);
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

    private List<Event> events(String type) {
        return bus.events.stream().filter(e -> e.type().equals(type)).toList();
    }

    @Test
    public void theSameUnlockSecondsReachesTheAdapterCheckedAndTyped() throws Exception {
        lifecycle.adapterAdded("rec", adapter);
        start("p1", door("door.1f.a", "L1"), "door.1f.a");

        assertEquals(OutcomeStatus.COMPLETED, run(Command.action("door.1f.a", "unlock", Map.of("seconds", "3"), OPERATOR, "visitor")).status());
        assertEquals(OutcomeStatus.COMPLETED, run(Command.action("door.1f.a", "unlock", Map.of(), OPERATOR, "")).status());
        assertEquals(List.of(Map.of("seconds", 3L), Map.of("seconds", 5L)),
                adapter.executed.stream().map(Command::arguments).toList());
    }

    @Test
    public void aMissingMistypedOrOutOfRangeArgumentIsRejectedAndNeverReachesTheAdapter() throws Exception {
        lifecycle.adapterAdded("rec", adapter);
        start("p1", door("door.1f.a", "L1"), "door.1f.a");

        CommandOutcome mistyped = run(Command.action("door.1f.a", "unlock", Map.of("seconds", "three"), OPERATOR, ""));
        assertEquals(OutcomeStatus.REJECTED, mistyped.status());
        assertTrue(mistyped.reason(), mistyped.reason().contains("seconds=three is not a whole number"));
        CommandOutcome tooLong = run(Command.action("door.1f.a", "unlock", Map.of("seconds", 900), OPERATOR, ""));
        assertTrue(tooLong.reason(), tooLong.reason().contains("seconds=900 is out of range"));
        CommandOutcome unknown = run(Command.action("door.1f.a", "unlock", Map.of("sekonds", 3), OPERATOR, ""));
        assertTrue(unknown.reason(), unknown.reason().contains("has no argument 'sekonds'"));
        assertTrue("nothing reached the adapter: " + adapter.executed, adapter.executed.isEmpty());
    }

    @Test
    public void thePolicyDecidesByRoleActionAndZoneAndARefusalNamesWhoWhatAndWhy() throws Exception {
        lifecycle.adapterAdded("rec", adapter);
        start("p1", door("door.1f.a", "L1"), "door.1f.a");
        start("p2", door("door.2f.server-room", "L3"), "door.2f.server-room");

        assertEquals(OutcomeStatus.COMPLETED, run(Command.action("door.1f.a", "unlock", Map.of(), OPERATOR, "")).status());

        CommandOutcome denied = run(Command.action("door.2f.server-room", "unlock", Map.of(), OPERATOR, ""));
        assertEquals(OutcomeStatus.REJECTED, denied.status());
        assertEquals("refused by policy: 'sato' (yakata-operator) via SHELL may not run door.unlock on door.2f.server-room"
                + " (zone L3): denied by yakata.policy:2  deny yakata-operator door.unlock in L3", denied.reason());
        assertEquals(OutcomeStatus.COMPLETED, run(Command.action("door.2f.server-room", "lock", Map.of(), OPERATOR, "")).status());

        CommandOutcome viewer = run(Command.action("door.1f.a", "lock", Map.of(), VIEWER, ""));
        assertEquals("refused by policy: 'suzuki' (yakata-viewer) via MQTT may not run door.lock on door.1f.a (zone L1):"
                + " no rule of yakata.policy allows it", viewer.reason());
        CommandOutcome roleless = run(Command.write("door.1f.a", "locked", true, NOBODY, ""));
        assertTrue(roleless.reason(), roleless.reason().startsWith("refused by policy: 'guest' (no role) via OPCUA may not run door.write"));

        assertEquals("only the two allowed commands reached the adapter", 2, adapter.executed.size());
        List<Event> refused = events(EventTypes.POLICY_REFUSED);
        assertEquals(3, refused.size());
        assertEquals("sato", refused.get(0).actor());
        assertEquals("yakata.policy:2  deny yakata-operator door.unlock in L3", refused.get(0).data().get("rule"));
        assertEquals(List.of("yakata-operator"), refused.get(0).data().get("roles"));
        assertEquals("SHELL", refused.get(0).data().get("channel"));
        assertEquals(2, events(EventTypes.POLICY_ALLOWED).size());
    }

    @Test
    public void anActionOfTheActionLanguageRunsAsPointWritesWithItsInterlockAndConfirmation() throws Exception {
        lifecycle.adapterAdded("rec", adapter);
        start("p1", pointDrivenShutter(), "shutter.p");
        DeviceContext context = adapter.contexts.get("shutter.p");
        context.publishValue("obstruction", PointValue.good(true));
        await("obstruction seen", () -> Boolean.TRUE.equals(lifecycle.values("shutter.p").get("obstruction").value()));

        CommandOutcome interlocked = run(Command.action("shutter.p", "close", Map.of(), OPERATOR, ""));
        assertEquals(OutcomeStatus.REJECTED, interlocked.status());
        assertTrue(interlocked.reason(), interlocked.reason().contains("refused while obstruction=true (action.close.refuseWhen)"));
        assertTrue(adapter.executed.isEmpty());

        context.publishValue("obstruction", PointValue.good(false));
        CommandOutcome unconfirmed = run(Command.action("shutter.p", "close", Map.of(), OPERATOR, ""));
        assertEquals(OutcomeStatus.FAILED, unconfirmed.status());
        assertTrue(unconfirmed.reason(), unconfirmed.reason().contains("did not report closed=true within 0.5 s"));
        Command write = adapter.executed.get(0);
        assertEquals("motor", write.pointId());
        assertEquals(true, write.arguments().get(Command.VALUE));
        assertEquals("the write carries the action's issuer", OPERATOR, write.issuer());

        CompletableFuture<CommandOutcome> confirmed = lifecycle.submit(Command.action("shutter.p", "close", Map.of(), OPERATOR, ""))
                .toCompletableFuture();
        Thread.sleep(100);
        context.publishValue("closed", PointValue.good(true));
        assertEquals(OutcomeStatus.COMPLETED, confirmed.get(5, TimeUnit.SECONDS).status());
    }

    @Test
    public void aTimedPulseWritesItsSecondHalfAfterThePause() throws Exception {
        lifecycle.adapterAdded("rec", adapter);
        start("p1", pointDrivenShutter(), "shutter.p");
        long started = System.nanoTime();
        assertEquals(OutcomeStatus.COMPLETED, run(Command.action("shutter.p", "open", Map.of(), OPERATOR, "")).status());
        await("lamp off again", () -> Boolean.FALSE.equals(lifecycle.values("shutter.p").get("lamp").value()));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertTrue("the pause was " + millis + " ms", millis >= 300);
        assertEquals(List.of(true, false), adapter.executed.stream().map(c -> c.arguments().get(Command.VALUE)).toList());
    }

    @Test
    public void aCardNumberNeverLeavesTheCoreOnlyItsPseudonym() throws Exception {
        lifecycle.adapterAdded("rec", adapter);
        start("p1", door("door.1f.a", "L1"), "door.1f.a");
        DeviceContext context = adapter.contexts.get("door.1f.a");
        context.event(EventTypes.CARD_SWIPED).put("reader", "entry").put("direction", "entry").put("card", "0123456789")
                .deviceTime(java.time.Instant.parse("2026-12-01T08:59:00Z")).publish();
        context.event(EventTypes.CARD_SWIPED).put("reader", "entry").put("direction", "entry").put("card", " 0123456789 ").publish();
        await("two swipes", () -> events(EventTypes.CARD_SWIPED).size() == 2);

        Event first = events(EventTypes.CARD_SWIPED).get(0);
        String pseudonym = (String) first.data().get("card");
        assertTrue(pseudonym, pseudonym.matches("card:[0-9a-f]{24}"));
        assertEquals(key.ofCard("0123456789"), pseudonym);
        assertEquals("the same card, the same pseudonym", pseudonym, events(EventTypes.CARD_SWIPED).get(1).data().get("card"));
        assertEquals(pseudonym, first.actor());
        assertEquals(java.time.Instant.parse("2026-12-01T08:59:00Z"), first.deviceTime());
        assertFalse("no event carries the number", bus.events.toString().contains("0123456789"));
        assertFalse(key.ofCard("0123456789").equals(PseudonymKey.random().ofCard("0123456789")));
    }

    @Test
    public void aPersonsPseudonymIsStableAndNeverTheSameAsACardsOfTheSameText() {
        String person = key.ofPerson("P0107");
        assertTrue(person, person.matches("person:[0-9a-f]{24}"));
        assertEquals(person, key.ofPerson(" P0107 "));
        assertFalse(person.substring("person:".length()).equals(key.ofCard("P0107").substring("card:".length())));
        assertFalse(person.equals(PseudonymKey.random().ofPerson("P0107")));
    }

    @Test
    public void secretSettingsAreMaskedInTheRegistryButReachTheAdapter() throws Exception {
        lifecycle.adapterAdded("rec", adapter);
        start("p1", door("door.1f.a", "L1"), "door.1f.a");
        Map<String, String> shown = lifecycle.device("door.1f.a").orElseThrow().definition().properties();
        assertEquals("******", shown.get("vendor.password"));
        assertEquals("declared by the adapter", "******", shown.get("vendor.pin"));
        assertEquals("10.0.0.5", shown.get("vendor.host"));
        assertEquals("s3cret", adapter.contexts.get("door.1f.a").device().properties().get("vendor.password"));
    }

    @Test
    public void aDuplicateDeviceIdIsRefusedAloneAndTheOwnersStatusNeverChanges() throws Exception {
        lifecycle.adapterAdded("rec", adapter);
        start("p1", door("door.1f.a", "L1"), "door.1f.a");
        long ownerEvents = bus.count(EventTypes.DEVICE_STATUS, "door.1f.a");

        Map<String, Object> copy = door("door.1f.a", "L1");
        copy.put("felix.fileinstall.filename", "file:/opt/yakata/etc/dev.yakata.device-door.copy.cfg");
        lifecycle.configUpdated("p2", copy);
        await("the copy is refused", () -> lifecycle.devices().size() == 2
                && lifecycle.devices().stream().anyMatch(d -> d.status().state() == DeviceState.FAULT));
        lifecycle.configDeleted("p2");
        await("the copy is gone", () -> lifecycle.devices().size() == 1);
        lifecycle.awaitIdle();

        assertEquals("no status event about the owner", ownerEvents, bus.count(EventTypes.DEVICE_STATUS, "door.1f.a"));
        assertEquals(DeviceState.ONLINE, lifecycle.device("door.1f.a").orElseThrow().status().state());
        assertTrue(bus.count(EventTypes.DEVICE_STATUS, "dev.yakata.device-door.copy.cfg") >= 1);
    }

    @Test
    public void aHubThatStopsMidPulseWritesThePulsesSecondHalfFirst() throws Exception {
        lifecycle.adapterAdded("rec", adapter);
        Map<String, Object> config = pointDrivenShutter();
        config.put("action.open.thenAfter", "600");
        start("p1", config, "shutter.p");
        assertEquals(OutcomeStatus.COMPLETED, run(Command.action("shutter.p", "open", Map.of(), OPERATOR, "")).status());
        lifecycle.close();
        assertEquals("the lamp was switched back before the device closed",
                List.of(true, false), adapter.executed.stream().map(c -> c.arguments().get(Command.VALUE)).toList());
    }

    @Test
    public void anInterlockRefusesACommandAfterThePolicyAndNamesItselfInTheOutcomeAndTheEvent() throws Exception {
        lifecycle.adapterAdded("rec", adapter);
        start("p1", pointDrivenShutter(), "shutter.p");
        start("p2", door("door.1f.a", "L1"), "door.1f.a");
        List<String> asked = new CopyOnWriteArrayList<>();
        dev.yakata.core.api.CommandInterlock obstruction = (command, device, values) -> {
            asked.add(command.deviceId() + " " + command.action());
            PointValue sensed = values.get("obstruction");
            return "close".equals(command.action()) && sensed != null && Boolean.TRUE.equals(sensed.value())
                    ? java.util.Optional.of(new dev.yakata.core.api.InterlockRefusal("shutter-supervision", "obstructed",
                            "obstruction sensed under " + device.id()))
                    : java.util.Optional.empty();
        };
        lifecycle.interlockAdded(obstruction);
        adapter.contexts.get("shutter.p").publishValue("obstruction", PointValue.good(true));
        await("obstruction seen", () -> Boolean.TRUE.equals(lifecycle.values("shutter.p").get("obstruction").value()));

        CommandOutcome refused = run(Command.action("shutter.p", "close", Map.of(), OPERATOR, "closing time"));
        assertEquals(OutcomeStatus.REJECTED, refused.status());
        assertEquals("refused by interlock shutter-supervision: obstructed (obstruction sensed under shutter.p)", refused.reason());
        assertEquals("shutter-supervision", refused.data().get("interlock"));
        assertEquals("obstructed", refused.data().get("code"));
        assertTrue("nothing reached the adapter: " + adapter.executed, adapter.executed.isEmpty());
        assertTrue("no command.issued for a refused command", events(EventTypes.COMMAND_ISSUED).isEmpty());
        Event rejected = events(EventTypes.COMMAND_REJECTED).get(0);
        assertEquals("obstructed", rejected.data().get("code"));
        assertEquals("shutter-supervision", rejected.data().get("interlock"));
        assertEquals("the policy decided first", 1, events(EventTypes.POLICY_ALLOWED).size());

        CommandOutcome viewer = run(Command.action("shutter.p", "close", Map.of(), VIEWER, ""));
        assertTrue("a command the policy refuses never reaches the interlock", viewer.reason().startsWith("refused by policy"));
        assertEquals(List.of("shutter.p close"), asked);

        assertEquals(OutcomeStatus.COMPLETED, run(Command.action("door.1f.a", "lock", Map.of(), OPERATOR, "")).status());
        lifecycle.interlockRemoved(obstruction);
        adapter.contexts.get("shutter.p").publishValue("obstruction", PointValue.good(false));
        assertEquals(List.of("shutter.p close", "door.1f.a lock"), asked);
    }

    @Test
    public void anInterlockThatThrowsRefusesTheCommandInsteadOfLettingItThrough() throws Exception {
        lifecycle.adapterAdded("rec", adapter);
        start("p1", door("door.1f.a", "L1"), "door.1f.a");
        lifecycle.interlockAdded((command, device, values) -> {
            throw new IllegalStateException("broken rule");
        });
        CommandOutcome outcome = run(Command.action("door.1f.a", "lock", Map.of(), OPERATOR, ""));
        assertEquals(OutcomeStatus.REJECTED, outcome.status());
        assertTrue(outcome.reason(), outcome.reason().contains("interlock-failed") && outcome.reason().contains("broken rule"));
        assertTrue(adapter.executed.isEmpty());
    }
}
