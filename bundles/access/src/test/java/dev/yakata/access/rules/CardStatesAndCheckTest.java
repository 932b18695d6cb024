package dev.yakata.access.rules;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Operators' card-state overrides, and the check that decides without changing anything. */
public class CardStatesAndCheckTest {

    private static final String DOOR = "door.2f.back-office";
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

    private Decision swipe(String number) {
        return engine.decide(Fixture.swipe(number, DOOR, "entry", T));
    }

    @Test
    public void anOperatorsOverrideWinsOverTheFilesState() {
        engine.overrideCardState(Fixture.pseudonym("staff-0200"), CardState.SUSPENDED);
        Decision suspended = swipe("staff-0200");
        assertEquals("suspended", suspended.reason());
        assertEquals("no file line decided it", "", suspended.rule());
        assertTrue(suspended.detail(), suspended.detail().contains("is suspended (by an operator)"));

        engine.overrideCardState(Fixture.pseudonym("staff-0200"), CardState.LOST);
        assertEquals("lost", swipe("staff-0200").reason());
        engine.overrideCardState(Fixture.pseudonym("staff-0200"), CardState.REVOKED);
        assertEquals("revoked", swipe("staff-0200").reason());

        engine.overrideCardState(Fixture.pseudonym("suspended-0300"), CardState.ACTIVE);
        assertEquals("an active override reinstates a card the file suspends", "granted",
                swipe("suspended-0300").reason());
    }

    @Test
    public void removingTheOverrideGivesTheFilesStateBack() {
        engine.overrideCardState(Fixture.pseudonym("staff-0200"), CardState.SUSPENDED);
        engine.overrideCardState(Fixture.pseudonym("staff-0200"), null);
        assertEquals("granted", swipe("staff-0200").reason());
        engine.overrideCardState(Fixture.pseudonym("suspended-0300"), CardState.ACTIVE);
        engine.overrideCardState(Fixture.pseudonym("suspended-0300"), null);
        assertEquals("suspended", swipe("suspended-0300").reason());
    }

    @Test
    public void theOverridesAreListedToBePersistedAndSurviveAReload() throws Exception {
        String card = Fixture.pseudonym("staff-0200");
        String unknown = Fixture.pseudonym("not issued yet");
        engine.overrideCardState(card, CardState.LOST);
        engine.overrideCardState(unknown, CardState.REVOKED);
        Map<String, CardState> overrides = engine.cardStateOverrides();
        assertEquals(Map.of(card, CardState.LOST, unknown, CardState.REVOKED), overrides);
        try {
            overrides.clear();
            fail("a copy for the caller, not the engine's own map");
        } catch (UnsupportedOperationException expected) {
            // as it should
        }
        engine.reconfigure(Fixture.load(dir));
        assertEquals("lost", swipe("staff-0200").reason());
    }

    @Test
    public void anOverrideNeedsACardPseudonym() {
        try {
            engine.overrideCardState("staff-0200", CardState.LOST);
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("not a card pseudonym"));
        }
    }

    @Test
    public void aCheckAnswersAsTheSwipeWouldAndChangesNothing() {
        String card = Fixture.pseudonym("staff-0107");
        Decision first = engine.check(card, "door.2f.server-room", "entry", T);
        assertEquals("granted", first.reason());
        assertEquals("entry", first.reader());
        assertEquals("granted", engine.check(card, "door.2f.server-room", "entry", T).reason());
        assertTrue("nobody moved", engine.locations(T).isEmpty());
        assertEquals("a real swipe after the checks is no passback", "granted",
                engine.decide(Fixture.swipe("staff-0107", "door.2f.server-room", "entry", T)).reason());
        assertEquals("and the check sees the swipe's effect", "passback",
                engine.check(card, "door.2f.server-room", "entry", T.plusSeconds(1)).reason());
    }

    @Test
    public void aCheckMayAskAboutAnyTimeAndEitherDirection() {
        String card = Fixture.pseudonym("staff-0200");
        assertEquals("outside-schedule", engine.check(card, DOOR, "entry", Fixture.tokyo("2026-05-09T21:00")).reason());
        assertEquals("holiday", engine.check(card, DOOR, "entry", Fixture.tokyo("2026-05-05T10:00")).reason());
        Decision exit = engine.check(card, "door.2f.lab", "exit", T);
        assertEquals("granted", exit.reason());
        assertEquals("out", exit.reader());
        assertEquals("exit", exit.direction());
        assertEquals("unknown-reader", engine.check(card, "door.9f.attic", "entry", T).reason());
        assertEquals("malformed-card", engine.check("0200", DOOR, "entry", T).reason());
    }

    @Test
    public void aCheckIsNeverAReplay() {
        assertEquals("granted", engine.check(Fixture.pseudonym("staff-0200"), DOOR, "entry", T).reason());
        assertEquals("granted", engine.check(Fixture.pseudonym("staff-0200"), DOOR, "entry", T).reason());
    }

    @Test
    public void aCheckNeedsEntryOrExit() {
        try {
            engine.check(Fixture.pseudonym("staff-0200"), DOOR, "in", T);
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("entry or exit"));
        }
    }
}
