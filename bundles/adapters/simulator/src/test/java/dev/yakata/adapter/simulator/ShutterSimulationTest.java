package dev.yakata.adapter.simulator;

import dev.yakata.testkit.RecordingDeviceContext;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.yakata.api.command.Command;
import dev.yakata.api.command.CommandOutcome;
import dev.yakata.api.command.OutcomeStatus;
import dev.yakata.api.device.DeviceState;
import dev.yakata.api.device.DeviceStatus;
import dev.yakata.api.device.StatusDetail;
import dev.yakata.api.event.EventTypes;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Test;

public class ShutterSimulationTest {

    private final SimulatorAdapter adapter = new SimulatorAdapter();
    private RecordingDeviceContext context;
    private SimulatedDevice shutter;

    private void open(String travelSeconds, String... more) throws Exception {
        String[] settings = new String[more.length + 2];
        settings[0] = "sim.travelSeconds";
        settings[1] = travelSeconds;
        System.arraycopy(more, 0, settings, 2, more.length);
        var device = Devices.simulated("shutter.1f.counter-1", SimModel.SHUTTER, settings);
        context = new RecordingDeviceContext(device);
        shutter = (SimulatedDevice) adapter.open(device, context);
        context.awaitOnline();
    }

    @After
    public void tearDown() throws Exception {
        shutter.close();
        context.close();
    }

