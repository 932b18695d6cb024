package dev.yakata.access.rules;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Visitors (escort-required) at the Level-2 door into the back office, on a Thursday in opening hours. */
public class EscortTest {

    private static final String DOOR = "door.2f.back-office";
    private static final Instant T = Fixture.tokyo("2026-05-07T10:00");

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();
    private AccessEngine engine;

    @Before
    public void setUp() throws Exception {
        Path dir = Fixture.write(folder.getRoot().toPath());
        Files.writeString(dir.resolve("people-visitors.cfg"), "person V0002 name \"来訪者 2\" groups visitor\n"
                + "card V0002 visitor-0002\n");
        engine = Fixture.engine(Fixture.load(dir));
    }

    private Decision swipe(String number, String door, String reader, int secondsAfterT) {
        return engine.decide(Fixture.swipe(number, door, reader, T.plusSeconds(secondsAfterT)));
    }

    @Test
    public void aVisitorRightAfterTheirEscortAtTheSameReaderIsLetInAndTheEscortRecorded() {
        assertEquals("granted", swipe("staff-0200", DOOR, "entry", 0).reason());
        Decision visitor = swipe("visitor-0001", DOOR, "entry", 20);
        assertTrue(visitor.detail(), visitor.granted());
        assertEquals("P0200", visitor.escort());
        assertEquals("policies.cfg:12", visitor.rule());
        assertEquals(7, visitor.unlockSeconds());
        assertTrue(visitor.detail(), visitor.detail().endsWith("Escorted by P0200, let in at the same reader 20 s "
                + "before."));
    }

    @Test
    public void theWindowIncludesItsLastSecondAndNoMore() {
        swipe("staff-0200", DOOR, "entry", 0);
        assertEquals("granted", swipe("visitor-0001", DOOR, "entry", 30).reason());
        assertEquals("escort-missing", swipe("visitor-0002", DOOR, "entry", 31).reason());
    }

    @Test
    public void aVisitorAfterTheWindowIsRefused() {
        swipe("staff-0200", DOOR, "entry", 0);
        Decision late = swipe("visitor-0001", DOOR, "entry", 45);
        assertEquals("escort-missing", late.reason());
        assertEquals("", late.escort());
        assertTrue(late.detail(), late.detail().contains("in the 30 s before"));
    }

    @Test
    public void anEscortAtAnotherReaderOrDoorDoesNotCount() {
        assertEquals("granted", swipe("staff-0200", DOOR, "exit", 0).reason());
        assertEquals("leaving through the exit reader escorts nobody in", "escort-missing",
                swipe("visitor-0001", DOOR, "entry", 5).reason());
        assertEquals("granted", swipe("staff-0107", "door.2f.lab", "in", 6).reason());
        assertEquals("escort-missing", swipe("visitor-0001", DOOR, "entry", 7).reason());
    }

    @Test
    public void aVisitorLetInDoesNotEscortTheNextOne() {
        swipe("staff-0200", DOOR, "entry", 0);
        assertEquals("granted", swipe("visitor-0001", DOOR, "entry", 25).reason());
        Decision second = swipe("visitor-0002", DOOR, "entry", 40);
        assertEquals("P0200's grant is 40 s old and V0001 needs an escort too", "escort-missing", second.reason());
    }

    @Test
    public void oneEscortMayBringSeveralVisitorsWithinTheWindow() {
        swipe("staff-0200", DOOR, "entry", 0);
        assertEquals("P0200", swipe("visitor-0001", DOOR, "entry", 10).escort());
        assertEquals("P0200", swipe("visitor-0002", DOOR, "entry", 20).escort());
    }

    @Test
    public void theLatestEscortIsTheOneRecorded() {
        swipe("staff-0200", DOOR, "entry", 0);
        swipe("staff-0107", DOOR, "entry", 10);
        assertEquals("P0107", swipe("visitor-0001", DOOR, "entry", 35).escort());
    }

    @Test
    public void aLateSwipeOfTheEscortLetsNobodyIn() {
        Instant at = T;
        engine.decide(new Swipe("late-escort", DOOR, "entry", Fixture.pseudonym("staff-0200"), at, at.minusSeconds(20)));
        assertEquals("escort-missing", swipe("visitor-0001", DOOR, "entry", 5).reason());
    }

    @Test
    public void aRefusedStaffSwipeEscortsNobody() {
        assertEquals("suspended", swipe("suspended-0300", DOOR, "entry", 0).reason());
        assertEquals("escort-missing", swipe("visitor-0001", DOOR, "entry", 5).reason());
    }

    @Test
    public void aCheckNeitherNeedsNorLeavesAnEscortBehind() {
        engine.check(Fixture.pseudonym("staff-0200"), DOOR, "entry", T);
        assertEquals("escort-missing", swipe("visitor-0001", DOOR, "entry", 5).reason());
        swipe("staff-0200", DOOR, "entry", 10);
        Decision checked = engine.check(Fixture.pseudonym("visitor-0001"), DOOR, "entry", T.plusSeconds(20));
        assertEquals("granted", checked.reason());
        assertEquals("P0200", checked.escort());
    }

    @Test
    public void visitorsNeedNoEscortAtOtherLevels() {
        Decision hall = swipe("visitor-0001", "door.1f.staff-entrance", "entry", 0);
        assertEquals("a Level-1 door", "granted", hall.reason());
        assertEquals("", hall.escort());
    }

    @Test
    public void anEscortedVisitorMayLeaveAlone() {
        assertEquals("granted", swipe("visitor-0001", DOOR, "exit", 0).reason());
    }
}
