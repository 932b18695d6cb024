package dev.yakata.access.internal;

import dev.yakata.bus.testing.RecordingBus;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.yakata.access.rules.AccessConfig;
import dev.yakata.api.command.Command;
import dev.yakata.api.event.Event;
import dev.yakata.api.event.Severity;
import java.time.Instant;
import java.util.List;
import org.junit.Before;
import org.junit.Test;

/** A fire alarm unlocks its doors for 600 s, renews every 5 minutes while it lasts, and locks them when it clears. */
public class FireReleaseTest {

    private static final String MAIN = "door.1f.main-entrance";
    private static final String STAFF = "door.1f.staff-entrance";

    private final RecordingBus bus = new RecordingBus();
    private final FakeRegistry registry = new FakeRegistry();
    private final TestClock clock = new TestClock(Instant.parse("2026-12-02T01:00:00Z"));
    private DoorHolds holds;
    private FireRelease fire;

    @Before
    public void setUp() {
        registry.door(MAIN, "L1").door(STAFF, "L1").value("fire.panel", "alarm", false);
        holds = new DoorHolds(new DoorCommands(registry), clock);
        fire = new FireRelease(holds, new DeviceLookup(registry), bus);
        fire.configure(List.of(new AccessConfig.FireRelease("fire.panel", "alarm", List.of(MAIN, STAFF))));
    }

    private void alarm(Object value) {
        fire.pointChanged(DoorSupervisorTest.point("fire.panel", "alarm", value));
    }

    @Test
    public void anAlarmUnlocksEveryListedDoorFor600SecondsAsTheHub() {
        alarm(true);
        for (String door : List.of(MAIN, STAFF)) {
            List<Command> unlocks = registry.submitted(door, "unlock");
            assertEquals(1, unlocks.size());
            assertEquals(600L, unlocks.get(0).arguments().get("seconds"));
            assertEquals(DoorCommands.ISSUER, unlocks.get(0).issuer());
            assertTrue(unlocks.get(0).reason(), unlocks.get(0).reason().contains("fire release fire.panel/alarm"));
        }
        Event active = bus.only(AccessEventTypes.FIRE_RELEASE);
        assertEquals("access", active.source());
        assertEquals(Severity.CRITICAL, active.severity());
        assertEquals("active", active.data().get("state"));
        assertEquals(List.of(MAIN, STAFF), active.data().get("doors"));
        assertEquals("fire.panel/alarm", active.data().get("input"));
        assertTrue(holds.held(MAIN));
    }

    @Test
    public void theUnlockIsRenewedEveryFiveMinutesWhileTheAlarmLasts() {
        alarm(true);
        alarm(true); // the same state again changes nothing
        clock.advanceSeconds(299);
        holds.tick();
        assertEquals(1, registry.submitted(MAIN, "unlock").size());
        clock.advanceSeconds(1);
        holds.tick();
        assertEquals(2, registry.submitted(MAIN, "unlock").size());
        assertEquals(2, registry.submitted(STAFF, "unlock").size());
        clock.advanceSeconds(300);
        holds.tick();
        assertEquals(3, registry.submitted(MAIN, "unlock").size());
        assertEquals(1, bus.ofType(AccessEventTypes.FIRE_RELEASE).size());
    }

    @Test
    public void clearingLocksTheDoorsAndSaysSo() {
        alarm(true);
        alarm(false);
        assertEquals(1, registry.submitted(MAIN, "lock").size());
        assertEquals(1, registry.submitted(STAFF, "lock").size());
        Event cleared = bus.ofType(AccessEventTypes.FIRE_RELEASE).get(1);
        assertEquals("cleared", cleared.data().get("state"));
        assertEquals(Severity.INFO, cleared.severity());
        clock.advanceSeconds(600);
        holds.tick();
        assertEquals("no renewal once cleared", 1, registry.submitted(MAIN, "unlock").size());
    }

    @Test
    public void anAlarmWhosePointChangedWasDroppedIsFoundInTheRegistryWithinTheSecond() {
        registry.value("fire.panel", "alarm", true); // the telemetry lane was full: no point.changed reached us
        fire.reconcile();
        assertEquals(1, registry.submitted(MAIN, "unlock").size());
        fire.reconcile();
        assertEquals(1, bus.ofType(AccessEventTypes.FIRE_RELEASE).size());
        registry.value("fire.panel", "alarm", false);
        fire.reconcile();
        assertEquals(1, registry.submitted(MAIN, "lock").size());
    }

    @Test
    public void aValueNobodyCanTrustChangesNothing() {
        alarm(true);
        alarm(null);
        assertTrue(registry.submitted(MAIN, "lock").isEmpty());
        assertEquals(List.of("fire.panel/alarm"), fire.activeInputs());
    }

    @Test
    public void anAlarmAlreadyRaisedWhenTheFilesLoadReleasesAtOnce() {
        registry.value("fire.panel", "alarm", true);
        FireRelease started = new FireRelease(holds, new DeviceLookup(registry), bus);
        started.configure(List.of(new AccessConfig.FireRelease("fire.panel", "alarm", List.of(MAIN))));
        assertEquals(1, registry.submitted(MAIN, "unlock").size());
        assertEquals("active", bus.only(AccessEventTypes.FIRE_RELEASE).data().get("state"));
    }

    @Test
    public void aDoorDroppedFromAnActiveInputIsLockedAndOneAddedIsReleased() {
        alarm(true);
        fire.configure(List.of(new AccessConfig.FireRelease("fire.panel", "alarm", List.of(STAFF, "door.3f.x"))));
        assertEquals(1, registry.submitted(MAIN, "lock").size());
        assertEquals(1, registry.submitted("door.3f.x", "unlock").size());
        assertEquals(1, registry.submitted(STAFF, "unlock").size());
        assertTrue(registry.submitted(STAFF, "lock").isEmpty());
    }

    @Test
    public void aDoorHeldForTwoReasonsIsLockedOnlyWhenBothEnd() {
        holds.hold(MAIN, "free passage during opening-hours");
        alarm(true);
        assertEquals("already unlocked by the schedule", 1, registry.submitted(MAIN, "unlock").size());
        alarm(false);
        assertTrue("the schedule still holds it", registry.submitted(MAIN, "lock").isEmpty());
        holds.release(MAIN, "free passage during opening-hours");
        assertEquals(1, registry.submitted(MAIN, "lock").size());
    }

    @Test
    public void anUnlockThatFailedIsTriedAgainSoonerThanTheRenewal() {
        registry.answer = c -> java.util.concurrent.CompletableFuture.completedFuture(
                dev.yakata.api.command.CommandOutcome.rejected(c, "device offline"));
        alarm(true);
        clock.advanceSeconds(DoorHolds.RETRY_SECONDS);
        holds.tick();
        assertEquals(2, registry.submitted(MAIN, "unlock").size());
    }
}
