package dev.yakata.access.rules;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import dev.yakata.access.rules.AccessEngine.Location;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The server room (hard passback, forgiven after 12 h) and the lab (soft passback), P0107 being staff and it. */
public class PassbackTest {

    private static final String SERVER = "door.2f.server-room";
    private static final String LAB = "door.2f.lab";
    private static final Instant T = Fixture.tokyo("2026-05-07T10:00");

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();
    private Path dir;
    private AccessEngine engine;

    @Before
    public void setUp() throws Exception {
        dir = Fixture.write(folder.getRoot().toPath());
        engine = Fixture.engine(Fixture.load(dir));
    }

    private Decision swipe(String door, String reader, Duration after) {
        return engine.decide(Fixture.swipe("staff-0107", door, reader, T.plus(after)));
    }

    private static Duration minutes(long m) {
        return Duration.ofMinutes(m);
    }

    @Test
    public void hardPassbackRefusesASecondEntryAndAnExitFromWhereThePersonIsNot() {
        assertTrue(swipe(SERVER, "entry", minutes(0)).granted());
        Decision again = swipe(SERVER, "entry", minutes(1));
        assertEquals("passback", again.reason());
        assertEquals("zones.cfg:5", again.rule());
        assertTrue(swipe(SERVER, "exit", minutes(2)).granted());
        Decision outAgain = swipe(SERVER, "exit", minutes(3));
        assertEquals("passback", outAgain.reason());
        assertTrue(outAgain.detail(), outAgain.detail().startsWith("P0107 is not inside サーバー室 (server-room): they "
                + "were last seen entering back-office at 2026-05-07 10:02:00, and hard anti-passback"));
        assertEquals(0, outAgain.unlockSeconds());
    }

    @Test
    public void someoneNotSeenYetMayGoEitherWay() {
        assertTrue("nothing is known, so nothing is held against them", swipe(SERVER, "exit", minutes(0)).granted());
    }

    @Test
    public void someoneSeenElsewhereCannotSwipeOutOfTheServerRoom() {
        assertTrue(swipe("door.1f.staff-entrance", "entry", minutes(0)).granted());
        Decision out = swipe(SERVER, "exit", minutes(1));
        assertEquals("they entered the hall and never the server room", "passback", out.reason());
    }

    @Test
    public void softPassbackLetsAViolationPassAndMarksIt() {
        Decision first = swipe(LAB, "in", minutes(0));
        assertTrue(first.granted());
        assertFalse(first.passbackViolation());
        Decision second = swipe(LAB, "in", minutes(1));
        assertTrue(second.granted());
        assertTrue(second.passbackViolation());
        assertEquals("policies.cfg:14", second.rule());
        assertTrue(second.detail(), second.detail().contains("Soft anti-passback (zones.cfg:6) lets it pass although "
                + "P0107 is already inside 実験室 (lab) since 2026-05-07 10:00:00; it is recorded as a passback "
                + "violation."));
    }

    @Test
    public void aLocationIsForgottenAfterTheZonesForgiveAfter() {
        assertTrue(swipe(SERVER, "entry", minutes(0)).granted());
        assertEquals(1, engine.locations(T.plus(Duration.ofHours(12)).minusSeconds(1)).size());
        assertEquals("passback", swipe(SERVER, "entry", Duration.ofHours(12).minusSeconds(1)).reason());
        assertTrue(engine.locations(T.plus(Duration.ofHours(12))).isEmpty());
        assertEquals("granted", swipe(SERVER, "entry", Duration.ofHours(12)).reason());
    }

    @Test
    public void anyMovementRestartsTheForgiveAfterTime() {
        assertTrue(swipe(SERVER, "entry", minutes(0)).granted());
        assertTrue(swipe(SERVER, "exit", Duration.ofHours(11)).granted());
        assertTrue(swipe(SERVER, "entry", Duration.ofHours(11).plusMinutes(1)).granted());
        assertEquals("12 h after the first entry, 1 h after the last", "passback",
                swipe(SERVER, "entry", Duration.ofHours(12).plusMinutes(30)).reason());
    }

