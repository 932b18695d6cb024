package dev.yakata.shutters.internal;

import static org.junit.Assert.assertEquals;

import dev.yakata.adapter.simulator.SimulatorAdapter;
import dev.yakata.api.command.Command;
import dev.yakata.api.command.CommandOutcome;
import dev.yakata.api.command.Issuer;
import dev.yakata.api.device.DeviceState;
import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventTypes;
import dev.yakata.core.api.DeviceRegistry;
import dev.yakata.core.internal.RealCore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * A small building for the shutter tests: the core's real lifecycle and the shipped policy file, the real simulator
 * adapter driving the shutters, and the shutter runtime whole (its file, supervisor, schedule and device).
 */
final class Building implements AutoCloseable {

    static final Issuer OPERATOR = Issuer.of("sato", Issuer.Channel.SHELL, "yakata-operator");
    static final Issuer VIEWER = Issuer.of("suzuki", Issuer.Channel.SHELL, "yakata-viewer");
    static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

    final ListeningBus bus = new ListeningBus();
    final SimulatorAdapter simulator = new SimulatorAdapter();
    final RealCore core;
    final ShuttersRuntime runtime;
    final Path file;

    Building(Path folder, String shuttersCfg, Clock clock) throws Exception {
        String policy = Files.readString(Path.of("..", "..", "config", "etc", "yakata.policy"));
        core = new RealCore(bus, policy, Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(10), 100_000);
        file = folder.resolve("shutters.cfg");
        if (shuttersCfg != null) {
            Files.writeString(file, shuttersCfg, StandardCharsets.UTF_8);
        }
        runtime = new ShuttersRuntime(new ShuttersRuntime.Settings(file, folder.resolve("state"), TOKYO, 100, 20), bus,
                core.registry(), clock);
        bus.subscribe(runtime.supervisor(), EventTypes.POINT_CHANGED, "command.*", EventTypes.DEVICE_STATUS);
        core.interlock(runtime.supervisor());
        core.adapter("simulator", simulator);
        core.adapter("shutters", runtime.adapter());
        deviceFile("shutters", Map.of("device.id", "shutters", "device.type", "shutter-control", "adapter", "shutters"));
        runtime.start();
        awaitOnline("shutters");
    }

    /** A device file's keys, as Felix FileInstall delivers {@code etc/dev.yakata.device-<name>.cfg}. */
    private void deviceFile(String name, Map<String, Object> keys) {
        Map<String, Object> config = new HashMap<>(keys);
        config.put("felix.fileinstall.filename", "file:/opt/yakata/etc/dev.yakata.device-" + name + ".cfg");
        core.device("pid-" + name, config);
    }

    DeviceRegistry registry() {
        return core.registry();
    }

    /** A simulated shutter: travels in {@code simSeconds}, supervised with a travel time of {@code travelSeconds}. */
    void shutter(String id, String zone, double simSeconds, int travelSeconds, String... more) throws Exception {
        Map<String, Object> keys = new HashMap<>();
        keys.put("device.id", id);
        keys.put("device.type", "shutter");
        keys.put("adapter", "simulator");
        keys.put("zone", zone);
        keys.put("sim.model", "shutter");
        keys.put("sim.tickMillis", "20");
        keys.put("sim.travelSeconds", Double.toString(simSeconds));
        keys.put("shutter.travelSeconds", Integer.toString(travelSeconds));
        keys.put("point.position.kind", "analog");
        keys.put("point.state.kind", "text");
        keys.put("point.obstruction.kind", "binary");
        keys.put("point.closed.kind", "binary");
        for (int i = 0; i + 1 < more.length; i += 2) {
            keys.put(more[i], more[i + 1]);
        }
        deviceFile(id, keys);
        String sim = Double.toString(simSeconds);
        await(id + " ONLINE with this file", () -> registry().device(id).map(d -> d.status().state() == DeviceState.ONLINE
                && d.definition() != null && sim.equals(d.definition().properties().get("sim.travelSeconds"))).orElse(false));
        await(id + " supervised with a travel time of " + travelSeconds + " s and OPEN", () -> state(id).equals("OPEN")
                && runtime.supervisor().shutterRows().stream().anyMatch(row -> id.equals(row.get("shutter"))
                        && (travelSeconds + " s").equals(row.get("travel"))));
    }

    void awaitOnline(String id) throws InterruptedException {
        await(id + " ONLINE", () -> registry().device(id).map(d -> d.status().state() == DeviceState.ONLINE).orElse(false));
    }

    CommandOutcome run(Command command) throws Exception {
        return registry().submit(command).toCompletableFuture().get(15, TimeUnit.SECONDS);
    }

    CommandOutcome run(String device, String action, Object... arguments) throws Exception {
        return run(command(OPERATOR, device, action, arguments));
    }

    static Command command(Issuer issuer, String device, String action, Object... arguments) {
        Command.Builder command = Command.builder(device, action).issuer(issuer).reason("test");
        for (int i = 0; i + 1 < arguments.length; i += 2) {
            command.argument((String) arguments[i], arguments[i + 1]);
        }
        return command.build();
    }

    /** The hub's state of a shutter, as its last {@code shutter.state} said. */
    String state(String id) {
        List<Event> states = events(EventTypes.SHUTTER_STATE, e -> e.source().equals(id));
        return states.isEmpty() ? "" : String.valueOf(states.get(states.size() - 1).data().get("state"));
    }

    Event awaitState(String id, String state) throws InterruptedException {
        await(id + " " + state + " (it is " + state(id) + ")", () -> state(id).equals(state));
        List<Event> states = events(EventTypes.SHUTTER_STATE, e -> e.source().equals(id));
        return states.get(states.size() - 1);
    }

    List<String> states(String id) {
        return events(EventTypes.SHUTTER_STATE, e -> e.source().equals(id)).stream()
                .map(e -> String.valueOf(e.data().get("state"))).toList();
    }

    List<Event> events(String type, Predicate<Event> which) {
        return bus.events.stream().filter(e -> e.type().equals(type) && which.test(e)).toList();
    }

    Event awaitEvent(String type, Predicate<Event> which) throws InterruptedException {
        await("a " + type, () -> !events(type, which).isEmpty());
        return events(type, which).get(0);
    }

    Object value(String device, String point) {
        var value = registry().values(device).get(point);
        return value == null ? null : value.value();
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(5);
        }
    }

    static void assertStatus(CommandOutcome outcome, String status) {
        assertEquals(outcome.toString(), status, outcome.status().name());
    }

    @Override
    public void close() throws Exception {
        runtime.close();
        core.close();
        bus.close();
    }
}
