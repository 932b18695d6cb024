package dev.yakata.access.rules;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The lockdown: while on, only people allowed into a Level-3 zone are let in anywhere; the way out stays open. */
public class LockdownTest {

    private static final String BACK_OFFICE = "door.2f.back-office";
    private static final Instant T = Fixture.tokyo("2026-05-07T10:00");

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();
    private AccessEngine engine;

    @Before
    public void setUp() throws Exception {
        Path dir = Fixture.write(folder.getRoot().toPath());
        engine = Fixture.engine(Fixture.load(dir));
        engine.lockdown(true);
    }

    private Decision swipe(String number, String door, String reader) {
        return engine.decide(Fixture.swipe(number, door, reader, T));
    }

    @Test
    public void duringALockdownSomeoneWithoutLevelThreeAccessIsRefusedEverywhereWithReasonLockdown() {
        Decision staff = swipe("staff-0200", BACK_OFFICE, "entry");
        assertFalse(staff.granted());
        assertEquals(AccessEngine.LOCKDOWN, staff.reason());
        assertTrue(staff.detail(), staff.detail().contains("lockdown"));
        assertEquals("a visitor too", AccessEngine.LOCKDOWN, swipe("visitor-0001", BACK_OFFICE, "entry").reason());
    }

    @Test
    public void levelThreeStaffAreStillLetInWhereTheirRulesAllow() {
        Decision it = swipe("staff-0107", BACK_OFFICE, "entry");
        assertTrue(it.reason(), it.granted());
        assertEquals("granted", it.reason());
        assertEquals("granted", swipe("staff-0107", "door.2f.server-room", "entry").reason());
    }

    @Test
    public void exitsAreStillGrantedDuringALockdown() {
        engine.lockdown(false);
        swipe("staff-0200", BACK_OFFICE, "entry");
        engine.lockdown(true);
        Decision out = swipe("staff-0200", BACK_OFFICE, "exit");
        assertTrue(out.reason(), out.granted());
    }

    @Test
    public void noDoorIsFreeForPassageDuringALockdown() {
        Decision main = swipe("staff-0200", "door.1f.main-entrance", "entry");
        assertEquals(AccessEngine.LOCKDOWN, main.reason());
        engine.lockdown(false);
        assertEquals(AccessEngine.FREE_PASSAGE, swipe("staff-0200", "door.1f.main-entrance", "entry").reason());
    }

    @Test
    public void theCardsOwnRefusalsComeFirstAndTheEndOfTheLockdownRestoresTheRules() {
        assertEquals("suspended", swipe("suspended-0300", BACK_OFFICE, "entry").reason());
        engine.lockdown(false);
        assertFalse(engine.lockdown());
        assertEquals("granted", swipe("staff-0200", BACK_OFFICE, "entry").reason());
    }
}
