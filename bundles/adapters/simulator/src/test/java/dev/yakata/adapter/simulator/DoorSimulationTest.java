package dev.yakata.adapter.simulator;

import dev.yakata.testkit.RecordingDeviceContext;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import dev.yakata.api.command.Command;
import dev.yakata.api.command.CommandOutcome;
import dev.yakata.api.command.OutcomeStatus;
import dev.yakata.api.event.EventTypes;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Test;

public class DoorSimulationTest {

    private final SimulatorAdapter adapter = new SimulatorAdapter();
    private RecordingDeviceContext context;
    private SimulatedDevice door;

    private void open(String... properties) throws Exception {
        var device = Devices.simulated("door.2f.server-room", SimModel.DOOR, properties);
        context = new RecordingDeviceContext(device);
        door = (SimulatedDevice) adapter.open(device, context);
        context.awaitOnline();
    }

    @After
    public void tearDown() throws Exception {
        door.close();
        context.close();
    }

    private CommandOutcome unlock(Map<String, Object> arguments) throws Exception {
        return door.execute(Devices.action(door.device, "unlock", arguments))
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    public void unlockIsATimedPulseThatRelocks() throws Exception {
        open();
        assertEquals(true, context.last("locked"));

        CommandOutcome outcome = unlock(Map.of("seconds", 1L));

        assertEquals(OutcomeStatus.COMPLETED, outcome.status());
        assertEquals("completed when unlocked", false, context.last("locked"));
        context.awaitValue("locked", Boolean.TRUE::equals);
        context.awaitValue("contact", Boolean.TRUE::equals);
        assertEquals(List.of(true, false, true), context.history("locked"));
        assertTrue("someone walked through", context.history("contact").contains(false));
        assertTrue(context.events(EventTypes.DOOR_HELD_OPEN).isEmpty());
    }

    @Test
    public void unlockWithoutSecondsIsRejectedSinceTheHubAlwaysFillsItIn() throws Exception {
        open();
        CommandOutcome outcome = unlock(Map.of());
        assertEquals(OutcomeStatus.REJECTED, outcome.status());
        assertTrue(outcome.reason(), outcome.reason().contains("seconds"));
        assertEquals(true, context.last("locked"));
    }

    @Test
    public void theLimitOnSecondsIsTheProfilesNotTheSimulators() throws Exception {
        open();
        // 600 s is the door profile's maximum; the old simulator refused anything over 300
        assertEquals(OutcomeStatus.COMPLETED, unlock(Map.of("seconds", 600L)).status());
        assertEquals(false, context.last("locked"));
    }

    @Test
    public void lockEndsARunningPulseAtOnce() throws Exception {
        open();
        assertEquals(OutcomeStatus.COMPLETED, unlock(Map.of("seconds", 600L)).status());
        assertEquals(false, context.last("locked"));
        assertEquals(OutcomeStatus.COMPLETED, door.execute(Devices.action(door.device, "lock", Map.of()))
                .toCompletableFuture().get(5, TimeUnit.SECONDS).status());
        assertEquals(true, context.last("locked"));
    }

    @Test
    public void aForcedDoorOpensWhileLockedAndLeavesTheVerdictToTheHub() throws Exception {
        open();
        door.inject("forced");
        context.awaitValue("contact", Boolean.FALSE::equals);
        assertEquals(true, context.last("locked"));
        assertTrue("the hub's door supervision reports it, not the adapter", context.events(EventTypes.DOOR_FORCED).isEmpty());
        door.clear("forced");
        context.awaitValue("contact", Boolean.TRUE::equals);
    }

    @Test
    public void aProppedDoorStaysOpenAfterItsPulseWithTheLockEngaged() throws Exception {
        open("sim.unlockSeconds", "0.2");
        door.inject("held-open");
        context.awaitValue("locked", Boolean.FALSE::equals);
        context.awaitValue("locked", Boolean.TRUE::equals);
        assertEquals(false, context.last("contact"));
        assertTrue(context.events(EventTypes.DOOR_HELD_OPEN).isEmpty());

        door.clear("held-open");
        context.awaitValue("contact", Boolean.TRUE::equals);
    }

    @Test
    public void theSwipeActionPresentsTheGivenCardAtTheGivenReader() throws Exception {
        open();
        CommandOutcome outcome = door.execute(Devices.action(door.device, "swipe", Map.of("card", "staff-0107", "reader", "exit")))
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals(OutcomeStatus.COMPLETED, outcome.status());
        var event = context.awaitEvent(EventTypes.CARD_SWIPED);
        assertEquals("staff-0107", event.data().get("card"));
        assertEquals("exit", event.data().get("reader"));
        assertEquals(OutcomeStatus.REJECTED, door.execute(Devices.action(door.device, "swipe", Map.of("card", "x", "reader", "side")))
                .toCompletableFuture().get(5, TimeUnit.SECONDS).status());
    }

    @Test
    public void swipesAreReportedWithReaderAndStaffCard() throws Exception {
        open("sim.swipeEverySeconds", "0.05");
        var event = context.awaitEvent(EventTypes.CARD_SWIPED);
        assertEquals("the door profile's card.swiped data", List.of("reader", "direction", "card"),
                List.copyOf(event.data().keySet()));
        assertTrue(List.of("entry", "exit").contains(event.data().get("reader")));
        assertEquals(event.data().get("reader"), event.data().get("direction"));
        assertTrue(event.data().get("card").toString().startsWith("staff-"));
    }

    @Test
    public void noSwipesWhenTheRateIsZero() throws Exception {
        open();
        Thread.sleep(200);
        assertFalse(context.events.stream().anyMatch(e -> e.type().equals(EventTypes.CARD_SWIPED)));
    }
}
