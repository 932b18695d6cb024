package dev.yakata.shutters.internal;

import static dev.yakata.shutters.internal.Building.assertStatus;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.yakata.api.command.Command;
import dev.yakata.api.command.CommandOutcome;
import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventTypes;
import dev.yakata.api.event.Severity;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The hub's state of a shutter, its interlock, its stop mid-travel and its FAULT, through the core's real lifecycle
 * and policy and the real simulator: every command here goes through {@code DeviceRegistry.submit} as an operator's
 * would.
 */
public class ShutterSupervisionTest {

    private static final String S = "shutter.1f.counter-1";

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private Building building;

    @Before
    public void setUp() throws Exception {
        building = new Building(temp.getRoot().toPath(), "", Clock.systemUTC());
    }

    @After
    public void tearDown() throws Exception {
        building.close();
    }

    @Test
    public void closeGoesClosingThenClosedAndEachChangeIsAShutterStateEvent() throws Exception {
        building.shutter(S, "L1", 0.3, 2);
        CommandOutcome close = building.run(S, "close");
        assertStatus(close, "COMPLETED");
        Event closed = building.awaitState(S, "CLOSED");
        assertEquals(List.of("OPEN", "CLOSING", "CLOSED"), building.states(S));
        // CLOSING may come from the points or the command, whichever the hub heard first (two lanes); CLOSED is the
        // close's confirmation
        assertEquals("CLOSING", closed.data().get("previous"));
        assertEquals("feedback", closed.data().get("reason"));
        assertEquals(close.commandId(), closed.data().get("command"));
        assertEquals("the close's correlation", close.commandId(), closed.correlationId());
        assertEquals("the closed limit confirmed close command " + close.commandId(), closed.data().get("detail"));
        assertEquals(100.0, closed.data().get("position"));
        assertEquals(Severity.INFO, closed.severity());
        assertEquals("L1", closed.zone());
    }

    @Test
    public void openAfterCloseGoesOpeningThenOpen() throws Exception {
        building.shutter(S, "L1", 0.2, 2);
        building.run(S, "close");
        building.awaitState(S, "CLOSED");
        assertStatus(building.run(S, "open"), "COMPLETED");
        building.awaitState(S, "OPEN");
        assertEquals(List.of("OPEN", "CLOSING", "CLOSED", "OPENING", "OPEN"), building.states(S));
    }

    @Test
    public void aStopMidTravelLeavesTheShutterStoppedWhereItIs() throws Exception {
        building.shutter(S, "L1", 2, 4);
        CompletableFuture<CommandOutcome> close = building.registry().submit(Building.command(Building.OPERATOR, S, "close"))
                .toCompletableFuture();
        Building.await("moving", () -> building.value(S, "position") instanceof Double p && p > 5);
        assertStatus(building.run(S, "stop"), "COMPLETED");
        Event stopped = building.awaitState(S, "STOPPED");
        assertEquals("command", stopped.data().get("reason"));
        assertStatus(close.get(5, TimeUnit.SECONDS), "FAILED");
        assertEquals(List.of("OPEN", "CLOSING", "STOPPED"), building.states(S));
    }

    @Test
    public void closeIsRefusedWhileTheObstructionSensorIsActiveAndNeverReachesTheShutter() throws Exception {
        building.shutter(S, "L1", 0.2, 2);
        building.simulator.inject(S, "obstruction");
        Building.await("obstruction seen", () -> Boolean.TRUE.equals(building.value(S, "obstruction")));

        CommandOutcome close = building.run(S, "close");
        assertStatus(close, "REJECTED");
        assertEquals("refused by interlock shutter-supervision: obstructed (obstruction sensed under " + S
                + "; clear the way, then close again)", close.reason());
        assertEquals("obstructed", close.data().get("code"));
        assertTrue(building.events(EventTypes.COMMAND_ISSUED, e -> e.source().equals(S)).isEmpty());
        assertEquals("OPEN", building.value(S, "state"));
        assertStatus(building.run(S, "open"), "COMPLETED");
    }

    @Test
    public void aRawPointWriteToAShutterIsRefusedByTheInterlockWhateverTheAdapterAccepts() throws Exception {
        building.shutter(S, "L1", 0.2, 2);
        var device = building.registry().device(S).orElseThrow();
        Command write = Command.write(S, "closed", true, Building.OPERATOR, "commissioning");
        var refusal = building.runtime.supervisor().check(write, device, building.registry().values(S));
        assertTrue("a write to a shutter's point must be refused", refusal.isPresent());
        assertEquals("raw-write", refusal.get().code());
        assertEquals(S + " is a shutter: it moves only through its actions (open, close, stop), so the hub can check "
                + "its obstruction and supervise its travel; a write to point closed would bypass both",
                refusal.get().reason());
    }

    @Test
    public void anObstructionWhileClosingMakesTheHubStopTheShutterAndReportObstructed() throws Exception {
        // This shutter has no safety edge of its own: only the hub's stop halts it.
        building.shutter(S, "L1", 2, 4, "sim.stopOnObstruction", "false");
        CommandOutcome[] close = new CommandOutcome[1];
        Command command = Building.command(Building.OPERATOR, S, "close");
        building.registry().submit(command).thenAccept(o -> close[0] = o);
        Building.await("moving", () -> building.value(S, "position") instanceof Double p && p > 5);

        building.simulator.inject(S, "obstruction");
        Event stopped = building.awaitState(S, "STOPPED");
        assertEquals("obstructed", stopped.data().get("reason"));
        assertEquals(Severity.WARNING, stopped.severity());
        assertEquals(command.id(), stopped.correlationId());
        Event stop = building.awaitEvent(EventTypes.COMMAND_ISSUED, e -> e.source().equals(S) && "stop".equals(e.data().get("action")));
        assertEquals("shutter-supervision", stop.actor());
        assertEquals("the hub's stop is correlated to the close", command.id(), stop.correlationId());
        Building.await("the simulated motor stopped", () -> "STOPPED".equals(building.value(S, "state")));
        double at = (Double) building.value(S, "position");
        Thread.sleep(100);
        assertEquals("it stays where it stopped", at, (Double) building.value(S, "position"), 0.0);
        assertTrue(at < 100);
    }

