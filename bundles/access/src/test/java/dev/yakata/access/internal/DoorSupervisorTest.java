package dev.yakata.access.internal;

import dev.yakata.bus.testing.RecordingBus;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.yakata.access.rules.AccessConfig.DoorSpec;
import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventTypes;
import dev.yakata.api.event.Severity;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.Before;
import org.junit.Test;

/**
 * Forced, held open and secured, from the door profile's points with time moved by hand. The door maps its lock to a
 * point of another name ({@code role.locked = bolt}), as a device file may.
 */
public class DoorSupervisorTest {

    private static final String DOOR = "door.2f.server-room";

    private final RecordingBus bus = new RecordingBus();
    private final FakeRegistry registry = new FakeRegistry();
    private final TestClock clock = new TestClock(Instant.parse("2026-12-02T01:00:00Z"));
    private final Set<String> heldByHub = new HashSet<>();
    private DoorSupervisor supervisor;

    @Before
    public void setUp() {
        registry.door(DOOR, "L3", "locked", "bolt", "contact", "contact", "request-to-exit", "rex")
                .value(DOOR, "bolt", true).value(DOOR, "contact", true);
        supervisor = new DoorSupervisor(bus, new DeviceLookup(registry), heldByHub::contains, clock);
        supervisor.configure(List.of(spec(DOOR, 5, 30)));
    }

    static DoorSpec spec(String door, int unlockSeconds, int heldOpenSeconds) {
        return new DoorSpec(door, "back-office", "server-room", "entry", "exit", 3, null, unlockSeconds,
                heldOpenSeconds);
    }

    static Event point(String device, String point, Object value) {
        return Event.builder(EventTypes.POINT_CHANGED, device).subject(point).put("point", point).put("value", value)
                .put("quality", value == null ? "BAD" : "GOOD").build();
    }

    static Event issued(String device, String action, Map<String, Object> arguments, String user) {
        return Event.builder(EventTypes.COMMAND_ISSUED, device).correlationId("cmd-1").put("command", "cmd-1")
                .put("action", action).put("point", "").put("arguments", arguments).put("user", user)
                .put("channel", "SHELL").build();
    }

    private void contact(boolean closed) {
        supervisor.pointChanged(point(DOOR, "contact", closed));
    }

    @Test
    public void theContactOpeningWhileLockedWithNothingThatLetItOpenIsForced() {
        contact(false);
        Event forced = bus.only(EventTypes.DOOR_FORCED);
        assertEquals(DOOR, forced.source());
        assertEquals("L3", forced.zone());
        assertEquals(Severity.ALARM, forced.severity());
        assertEquals(DOOR, forced.data().get("door"));
        assertTrue(String.valueOf(forced.data().get("message")).contains("opened while locked"));
        assertEquals(Set.of("door", "message"), forced.data().keySet());
    }

    @Test
    public void anOpeningWithinTheHubsGrantIsNotForced() {
        supervisor.granted(DOOR, 5, "swipe-1");
        clock.advanceSeconds(4);
        contact(false);
        assertTrue(bus.events.isEmpty());
    }

    @Test
    public void anOpeningAfterTheGrantRanOutIsForced() {
        supervisor.granted(DOOR, 5, "swipe-1");
        clock.advanceSeconds(6);
        contact(false);
        assertEquals(1, bus.ofType(EventTypes.DOOR_FORCED).size());
    }

    @Test
    public void anOperatorsUnlockIsNotForcedForAsLongAsItLasts() {
        supervisor.commandIssued(issued(DOOR, "unlock", Map.of("seconds", 20L), "operator"));
        clock.advanceSeconds(15);
        contact(false);
        assertTrue("an operator's release is not a forced door: " + bus.events, bus.events.isEmpty());
    }

    @Test
    public void aLockCommandEndsTheUnlock() {
        supervisor.commandIssued(issued(DOOR, "unlock", Map.of("seconds", 20L), "operator"));
        supervisor.commandIssued(issued(DOOR, "lock", Map.of(), "operator"));
        contact(false);
        assertEquals(1, bus.ofType(EventTypes.DOOR_FORCED).size());
    }

