package dev.yakata.access.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import dev.yakata.access.rules.AccessConfig.DoorSpec;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.Before;
import org.junit.Test;

/** A free-during door is held unlocked while its schedule is on (renewed every 5 minutes) and locked when it ends. */
public class FreePassageTest {

    private static final String MAIN = "door.1f.main-entrance";
    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

    private final FakeRegistry registry = new FakeRegistry();
    // 08:29 in Tokyo
    private final TestClock clock = new TestClock(Instant.parse("2026-12-01T23:29:00Z"));
    private DoorHolds holds;
    private FreePassage free;
    private volatile boolean lockdown;

    @Before
    public void setUp() {
        holds = new DoorHolds(new DoorCommands(registry), clock);
        free = new FreePassage(holds, clock, TOKYO, () -> lockdown);
        DoorSpec main = new DoorSpec(MAIN, "outside", "hall", "entry", "exit", 1, "opening-hours", 5, 30);
        DoorSpec office = new DoorSpec("door.1f.back-office", "hall", "back-office", "entry", "exit", 2, null, 5, 30);
        free.configure(new Site(List.of(main, office), List.of(), List.of(), (schedule, at) ->
                schedule.equals("opening-hours") && !at.toLocalTime().isBefore(LocalTime.of(8, 30))
                        && at.toLocalTime().isBefore(LocalTime.of(17, 15)), zone -> 1));
    }

    @Test
    public void theDoorIsFreedWhenItsScheduleStartsRenewedAndLockedWhenItEnds() {
        assertTrue(registry.submitted.isEmpty());
        clock.advanceSeconds(60);
        free.tick();
        holds.tick();
        assertEquals(1, registry.submitted(MAIN, "unlock").size());
        assertEquals(600L, registry.submitted(MAIN, "unlock").get(0).arguments().get("seconds"));
        assertTrue(holds.held(MAIN));
        assertFalse("a door without free-during is never freed", holds.held("door.1f.back-office"));
        clock.advanceSeconds(300);
        free.tick();
        holds.tick();
        assertEquals(2, registry.submitted(MAIN, "unlock").size());
        clock.advanceSeconds(9 * 3600);
        free.tick();
        assertEquals(1, registry.submitted(MAIN, "lock").size());
        assertFalse(holds.held(MAIN));
    }

    @Test
    public void aDoorNoLongerFreeInTheFilesIsLocked() {
        clock.advanceSeconds(60);
        free.tick();
        free.configure(Site.EMPTY);
        assertEquals(1, registry.submitted(MAIN, "lock").size());
    }

    @Test
    public void aLockdownLocksTheFreeDoorAndItsEndFreesItAgain() {
        clock.advanceSeconds(60);
        free.tick();
        assertTrue(holds.held(MAIN));
        lockdown = true;
        free.tick();
        assertFalse(holds.held(MAIN));
        assertEquals(1, registry.submitted(MAIN, "lock").size());
        lockdown = false;
        free.tick();
        assertTrue(holds.held(MAIN));
    }
}
