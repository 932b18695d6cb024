package dev.yakata.shutters.rules;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import org.junit.Test;

/**
 * The state machine alone, for shutters whose adapters give fewer points than the simulator: a shutter with only the
 * two required roles (closed limit and obstruction), and one whose controller reports its own state.
 */
public class ShutterMachineTest {

    private final ShutterMachine machine = new ShutterMachine("shutter.x", 1_000);

    private static ShutterMachine.Feedback limitOnly(boolean closed, boolean obstruction) {
        return new ShutterMachine.Feedback(closed, null, null, obstruction);
    }

    private static List<String> states(List<ShutterMachine.Effect> effects) {
        return effects.stream().filter(ShutterMachine.Change.class::isInstance)
                .map(e -> ((ShutterMachine.Change) e).state().name()).toList();
    }

    @Test
    public void aShutterWithOnlyItsClosedLimitOpensWhenTheLimitReleases() {
        assertEquals(List.of("CLOSED"), states(machine.feedback(limitOnly(true, false), 0)));
        assertEquals(List.of("OPENING"), states(machine.issued("open", "c1", "c1", "sato", 10)));
        assertEquals(List.of("OPEN"), states(machine.feedback(limitOnly(false, false), 500)));
        assertEquals(null, machine.view().move());
    }

    @Test
    public void aCloseWhoseLimitNeverComesIsFaultAtTheTravelTimeAndAsksForAStop() {
        machine.feedback(limitOnly(false, false), 0);
        assertEquals(List.of("CLOSING"), states(machine.issued("close", "c1", "g1", "sato", 0)));
        assertTrue(machine.tick(999).isEmpty());
        List<ShutterMachine.Effect> late = machine.tick(1_000);
        assertEquals(new ShutterMachine.Stop("shutter.x", "no-feedback", "g1", "c1"), late.get(0));
        ShutterMachine.Change fault = (ShutterMachine.Change) late.get(1);
        assertEquals(ShutterState.FAULT, fault.state());
        assertEquals("no-feedback", fault.reason());
        assertEquals("g1", fault.correlation());
        assertTrue("a late limit does not clear it", machine.feedback(limitOnly(true, false), 1_200).isEmpty());
        assertEquals(ShutterState.FAULT, machine.state());
    }

    @Test
    public void anObstructionWhileClosingAsksForAStopCorrelatedToTheClose() {
        machine.feedback(limitOnly(false, false), 0);
        machine.issued("close", "c1", "g1", "sato", 0);
        List<ShutterMachine.Effect> effects = machine.feedback(limitOnly(false, true), 300);
        assertEquals(new ShutterMachine.Stop("shutter.x", "obstructed", "g1", "c1"), effects.get(0));
        ShutterMachine.Change stopped = (ShutterMachine.Change) effects.get(1);
        assertEquals(ShutterState.STOPPED, stopped.state());
        assertEquals("obstructed", stopped.reason());
        assertTrue("the deadline of the close is gone", machine.tick(5_000).isEmpty());
    }

    @Test
    public void aStopTheControllerDoesNotObeyIsFault() {
        ShutterMachine.Feedback closing = new ShutterMachine.Feedback(false, 40.0, "CLOSING", false);
        machine.feedback(closing, 0);
        assertEquals("moving at its own key switch", ShutterState.CLOSING, machine.state());
        assertTrue(machine.issued("stop", "s1", "s1", "sato", 0).isEmpty());
        assertTrue(machine.tick(500).isEmpty());
        List<ShutterMachine.Effect> effects = machine.tick(1_000);
        ShutterMachine.Change fault = (ShutterMachine.Change) effects.get(0);
        assertEquals(ShutterState.FAULT, fault.state());
        assertEquals("not-stopped", fault.reason());
    }

    @Test
    public void aControllerFaultIsFaultAndItsResetWaitsForTheControllerToClear() {
        machine.feedback(new ShutterMachine.Feedback(false, 0.0, "OPEN", false), 0);
        assertEquals(List.of("FAULT"), states(machine.feedback(new ShutterMachine.Feedback(false, 0.0, "FAULT", false), 10)));
        assertEquals("shutter.x's controller still reports FAULT; clear the fault at the shutter first, then reset",
                machine.resetRefusal());
        assertTrue(machine.reset("sato", 20).isEmpty());
        machine.feedback(new ShutterMachine.Feedback(false, 0.0, "STOPPED", false), 30);
        List<ShutterMachine.Effect> reset = machine.reset("sato", 40);
        ShutterMachine.Change change = (ShutterMachine.Change) reset.get(0);
        assertEquals(ShutterState.FAULT, change.previous());
        assertEquals(ShutterState.STOPPED, change.state());
        assertEquals("reset", change.reason());
    }
}