    @Test
    public void aCloseNotConfirmedWithinTheTravelTimeMakesTheShutterFaultWithAnAlarm() throws Exception {
        building.shutter(S, "L1", 0.2, 1);
        building.simulator.inject(S, "stuck");
        long started = System.nanoTime();
        Command command = Building.command(Building.OPERATOR, S, "close");
        CompletableFuture<CommandOutcome> close = building.registry().submit(command).toCompletableFuture();

        Event fault = building.awaitState(S, "FAULT");
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertTrue("FAULT only after the travel time, here after " + millis + " ms", millis >= 900);
        assertEquals(Severity.ALARM, fault.severity());
        assertEquals("no-feedback", fault.data().get("reason"));
        assertEquals("close command " + command.id() + " by sato was not confirmed by the closed limit within 1 s (the "
                + "shutter's travel time); the hub stopped it: inspect the shutter, then reset it", fault.data().get("detail"));
        assertEquals("CLOSING", fault.data().get("previous"));
        building.awaitEvent(EventTypes.COMMAND_ISSUED, e -> e.source().equals(S) && "stop".equals(e.data().get("action"))
                && command.id().equals(e.correlationId()));
        assertStatus(close.get(5, TimeUnit.SECONDS), "FAILED"); // the hub's stop ended the motor's pending move
    }

    @Test
    public void aShutterInFaultRefusesOpenAndCloseTakesStopAndIsClearedOnlyByAResetWithAReason() throws Exception {
        building.shutter(S, "L1", 0.2, 1);
        building.simulator.inject(S, "stuck");
        building.registry().submit(Building.command(Building.OPERATOR, S, "close"));
        building.awaitState(S, "FAULT");

        long started = System.nanoTime();
        CommandOutcome close = building.run(S, "close");
        CommandOutcome open = building.run(S, "open");
        assertTrue("refused at once", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) < 5_000);
        for (CommandOutcome refused : List.of(close, open)) {
            assertStatus(refused, "REJECTED");
            assertEquals("fault", refused.data().get("code"));
            assertTrue(refused.reason(), refused.reason().contains(S + " is in FAULT (close command")
                    && refused.reason().contains("only stop is accepted until it is inspected and reset (yakata:shutter-reset"));
        }
        assertStatus(building.run(S, "stop"), "COMPLETED");
        building.simulator.clear(S, "stuck");
        Thread.sleep(100);
        assertEquals("feedback alone does not clear a FAULT", "FAULT", building.state(S));

        CommandOutcome noReason = building.run(Command.builder("shutters", "reset").argument("shutter", S)
                .issuer(Building.OPERATOR).build());
        assertStatus(noReason, "REJECTED");
        assertTrue(noReason.reason(), noReason.reason().contains("give the command a reason"));
        CommandOutcome reset = building.run("shutters", "reset", "shutter", S);
        assertStatus(reset, "COMPLETED");
        Event cleared = building.awaitState(S, "OPEN");
        assertEquals("reset", cleared.data().get("reason"));
        assertEquals("FAULT", cleared.data().get("previous"));
        assertEquals("reset by sato after inspection", cleared.data().get("detail"));

        assertStatus(building.run(S, "close"), "COMPLETED");
        building.awaitState(S, "CLOSED");
    }

    @Test
    public void aResetOfAShutterNotInFaultOrOfNoShutterIsRefusedSayingWhy() throws Exception {
        building.shutter(S, "L1", 0.2, 2);
        CommandOutcome notFault = building.run("shutters", "reset", "shutter", S);
        assertStatus(notFault, "REJECTED");
        assertEquals(S + " is not in FAULT (it is OPEN); there is nothing to reset", notFault.reason());
        CommandOutcome nobody = building.run("shutters", "reset", "shutter", "shutter.9f.none");
        assertStatus(nobody, "REJECTED");
        assertTrue(nobody.reason(), nobody.reason().startsWith("no shutter 'shutter.9f.none'; shutters: " + S));
    }

    @Test
    public void openWhileClosingIsRefusedAsConflictingUntilTheShutterIsStopped() throws Exception {
        building.shutter(S, "L1", 2, 4);
        Command close = Building.command(Building.OPERATOR, S, "close");
        building.registry().submit(close);
        building.awaitState(S, "CLOSING");

        CommandOutcome open = building.run(S, "open");
        assertStatus(open, "REJECTED");
        assertEquals("conflicting", open.data().get("code"));
        assertEquals("refused by interlock shutter-supervision: conflicting (" + S + " is closing (close command "
                + close.id() + " by sato); stop it first (yakata:shutter-stop " + S + "), then open)", open.reason());
        assertStatus(building.run(S, "stop"), "COMPLETED");
        building.awaitState(S, "STOPPED");
        assertStatus(building.run(S, "open"), "COMPLETED");
        building.awaitState(S, "OPEN");
    }

    @Test
    public void aControllerThatReportsFaultPutsTheShutterInFault() throws Exception {
        building.shutter(S, "L1", 0.1, 2);
        building.simulator.inject(S, "jammed");
        building.registry().submit(Building.command(Building.OPERATOR, S, "close"));
        Event fault = building.awaitState(S, "FAULT");
        assertEquals("controller-fault", fault.data().get("reason"));
        assertEquals(Severity.ALARM, fault.severity());
    }
}