    @Test
    public void anOperatorForgivesAPersonAtOnce() {
        assertTrue(swipe(SERVER, "entry", minutes(0)).granted());
        assertTrue(engine.forgive("P0107"));
        assertFalse("nothing is known any more", engine.forgive("P0107"));
        assertEquals("granted", swipe(SERVER, "entry", minutes(1)).reason());
        assertFalse(engine.forgive("P9999"));
    }

    @Test
    public void locationsListsPassbackAndLevel3ZonesOnly() {
        engine.decide(Fixture.swipe("staff-0200", LAB, "in", T));
        engine.decide(Fixture.swipe("staff-0107", SERVER, "entry", T.plusSeconds(5)));
        engine.decide(Fixture.swipe("staff-0300", "door.1f.staff-entrance", "entry", T.plusSeconds(6)));
        assertEquals(List.of(new Location("P0200", "lab", T),
                new Location("P0107", "server-room", T.plusSeconds(5))), engine.locations(T.plusSeconds(10)));
    }

    @Test
    public void restoreRebuildsLocationsFromTheRecordedGrants() {
        AccessEngine recorder = Fixture.engine(engine.config());
        Decision in = recorder.decide(Fixture.swipe("staff-0107", SERVER, "entry", T));
        Decision refused = recorder.decide(Fixture.swipe("staff-0107", SERVER, "entry", T.plusSeconds(60)));
        Decision lateOut = recorder.decide(new Swipe("x", SERVER, "exit", Fixture.pseudonym("staff-0107"),
                T.plusSeconds(120), T.plusSeconds(90)));
        assertTrue(lateOut.granted() && lateOut.late());

        engine.restore(in, T);
        engine.restore(refused, T.plusSeconds(60));
        engine.restore(lateOut, T.plusSeconds(120));
        assertEquals("the late exit never opened the door: P0107 is still inside",
                List.of(new Location("P0107", "server-room", T)), engine.locations(T.plusSeconds(180)));
        assertEquals("passback", swipe(SERVER, "entry", minutes(5)).reason());

        Decision out = recorder.decide(Fixture.swipe("staff-0107", SERVER, "exit", T.plusSeconds(600)));
        engine.restore(out, T.plusSeconds(600));
        engine.restore(in, T);
        assertEquals("an older record does not undo a newer one", List.of(),
                engine.locations(T.plusSeconds(700)));
    }

    @Test
    public void aReloadKeepsWhereEveryoneIs() throws Exception {
        assertTrue(swipe(SERVER, "entry", minutes(0)).granted());
        engine.reconfigure(Fixture.load(dir));
        assertEquals("passback", swipe(SERVER, "entry", minutes(1)).reason());
    }

    @Test
    public void aFreePassageMovesTheHolderOfAValidCardOnly() throws Exception {
        // the main entrance (outside to hall) is free during opening hours; make the hall a passback zone to see it
        java.nio.file.Files.writeString(dir.resolve("zones.cfg"), Fixture.ZONES.replace(
                "zone hall        level 1 name \"ロビー\"", "zone hall level 1 name \"ロビー\" passback soft"));
        engine = Fixture.engine(Fixture.load(dir));
        assertEquals("free-passage", engine.decide(Fixture.swipe("staff-0200", "door.1f.main-entrance", "entry", T))
                .reason());
        assertEquals(List.of(new Location("P0200", "hall", T)), engine.locations(T));
        assertEquals("free-passage", engine.decide(Fixture.swipe("lost-0300", "door.1f.main-entrance", "entry", T))
                .reason());
        assertEquals("a lost card may be in anyone's hand", List.of(new Location("P0200", "hall", T)),
                engine.locations(T));
    }

    @Test
    public void aReplayOrALateSwipeDoesNotMoveAnyone() {
        Swipe in = Fixture.swipe("staff-0107", SERVER, "entry", T);
        assertTrue(engine.decide(in).granted());
        assertEquals("replayed", engine.decide(in).reason());
        Decision lateOut = engine.decide(new Swipe("late-out", SERVER, "exit", Fixture.pseudonym("staff-0107"),
                T.plusSeconds(60), T.plusSeconds(30)));
        assertTrue(lateOut.granted());
        assertEquals(0, lateOut.unlockSeconds());
        assertEquals("still inside", "passback", swipe(SERVER, "entry", minutes(2)).reason());
    }
}