    private CommandOutcome run(String action) throws Exception {
        return shutter.execute(Devices.action(shutter.device, action, Map.of()))
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    public void closeCompletesAfterTravelTimeAndEndsClosed() throws Exception {
        open("0.2");
        long start = System.nanoTime();
        CommandOutcome outcome = run("close");
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertEquals(OutcomeStatus.COMPLETED, outcome.status());
        assertTrue("close took " + tookMillis + " ms, less than the travel time", tookMillis >= 150);
        assertEquals("CLOSED", context.last("state"));
        assertEquals(100.0, context.last("position"));
        assertEquals("the profile's closed role: true only once fully down", List.of(false, true),
                context.history("closed"));
        assertEquals(List.of("OPEN", "CLOSING", "CLOSED"), context.history("state"));
        assertTrue("the hub's supervision publishes shutter.state, not the simulator",
                context.events(EventTypes.SHUTTER_STATE).isEmpty());
    }

    @Test
    public void openAfterCloseReturnsToOpen() throws Exception {
        open("0.1");
        run("close");
        assertEquals(OutcomeStatus.COMPLETED, run("open").status());
        assertEquals("OPEN", context.last("state"));
        assertEquals(0.0, context.last("position"));
        assertEquals(false, context.last("closed"));
    }

    @Test
    public void closeIsRejectedWhileObstructionSensed() throws Exception {
        open("0.2");
        shutter.inject("obstruction");
        context.awaitValue("obstruction", Boolean.TRUE::equals);

        CommandOutcome outcome = run("close");

        assertEquals(OutcomeStatus.REJECTED, outcome.status());
        assertEquals("obstruction sensed under shutter shutter.1f.counter-1; clear it before closing",
                outcome.reason());
        assertEquals("OPEN", context.last("state"));
    }

    @Test
    public void obstructionWhileClosingFailsThePendingCloseAndStops() throws Exception {
        open("2");
        var pending = shutter.execute(Devices.action(shutter.device, "close", Map.of()))
                .toCompletableFuture();
        context.awaitValue("position", p -> (Double) p > 5);

        shutter.inject("obstruction");

        CommandOutcome outcome = pending.get(5, TimeUnit.SECONDS);
        assertEquals(OutcomeStatus.FAILED, outcome.status());
        assertTrue(outcome.reason(), outcome.reason().contains("obstruction"));
        assertEquals("STOPPED", context.last("state"));
        double stoppedAt = (Double) context.last("position");
        Thread.sleep(100);
        assertEquals("the shutter must not move after stopping", stoppedAt, context.last("position"));
    }

    @Test
    public void closeSucceedsAgainOnceTheObstructionIsCleared() throws Exception {
        open("0.1");
        shutter.inject("obstruction");
        shutter.clear("obstruction");
        assertEquals(OutcomeStatus.COMPLETED, run("close").status());
    }

    @Test
    public void stopDuringTravelFailsThePendingMoveAndCompletesItself() throws Exception {
        open("2");
        var pending = shutter.execute(Devices.action(shutter.device, "close", Map.of()))
                .toCompletableFuture();
        context.awaitValue("position", p -> (Double) p > 0);

        assertEquals(OutcomeStatus.COMPLETED, run("stop").status());
        assertEquals(OutcomeStatus.FAILED, pending.get(5, TimeUnit.SECONDS).status());
        assertEquals("STOPPED", context.last("state"));
    }

    @Test
    public void jammedShutterGoesFaultAfterItsTravelTime() throws Exception {
        open("0.1");
        shutter.inject("jammed");
        CommandOutcome outcome = run("close");
        assertEquals(OutcomeStatus.FAILED, outcome.status());
        assertTrue(outcome.reason(), outcome.reason().contains("travel time"));
        assertEquals("FAULT", context.last("state"));
        DeviceStatus status = context.statuses.get(context.statuses.size() - 1);
        assertEquals(DeviceState.FAULT, status.state());
        assertEquals(StatusDetail.HARDWARE_FAULT, status.detail());

        shutter.clear("jammed");
        assertEquals("STOPPED", context.last("state"));
        assertEquals(DeviceStatus.online(), context.statuses.get(context.statuses.size() - 1));
    }

    @Test
    public void unknownActionIsRejectedListingTheSupportedActions() throws Exception {
        open("0.2");
        CommandOutcome outcome = run("raise");
        assertEquals(OutcomeStatus.REJECTED, outcome.status());
        assertTrue(outcome.reason(), outcome.reason().contains("open, close, stop"));
    }

    @Test
    public void writeToAPointTheModelDoesNotAcceptIsRejected() throws Exception {
        open("0.2");
        CommandOutcome outcome = shutter.execute(Devices.write(shutter.device, "position", 50.0))
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals(OutcomeStatus.REJECTED, outcome.status());
    }

    @Test
    public void aShutterWithoutItsOwnSafetyEdgeKeepsClosingOntoAnObstructionUntilStopped() throws Exception {
        open("1", "sim.stopOnObstruction", "false");
        var pending = shutter.execute(Devices.action(shutter.device, "close", Map.of())).toCompletableFuture();
        context.awaitValue("position", p -> (Double) p > 5);
        shutter.inject("obstruction");
        double sensedAt = (Double) context.last("position");
        context.awaitValue("position", p -> (Double) p > sensedAt);
        assertEquals("CLOSING", context.last("state"));

        assertEquals(OutcomeStatus.COMPLETED, run("stop").status());
        assertEquals(OutcomeStatus.FAILED, pending.get(5, TimeUnit.SECONDS).status());
        assertEquals("STOPPED", context.last("state"));
    }

    @Test
    public void aStuckMotorTakesTheCommandAndNeverMovesOrAnswers() throws Exception {
        open("0.1");
        shutter.inject("stuck");
        var pending = shutter.execute(Devices.action(shutter.device, "close", Map.of())).toCompletableFuture();
        Thread.sleep(400); // four travel times
        assertTrue("no outcome: the motor never answers", !pending.isDone());
        assertEquals("OPEN", context.last("state"));
        assertEquals(0.0, context.last("position"));
        assertEquals(List.of(false), context.history("closed"));
        assertEquals("no FAULT of its own: the hub has to notice", DeviceState.ONLINE,
                context.statuses.get(context.statuses.size() - 1).state());

        assertEquals(OutcomeStatus.COMPLETED, run("stop").status());
        assertEquals(OutcomeStatus.FAILED, pending.get(5, TimeUnit.SECONDS).status());
    }
}
