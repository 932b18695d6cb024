package dev.yakata.postures.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import dev.yakata.adapter.simulator.SimulatorAdapter;
import dev.yakata.api.command.Command;
import dev.yakata.api.command.CommandOutcome;
import dev.yakata.api.command.Issuer;
import dev.yakata.api.command.OutcomeStatus;
import dev.yakata.api.device.DeviceState;
import dev.yakata.api.device.PointValue;
import dev.yakata.api.event.Event;
import dev.yakata.bus.testing.RecordingBus;
import dev.yakata.core.api.DeviceRegistry;
import dev.yakata.core.internal.RealCore;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Postures over the core's real registry, policy and action language, with the simulator's shutters, doors and CRAC
 * unit from the demo building's own files (sped up), and the shipped command policy.
 */
public class PostureRunTest {

    private static final Path ETC = Path.of("..", "..", "config", "etc");
    private static final Issuer MANAGER = Issuer.of("tanaka", Issuer.Channel.SHELL, "yakata-manager");
    private static final Issuer OPERATOR = Issuer.of("sato", Issuer.Channel.SHELL, "yakata-operator");
    private static final Issuer VIEWER = Issuer.of("suzuki", Issuer.Channel.SHELL, "yakata-viewer");

    private static final String POSTURES = """
            posture closing-time title "閉庁時" title-en "Closing time"
            step profile shutter zone L1 device shutter.1f.counter-* do close
            step profile door zone L2 do lock
            step device hvac.2f.server-room write setpoint 24

            posture interlocked title "インターロック" title-en "Interlocked"
            step device shutter.1f.test do close
            step device door.2f.meeting-rooms do lock
            """;

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private final RecordingBus bus = new RecordingBus();
    private RealCore core;
    private DeviceRegistry registry;
    private PosturesRuntime runtime;
    private Path file;
    private final PointsAdapter points = new PointsAdapter();

    @Before
    public void setUp() throws Exception {
        core = new RealCore(bus, Files.readString(ETC.resolve("yakata.policy")), 5_000);
        registry = core.registry();
        file = folder.getRoot().toPath().resolve("postures.cfg");
        Files.writeString(file, POSTURES);
        runtime = new PosturesRuntime(new PosturesSettings(file, 100, Duration.ofSeconds(60), Duration.ofSeconds(10)),
                bus, registry, core.profiles(), Clock.systemUTC(), Duration.ZERO);
        core.adapter("simulator", new SimulatorAdapter());
        core.adapter("postures", runtime.adapter());
        core.adapter("points", points);
        for (String name : List.of("shutter.1f.counter-1", "shutter.1f.counter-2", "shutter.1f.counter-3",
                "shutter.1f.counter-4", "door.1f.back-office", "door.2f.meeting-rooms", "door.3f.back-office",
                "door.2f.server-room", "hvac.2f.server-room", "postures")) {
            core.device(name, demoFile(name));
        }
        core.device("shutter.1f.test", interlockedShutter());
        for (String id : List.of("shutter.1f.counter-4", "door.3f.back-office", "hvac.2f.server-room", "postures",
                "shutter.1f.test")) {
            await(id + " ONLINE", () -> registry.device(id).map(d -> d.status().state() == DeviceState.ONLINE).orElse(false));
        }
        points.contexts.get("shutter.1f.test").publishValue("obstruction", PointValue.good(false));
        runtime.file().poll();
        assertEquals("", runtime.file().state().error());
    }

    @After
    public void tearDown() throws Exception {
        runtime.close();
        core.close();
    }

