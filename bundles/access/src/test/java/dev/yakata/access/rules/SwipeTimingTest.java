package dev.yakata.access.rules;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Late swipes, readers with a clock ahead of the hub's, and replayed swipe ids. */
public class SwipeTimingTest {

    private static final String DOOR = "door.2f.back-office";
    private static final Instant T = Fixture.tokyo("2026-05-07T10:00");

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();
    private AccessConfig config;
    private AccessEngine engine;

    @Before
    public void setUp() throws Exception {
        Path dir = Fixture.write(folder.getRoot().toPath());
        config = Fixture.load(dir);
        engine = Fixture.engine(config);
    }

    private Decision swipe(String id, Instant receivedAt, Instant deviceTime) {
        return engine.decide(new Swipe(id, DOOR, "entry", Fixture.pseudonym("staff-0200"), receivedAt, deviceTime));
    }

    @Test
    public void aSwipeOlderThanTheLimitIsDecidedAndRecordedButUnlocksNothing() {
        Decision late = swipe("a", T, T.minusSeconds(11));
        assertTrue(late.granted());
        assertEquals("granted", late.reason());
        assertTrue(late.late());
        assertEquals(0, late.unlockSeconds());
        assertTrue(late.detail(), late.detail().endsWith("The swipe reached the hub 11 s after the reader's time, "
                + "later than the 10 s limit, so the door is not unlocked."));
        Decision onTime = swipe("b", T, T.minusSeconds(10));
        assertFalse(onTime.late());
        assertEquals(7, onTime.unlockSeconds());
    }

    @Test
    public void aLateRefusalIsStillARefusalWithItsReason() {
        Decision d = engine.decide(new Swipe("c", DOOR, "entry", Fixture.pseudonym("lost-0300"), T,
                T.minusSeconds(30)));
        assertEquals("lost", d.reason());
        assertTrue(d.late());
    }

    @Test
    public void aReaderClockAheadOfTheHubsIsFlaggedAndTheSwipeDecidedByTheHubsClock() {
        Decision skewed = swipe("a", T, T.plusSeconds(61));
        assertTrue(skewed.clockSkew());
        assertTrue(skewed.granted());
        assertEquals("unlocked as usual", 7, skewed.unlockSeconds());
        assertTrue(skewed.detail(), skewed.detail().contains("The reader's clock is 61 s ahead of the hub's (limit "
                + "60 s)"));
        assertFalse(swipe("b", T, T.plusSeconds(60)).clockSkew());

        // 19:59:50 at the hub is office hours, whatever the reader says (20:00:20)
        Instant beforeEight = Fixture.tokyo("2026-05-07T19:59:50");
        Decision byHubClock = swipe("c", beforeEight, beforeEight.plusSeconds(30));
        assertEquals("granted", byHubClock.reason());
        assertFalse(byHubClock.clockSkew());
    }

    @Test
    public void aSwipeWithoutDeviceTimeIsNeitherLateNorSkewed() {
        Decision d = swipe("a", T, null);
        assertFalse(d.late());
        assertFalse(d.clockSkew());
        assertTrue(d.granted());
    }

    @Test
    public void theLimitsComeFromTheSettings() {
        engine = new AccessEngine(config, new AccessEngine.Settings(Fixture.TOKYO, Duration.ofSeconds(30),
                Duration.ofSeconds(2), Duration.ofSeconds(5), 10));
        assertTrue(swipe("a", T, T.minusSeconds(3)).late());
        assertTrue(swipe("b", T, T.plusSeconds(6)).clockSkew());
    }

    @Test
    public void aSwipeIdSeenBeforeIsReplayedWhateverItCarries() {
        assertEquals("granted", swipe("same-id", T, T).reason());
        Decision replay = swipe("same-id", T.plusSeconds(5), T.plusSeconds(5));
        assertEquals("replayed", replay.reason());
        assertFalse(replay.granted());
        assertEquals(0, replay.unlockSeconds());
        assertEquals("replayed", engine.decide(new Swipe("same-id", "door.9f.attic", "x", "", T, T)).reason());
    }

    @Test
    public void theReplayMemoryKeepsTheMostRecentlySeenIds() {
        engine = new AccessEngine(config, new AccessEngine.Settings(Fixture.TOKYO, Duration.ofSeconds(30),
                Duration.ofSeconds(10), Duration.ofSeconds(60), 3));
        swipe("a", T, T);
        swipe("b", T, T);
        swipe("c", T, T);
        assertEquals("seen again, so a becomes the most recent", "replayed", swipe("a", T, T).reason());
        swipe("d", T, T); // the oldest, b, is forgotten
        assertEquals("granted", swipe("b", T, T).reason());
        assertEquals("replayed", swipe("a", T, T).reason());
    }

    @Test
    public void swipesWithoutIdAreDecidedEveryTime() {
        assertEquals("granted", swipe("", T, T).reason());
        assertEquals("granted", swipe("", T, T).reason());
        assertEquals("granted", swipe(null, T, T).reason());
    }

    @Test
    public void noReplayMemoryMeansNoReplays() {
        engine = new AccessEngine(config, new AccessEngine.Settings(Fixture.TOKYO, Duration.ofSeconds(30),
                Duration.ofSeconds(10), Duration.ofSeconds(60), 0));
        assertEquals("granted", swipe("a", T, T).reason());
        assertEquals("granted", swipe("a", T, T).reason());
    }
}
