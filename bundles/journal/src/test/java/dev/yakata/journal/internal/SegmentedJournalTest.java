package dev.yakata.journal.internal;

import static dev.yakata.journal.internal.TestEvents.SMALL;
import static dev.yakata.journal.internal.TestEvents.assertEntry;
import static dev.yakata.journal.internal.TestEvents.numbered;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import dev.yakata.api.event.Event;
import dev.yakata.journal.api.JournalCursor;
import dev.yakata.journal.api.JournalEntry;
import dev.yakata.journal.api.JournalStatistics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class SegmentedJournalTest {

    @Rule
    public TemporaryFolder temporary = new TemporaryFolder();

    private Path directory;
    private SegmentedJournal journal;

    @Before
    public void createDirectory() {
        directory = temporary.getRoot().toPath().resolve("journal");
    }

    @After
    public void closeJournal() throws IOException {
        if (journal != null) {
            journal.close();
        }
    }

    private SegmentedJournal open(JournalSettings settings) throws IOException {
        if (journal != null) {
            journal.close();
        }
        journal = SegmentedJournal.open(directory, settings);
        return journal;
    }

    private void appendUpTo(long last) throws IOException {
        for (long p = journal.head() + 1; p <= last; p++) {
            assertEquals(p, journal.append(numbered(p)));
        }
    }

    /** Everything the cursor delivers until it has nothing more, in batches of 7. */
    static List<JournalEntry> drain(JournalCursor cursor) throws Exception {
        List<JournalEntry> all = new ArrayList<>();
        while (true) {
            List<JournalEntry> batch = cursor.poll(7, 0);
            if (batch.isEmpty()) {
                return all;
            }
            all.addAll(batch);
        }
    }

    static void assertPositions(List<JournalEntry> entries, long first, long last) {
        assertEquals("entries " + first + " to " + last, last - first + 1, entries.size());
        for (int i = 0; i < entries.size(); i++) {
            assertEntry(first + i, entries.get(i));
        }
    }

    @Test
    public void anAppendedEventComesBackFromPollWithEveryFieldAndCommitMovesTheCursor() throws Exception {
        open(SMALL);
        Event original = TestEvents.everyField();
        assertEquals(1, journal.append(original));
        JournalCursor cursor = journal.cursor("store");
        List<JournalEntry> entries = cursor.poll(10, 0);
        assertEquals(List.of(new JournalEntry(1, original)), entries);
        assertEquals(0, cursor.committed());
        assertEquals(1, cursor.lag());
        cursor.commit(1);
        assertEquals(1, cursor.committed());
        assertEquals(0, cursor.lag());
        open(SMALL);
        assertEquals(List.of(), journal.cursor("store").poll(10, 0));
        assertEquals(original, journal.transientCursor(0).poll(1, 0).get(0).event());
    }

    @Test
    public void positionsStartAtOneAndContinueAcrossReopenAndSegments() throws Exception {
        open(SMALL);
        assertEquals(0, journal.head());
        appendUpTo(30);
        open(SMALL);
        assertEquals(30, journal.head());
        appendUpTo(60);
        assertPositions(drain(journal.transientCursor(0)), 1, 60);
        assertTrue("several segments", journal.statistics().segments() > 3);
    }

    @Test
    public void afterCloseTheDirectoryHoldsOnlySegmentsCursorsAndTheLockWithNoPreparedSegmentLeft() throws Exception {
        open(SMALL);
        journal.cursor("bridge");
        appendUpTo(100); // many rolls, each taking the segment file prepared in advance
        journal.close();
        journal = null;
        try (var files = Files.list(directory)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                assertTrue(name, name.endsWith(".seg") || name.equals("bridge.cursor") || name.equals("journal.lock"));
            }
        }
        open(SMALL);
        assertPositions(drain(journal.cursor("bridge")), 1, 100);
    }

    @Test
    public void aPollReturnsAtMostMaxEntriesInOrderAndAnEmptyListWhenCaughtUp() throws Exception {
        open(SMALL);
        JournalCursor cursor = journal.cursor("bridge");
        assertEquals(List.of(), cursor.poll(5, 0));
        appendUpTo(12);
        assertPositions(cursor.poll(5, 0), 1, 5);
        assertPositions(cursor.poll(5, 0), 6, 10);
        assertPositions(cursor.poll(5, 0), 11, 12);
        assertEquals(List.of(), cursor.poll(5, 0));
    }

    @Test(timeout = 10_000)
    public void aWaitingPollReturnsAsSoonAsAnotherThreadAppends() throws Exception {
        open(SMALL);
        JournalCursor cursor = journal.cursor("bridge");
        Thread appender = new Thread(() -> {
            try {
                Thread.sleep(100);
                journal.append(numbered(1));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        appender.start();
        long start = System.nanoTime();
        List<JournalEntry> entries = cursor.poll(10, 5_000);
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        appender.join();
        assertPositions(entries, 1, 1);
        assertTrue("took " + tookMillis + " ms", tookMillis < 2_000);
        start = System.nanoTime();
        assertEquals(List.of(), cursor.poll(10, 50));
        assertTrue("a poll with nothing to read waits its timeout", System.nanoTime() - start >= 45_000_000L);
    }

    @Test
    public void theSameNameGivesTheSameCursorAndNamesThatCannotBeFileNamesAreRefused() throws Exception {
        open(SMALL);
        assertSame(journal.cursor("mqtt-bridge"), journal.cursor("mqtt-bridge"));
        for (String bad : new String[] {"", "../etc", "a/b", ".hidden", "x".repeat(65), "with space"}) {
            try {
                journal.cursor(bad);
                fail("accepted consumer name '" + bad + "'");
            } catch (IllegalArgumentException expected) {
                assertTrue(expected.getMessage(), expected.getMessage().contains("letters, digits"));
            }
        }
    }

    @Test
    public void committedPositionsOfEachConsumerSurviveReopenAndReadingResumesAfterThem() throws Exception {
        open(SMALL);
        appendUpTo(40);
        JournalCursor bridge = journal.cursor("bridge");
        JournalCursor store = journal.cursor("store");
        drain(bridge);
        bridge.commit(25);
        store.poll(3, 0);
        store.commit(3);
        open(SMALL);
        bridge = journal.cursor("bridge");
        store = journal.cursor("store");
        assertEquals(25, bridge.committed());
        assertEquals(3, store.committed());
        assertEquals(15, bridge.lag());
        assertEquals(Map.of("bridge", 15L, "store", 37L), journal.statistics().cursorLag());
        assertPositions(drain(bridge), 26, 40);
        assertPositions(drain(store), 4, 40);
    }

    @Test
    public void aCommitIsWrittenWithinTheCursorIntervalWithoutClose() throws Exception {
        open(SMALL);
        appendUpTo(20);
        JournalCursor cursor = journal.cursor("bridge");
        cursor.commit(12);
        TestEvents.await("cursor file written", 5_000, () -> {
            try {
                return CursorFile.read(CursorFile.pathOf(directory, "bridge")).orElse(-1) == 12;
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
    }

    @Test
    public void rewindReadsAgainWhatWasPolledButNotCommitted() throws Exception {
        open(SMALL);
        appendUpTo(10);
        JournalCursor cursor = journal.cursor("bridge");
        cursor.poll(6, 0);
        cursor.commit(4);
        cursor.rewind();
        assertPositions(drain(cursor), 5, 10);
    }

    @Test
    public void committingBeyondTheHeadIsRefusedAndLowerCommitsChangeNothing() throws Exception {
        open(SMALL);
        appendUpTo(10);
        JournalCursor cursor = journal.cursor("bridge");
        cursor.commit(8);
        cursor.commit(3);
        assertEquals(8, cursor.committed());
        try {
            cursor.commit(11);
            fail("committed a record never appended");
        } catch (IllegalArgumentException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().contains("bridge"));
        }
        assertPositions(drain(cursor), 9, 10);
    }

    @Test
    public void aSegmentIsDeletedOnlyOnceEveryNamedCursorHasCommittedPastIt() throws Exception {
        open(SMALL);
        JournalCursor fast = journal.cursor("fast");
        JournalCursor slow = journal.cursor("slow");
        appendUpTo(60);
        List<Path> before = JournalFiles.segments(directory);
        long firstOfThird = JournalFiles.firstPosition(before.get(2));
        fast.commit(60);
        journal.flush();
        Thread.sleep(50); // several cursor intervals
        assertEquals("slow holds every segment", before, JournalFiles.segments(directory));
        slow.commit(firstOfThird - 1);
        TestEvents.await("first two segments deleted", 5_000,
                () -> journal.statistics().segments() == before.size() - 2);
        assertEquals(before.subList(2, before.size()), JournalFiles.segments(directory));
        assertPositions(drain(slow), firstOfThird, 60);
        assertEquals(0, slow.lost());
    }

    @Test
    public void withNoNamedCursorNothingIsDeletedAndTheFirstConsumerStartsWithTheOldestRecord() throws Exception {
        open(SMALL);
        appendUpTo(50);
        Thread.sleep(50);
        assertEquals(1, JournalFiles.firstPosition(JournalFiles.segments(directory).get(0)));
        assertPositions(drain(journal.cursor("late")), 1, 50);
    }

    @Test
    public void aTransientCursorStartsAfterItsPositionHoldsNoSegmentAndCountsWhatWasDeletedBeneathIt()
            throws Exception {
        open(SMALL);
        appendUpTo(60);
        JournalCursor catchUp = journal.transientCursor(20);
        assertEquals("", catchUp.consumer());
        assertPositions(catchUp.poll(5, 0), 21, 25);
        JournalCursor bridge = journal.cursor("bridge");
        bridge.commit(60);
        TestEvents.await("delivered segments deleted", 5_000, () -> journal.statistics().segments() == 1);
        long oldest = JournalFiles.firstPosition(JournalFiles.segments(directory).get(0));
        List<JournalEntry> rest = drain(catchUp);
        assertPositions(rest, oldest, 60);
        assertEquals(oldest - 26, catchUp.lost());
        try {
            journal.transientCursor(61);
            fail("started a transient cursor beyond the head");
        } catch (IllegalArgumentException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().contains("60"));
        }
    }

    @Test(timeout = 10_000)
    public void awaitDurableReturnsOnceTheRecordIsForcedAndTimesOutForOneNotYetAppended() throws Exception {
        open(SMALL.withSyncIntervalMillis(50));
        long position = journal.append(numbered(1));
        assertTrue(journal.awaitDurable(position, 5_000));
        assertTrue(journal.statistics().durable() >= position);
        long start = System.nanoTime();
        assertFalse(journal.awaitDurable(position + 1, 100));
        assertTrue(System.nanoTime() - start >= 95_000_000L);
    }

    @Test
    public void statisticsCountAppendsBytesAndSegments() throws Exception {
        open(SMALL);
        appendUpTo(40);
        journal.cursor("bridge").commit(10);
        JournalStatistics statistics = journal.statistics();
        assertEquals(40, statistics.head());
        assertEquals(40, statistics.appended());
        journal.close();
        long bytes = 0;
        for (Path segment : JournalFiles.segments(directory)) {
            bytes += Files.size(segment); // the segment being written is cut back to its records at close
        }
        assertEquals(bytes, statistics.bytesOnDisk());
        assertEquals(JournalFiles.segments(directory).size(), statistics.segments());
        assertEquals(Map.of("bridge", 30L), statistics.cursorLag());
        assertEquals(0, statistics.corrupted());
        assertEquals(0, statistics.removedForSpace());
        journal = null;
    }

    @Test
    public void anEventLargerThanTheRecordLimitIsRefusedNamingTheLimitAndNothingIsAppended() throws Exception {
        open(SMALL);
        Event huge = Event.builder("camera.motion", "camera.1f.main-entrance").put("image", "z".repeat(9000))
                .build();
        try {
            journal.append(huge);
            fail("appended an event over the limit");
        } catch (IllegalArgumentException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().contains("8192"));
        }
        assertEquals(0, journal.head());
        assertEquals(1, journal.append(numbered(1)));
    }

    @Test
    public void aSecondJournalOnTheSameDirectoryIsRefused() throws Exception {
        open(SMALL);
        try (SegmentedJournal second = SegmentedJournal.open(directory, SMALL)) {
            fail("opened twice: " + second);
        } catch (IOException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().contains("already open"));
        }
    }

    @Test
    public void aClosedJournalRefusesAppendsAndPolls() throws Exception {
        open(SMALL);
        appendUpTo(3);
        JournalCursor cursor = journal.cursor("bridge");
        journal.close();
        try {
            journal.append(numbered(4));
            fail("appended after close");
        } catch (IOException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().contains("closed"));
        }
        try {
            cursor.poll(1, 0);
            fail("polled after close");
        } catch (IOException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().contains("closed"));
        }
        journal = null;
    }
}