    /** A demo device file as FileInstall gives it to the core, its simulation sped up for a test. */
    private static Map<String, Object> demoFile(String name) throws IOException {
        Path path = ETC.resolve("dev.yakata.device-" + name + ".cfg");
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.ISO_8859_1)) {
            properties.load(reader);
        }
        Map<String, Object> config = new HashMap<>();
        properties.stringPropertyNames().forEach(k -> config.put(k, properties.getProperty(k)));
        config.put("felix.fileinstall.filename", path.toAbsolutePath().toUri().toString());
        if (config.containsKey("sim.tickMillis")) {
            config.put("sim.tickMillis", "20");
        }
        if (config.containsKey("sim.travelSeconds")) {
            config.put("sim.travelSeconds", "0.2");
        }
        if (config.containsKey("sim.swipeEverySeconds")) {
            config.put("sim.swipeEverySeconds", "0");
        }
        return config;
    }

    /** A counter shutter whose close is the action language's, with the obstruction interlock. */
    private static Map<String, Object> interlockedShutter() {
        Map<String, Object> config = new HashMap<>();
        config.put("felix.fileinstall.filename", "file:/opt/yakata/etc/dev.yakata.device-shutter.1f.test.cfg");
        config.put("device.type", "shutter");
        config.put("adapter", "points");
        config.put("zone", "L1");
        config.put("floor", "1F");
        config.put("point.obstruction.kind", "binary");
        config.put("point.closed.kind", "binary");
        config.put("point.motor.kind", "binary");
        config.put("point.motor.writable", "true");
        config.put("action.close", "motor=true");
        config.put("action.close.refuseWhen", "obstruction=true");
        return config;
    }

    private void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what + "; devices: " + registry.devices());
            }
            Thread.sleep(10);
        }
    }

    private CommandOutcome postures(Issuer issuer, String action, Object... keysAndValues) throws Exception {
        Command.Builder command = Command.builder("postures", action).issuer(issuer).reason("test");
        for (int i = 0; i < keysAndValues.length; i += 2) {
            command.argument((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return registry.submit(command.build()).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> commands(CommandOutcome outcome) {
        return (List<Map<String, Object>>) outcome.data().get("commands");
    }

    private static Map<String, Object> row(CommandOutcome outcome, String device) {
        return commands(outcome).stream().filter(r -> r.get("device").equals(device)).findFirst().orElseThrow();
    }

    /** Runs and waits for the summary; returns the posture.finished event. */
    private Event runToTheEnd(Issuer issuer, String posture, String token) throws Exception {
        CommandOutcome run = postures(issuer, "run", "posture", posture, "token", token, "reason", "end of day");
        assertEquals(run.reason(), OutcomeStatus.COMPLETED, run.status());
        String id = (String) run.data().get("run");
        await("the run's summary", () -> !bus.of(PostureRuns.FINISHED, id).isEmpty());
        return bus.of(PostureRuns.FINISHED, id).get(0);
    }

    private Object value(String device, String point) {
        PointValue value = registry.values(device).get(point);
        return value == null ? null : value.value();
    }

    @Test
    public void aPreviewListsEveryDeviceAndActionAndWhatTheUsersPolicyRefusesWithoutRunningAnything() throws Exception {
        long issuedBefore = bus.events.stream().filter(e -> e.type().equals("command.issued")).count();
        CommandOutcome preview = postures(OPERATOR, "preview", "posture", "closing-time");
        assertEquals(preview.reason(), OutcomeStatus.COMPLETED, preview.status());
        assertEquals(8, commands(preview).size());
        assertEquals("would run", row(preview, "shutter.1f.counter-3").get("now"));
        assertEquals("close", row(preview, "shutter.1f.counter-3").get("action"));
        assertEquals("would run", row(preview, "door.2f.meeting-rooms").get("now"));
        Map<String, Object> hvac = row(preview, "hvac.2f.server-room");
        assertEquals("write setpoint=24", hvac.get("action"));
        assertEquals("refused: policy", hvac.get("now"));
        assertTrue((String) hvac.get("reason"), ((String) hvac.get("reason")).contains("'sato' (yakata-operator)"));
        assertEquals(1L, preview.data().get("wouldBeRefused"));
        assertFalse(((String) preview.data().get("token")).isEmpty());
        assertEquals("the preview itself is the only command issued", issuedBefore + 1,
                bus.events.stream().filter(e -> e.type().equals("command.issued")).count());
        assertEquals("OPEN", value("shutter.1f.counter-1", "state"));
    }

    @Test
    public void aPreviewSaysWhichDevicesAreNotOnlineAndAViewerSeesEveryStepRefusedByPolicy() throws Exception {
        // the same file, now naming an adapter nobody has: the door waits OFFLINE
        core.device("door.3f.back-office", Map.of("felix.fileinstall.filename", "file:/x/dev.yakata.device-door.3f.back-office.cfg",
                "device.type", "door", "adapter", "nobody", "zone", "L2", "point.locked.kind", "binary", "point.contact.kind", "binary"));
        await("the door waits for its adapter", () -> registry.device("door.3f.back-office")
                .map(d -> d.status().state() == DeviceState.OFFLINE && d.definition() != null).orElse(false));
        CommandOutcome preview = postures(MANAGER, "preview", "posture", "closing-time");
        Map<String, Object> door = row(preview, "door.3f.back-office");
        assertEquals("refused: state", door.get("now"));
        assertTrue((String) door.get("reason"), ((String) door.get("reason")).contains("commands need it ONLINE"));

        CommandOutcome viewer = postures(VIEWER, "preview", "posture", "closing-time");
        assertTrue(commands(viewer).stream().allMatch(r -> r.get("now").equals("refused: policy")));
    }

    @Test
    public void closingTimeRunByAManagerClosesEveryShutterLocksTheLevelTwoDoorsAndSetsTheSetpointBack() throws Exception {
        registry.submit(Command.action("door.2f.meeting-rooms", "unlock", Map.of("seconds", 60L), MANAGER, "meeting"))
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        await("the meeting-rooms door unlocked", () -> Boolean.FALSE.equals(value("door.2f.meeting-rooms", "locked")));
        CommandOutcome preview = postures(MANAGER, "preview", "posture", "closing-time");
        assertEquals(0L, preview.data().get("wouldBeRefused"));

        Event finished = runToTheEnd(MANAGER, "closing-time", (String) preview.data().get("token"));
        String run = finished.correlationId();
        assertEquals(finished.data().toString(), 8L, finished.data().get("done"));
        assertEquals("8 of 8 done", finished.data().get("message"));
        for (int i = 1; i <= 4; i++) {
            assertEquals("CLOSED", value("shutter.1f.counter-" + i, "state"));
            assertEquals(Boolean.TRUE, value("shutter.1f.counter-" + i, "closed"));
        }
        for (String door : List.of("door.1f.back-office", "door.2f.meeting-rooms", "door.3f.back-office")) {
            assertEquals(door, Boolean.TRUE, value(door, "locked"));
        }
        assertEquals(24.0, value("hvac.2f.server-room", "setpoint"));

        List<Event> steps = bus.of(PostureRuns.STEP, run);
        assertEquals(8, steps.size());
        assertTrue(steps.stream().allMatch(e -> e.data().get("status").equals("COMPLETED") && e.actor().equals("tanaka")));
        // every step was a command of the manager's, tied to the run, and the run itself a command of the postures device
        List<Event> issued = bus.events.stream().filter(e -> e.type().equals("command.issued")).toList();
        assertEquals(8, issued.stream().filter(e -> e.correlationId().equals(run) && !e.source().equals("postures")).count());
        assertTrue(issued.stream().allMatch(e -> e.data().get("user").equals("tanaka") || !e.correlationId().equals(run)));
        assertTrue(bus.events.stream().anyMatch(e -> e.type().equals("command.completed") && e.source().equals("postures")
                && e.subject().equals(run) && e.data().get("action").equals("run")));
        int lastShutter = bus.events.indexOf(steps.stream().filter(e -> e.subject().startsWith("shutter.")).reduce((a, b) -> b).get());
        int firstDoor = bus.events.indexOf(bus.events.stream().filter(e -> e.type().equals("command.issued")
                && e.source().startsWith("door.") && e.correlationId().equals(run)).findFirst().get());
        assertTrue("the doors' step starts after every shutter's command ended", firstDoor > lastShutter);
        CommandOutcome status = postures(MANAGER, "run-status", "run", run);
        assertEquals(Boolean.TRUE, status.data().get("finished"));
    }

    @Test
    public void aStepAnInterlockRefusesStaysRefusedIsNamedInTheSummaryAndTheOtherStepsStillRun() throws Exception {
        points.contexts.get("shutter.1f.test").publishValue("obstruction", PointValue.good(true));
        await("obstruction sensed", () -> Boolean.TRUE.equals(value("shutter.1f.test", "obstruction")));
        CommandOutcome preview = postures(MANAGER, "preview", "posture", "interlocked");
        Map<String, Object> shutter = row(preview, "shutter.1f.test");
        assertEquals("refused: interlock", shutter.get("now"));
        assertTrue((String) shutter.get("reason"), ((String) shutter.get("reason")).contains("obstruction=true"));

        Event finished = runToTheEnd(MANAGER, "interlocked", (String) preview.data().get("token"));
        assertEquals(1L, finished.data().get("done"));
        assertEquals(1L, finished.data().get("refusedByInterlock"));
        assertEquals("1 of 2 done, 1 refused by an interlock (not forced)", finished.data().get("message"));
        assertEquals(List.of("shutter.1f.test close: interlock: shutter.1f.test close is refused while obstruction=true "
                + "(action.close.refuseWhen)"), finished.data().get("interlocks"));
        assertTrue("nothing was written to the obstructed shutter", points.writes.isEmpty());
        assertEquals(Boolean.TRUE, value("door.2f.meeting-rooms", "locked"));
    }

    @Test
    public void aRunNeedsThePreviewsTokenOnceForTheSameUserAndPlan() throws Exception {
        CommandOutcome unknown = postures(MANAGER, "run", "posture", "closing-time", "token", "0123456789ab");
        assertEquals(OutcomeStatus.REJECTED, unknown.status());
        assertTrue(unknown.reason(), unknown.reason().contains("confirms no preview"));

        String token = (String) postures(MANAGER, "preview", "posture", "closing-time").data().get("token");
        CommandOutcome otherUser = postures(Issuer.of("kato", Issuer.Channel.SHELL, "yakata-manager"), "run",
                "posture", "closing-time", "token", token);
        assertEquals(OutcomeStatus.REJECTED, otherUser.status());
        assertTrue(otherUser.reason(), otherUser.reason().contains("was given to tanaka"));
        CommandOutcome again = postures(MANAGER, "run", "posture", "closing-time", "token", token);
        assertEquals("a token that was tried is spent", OutcomeStatus.REJECTED, again.status());
        assertEquals("OPEN", value("shutter.1f.counter-1", "state"));
    }

    @Test
    public void aTokenIsStaleWhenThePlanChangedSinceThePreviewAndNothingRuns() throws Exception {
        String token = (String) postures(MANAGER, "preview", "posture", "interlocked").data().get("token");
        points.contexts.get("shutter.1f.test").publishValue("obstruction", PointValue.good(true));
        await("obstruction sensed", () -> Boolean.TRUE.equals(value("shutter.1f.test", "obstruction")));
        long issued = bus.events.stream().filter(e -> e.type().equals("command.issued")).count();
        CommandOutcome run = postures(MANAGER, "run", "posture", "interlocked", "token", token);
        assertEquals(OutcomeStatus.REJECTED, run.status());
        assertTrue(run.reason(), run.reason().contains("changed since the preview (shutter.1f.test would now be refused "
                + "(interlock:"));
        assertEquals("only the refused run command itself", issued + 1,
                bus.events.stream().filter(e -> e.type().equals("command.issued")).count());

        Files.writeString(file, POSTURES.replace("setpoint 24", "setpoint 25"));
        runtime.file().poll();
        String edited = (String) postures(MANAGER, "preview", "posture", "closing-time").data().get("token");
        Files.writeString(file, POSTURES);
        runtime.file().poll();
        CommandOutcome afterEdit = postures(MANAGER, "run", "posture", "closing-time", "token", edited);
        assertTrue(afterEdit.reason(), afterEdit.reason().contains("was changed in the file"));
    }

    @Test
    public void aBrokenEditKeepsThePreviousPosturesAndSaysWhereAndWhy() throws Exception {
        Files.writeString(file, POSTURES + "posture more title \"a\" title-en \"b\"\nstep device shutter.1f.counter-9 do close\n");
        runtime.file().poll();
        PostureFileWatch.State state = runtime.file().state();
        assertTrue(state.error(), state.error().startsWith("postures.cfg:10: no device 'shutter.1f.counter-9'"));
        assertEquals(List.of("closing-time", "interlocked"), List.copyOf(state.postures().keySet()));
        Event failed = bus.events.stream().filter(e -> e.type().equals(PostureFileWatch.FAILED)).findFirst().orElseThrow();
        assertEquals("10", failed.data().get("line"));
        CommandOutcome list = postures(VIEWER, "list");
        assertEquals(state.error(), list.data().get("error"));
        CommandOutcome unknown = postures(MANAGER, "preview", "posture", "more");
        assertTrue(unknown.reason(), unknown.reason().contains("the postures are closing-time, interlocked"));
    }

    @Test
    public void aViewerMayPreviewButNotRun() throws Exception {
        String token = (String) postures(VIEWER, "preview", "posture", "closing-time").data().get("token");
        CommandOutcome run = postures(VIEWER, "run", "posture", "closing-time", "token", token);
        assertEquals(OutcomeStatus.REJECTED, run.status());
        assertTrue(run.reason(), run.reason().contains("refused by policy"));
    }

    @Test
    public void whileTheHubStartsARefusedFileIsKeptQuietAndReportedOnceTheQuietEnds() throws Exception {
        Files.writeString(file, "posture p title \"a\" title-en \"b\"\nstep device not.yet.there do close\n");
        PostureFileWatch starting = new PostureFileWatch(file, registry, core.profiles(), bus,
                java.time.Instant.now().plusMillis(300));
        starting.poll();
        assertTrue(starting.state().error(), starting.state().error().contains("no device 'not.yet.there'"));
        assertTrue("not reported while the devices may still arrive",
                bus.events.stream().noneMatch(e -> e.type().equals(PostureFileWatch.FAILED)));
        Thread.sleep(350);
        starting.poll();
        assertEquals(1, bus.events.stream().filter(e -> e.type().equals(PostureFileWatch.FAILED)).count());
    }
}