    @Test
    public void anExitRequestLetsTheDoorOpenForTheUnlockSeconds() {
        supervisor.pointChanged(point(DOOR, "rex", true));
        clock.advanceSeconds(3);
        contact(false);
        assertTrue(bus.events.isEmpty());
    }

    @Test
    public void aDoorWhoseLockIsReleasedIsNotForced() {
        supervisor.pointChanged(point(DOOR, "bolt", false));
        contact(false);
        assertTrue(bus.events.isEmpty());
    }

    @Test
    public void aDoorOpenPastItsLimitIsHeldOpenOncePerOpening() {
        supervisor.granted(DOOR, 5, "swipe-1");
        contact(false);
        clock.advanceSeconds(30);
        supervisor.tick();
        assertTrue("not past 30 s yet", bus.events.isEmpty());
        clock.advanceMillis(250);
        supervisor.tick();
        clock.advanceSeconds(60);
        supervisor.tick();
        Event held = bus.only(EventTypes.DOOR_HELD_OPEN);
        assertEquals(Severity.WARNING, held.severity());
        assertEquals("swipe-1", held.correlationId());
        assertEquals(DOOR, held.data().get("door"));
        contact(true);
        supervisor.granted(DOOR, 5, "swipe-2");
        contact(false);
        clock.advanceSeconds(31);
        supervisor.tick();
        assertEquals("a second opening is held open again", 2, bus.ofType(EventTypes.DOOR_HELD_OPEN).size());
    }

    @Test
    public void closingAfterAForcedOrHeldOpenDoorIsSecuredAndAfterANormalPassageIsNothing() {
        contact(false);
        clock.advanceSeconds(3);
        contact(true);
        Event secured = bus.only(EventTypes.DOOR_SECURED);
        assertEquals(Severity.INFO, secured.severity());
        assertTrue(String.valueOf(secured.data().get("message")).contains("forced"));

        supervisor.granted(DOOR, 5, "swipe-1");
        contact(false);
        clock.advanceSeconds(31);
        supervisor.tick();
        contact(true);
        assertEquals(2, bus.ofType(EventTypes.DOOR_SECURED).size());
        assertEquals("swipe-1", bus.ofType(EventTypes.DOOR_SECURED).get(1).correlationId());

        supervisor.granted(DOOR, 5, "swipe-2");
        contact(false);
        clock.advanceSeconds(3);
        contact(true);
        assertEquals("a passage within its limits says nothing", 2, bus.ofType(EventTypes.DOOR_SECURED).size());
    }

    @Test
    public void aDoorTheHubHoldsUnlockedIsNeitherForcedNorHeldOpen() {
        heldByHub.add(DOOR);
        contact(false);
        clock.advanceSeconds(600);
        supervisor.tick();
        assertTrue(bus.events.isEmpty());
    }

    @Test
    public void aBadValueKeepsTheLastKnownStateAndOtherDevicesAreIgnored() {
        supervisor.pointChanged(point(DOOR, "contact", null));
        supervisor.pointChanged(point("door.other", "contact", false));
        assertTrue(bus.events.isEmpty());
        contact(false);
        assertEquals("the door was still known closed and locked", 1, bus.ofType(EventTypes.DOOR_FORCED).size());
    }

    @Test
    public void aDoorSeenOpenAtStartIsNotForcedButItsOpeningIsTimed() {
        registry.value("door.b", "locked", true).value("door.b", "contact", false).door("door.b", "L2");
        supervisor.configure(List.of(spec(DOOR, 5, 30), spec("door.b", 5, 10)));
        clock.advanceSeconds(11);
        supervisor.tick();
        assertEquals(List.of("door.b"), bus.ofType(EventTypes.DOOR_HELD_OPEN).stream().map(Event::source).toList());
        assertTrue(bus.ofType(EventTypes.DOOR_FORCED).isEmpty());
    }

    @Test
    public void aDoorLeftOutOfTheFilesIsNoLongerSupervised() {
        supervisor.configure(List.of());
        contact(false);
        assertTrue(bus.events.isEmpty());
    }
}
