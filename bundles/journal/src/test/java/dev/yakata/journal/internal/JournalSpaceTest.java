package dev.yakata.journal.internal;

import static dev.yakata.journal.internal.TestEvents.numbered;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.yakata.journal.api.JournalCursor;
import dev.yakata.journal.api.JournalStatistics;
import java.nio.file.Path;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** At its size limit the journal removes its oldest segment rather than refuse an append, and says who lost what. */
public class JournalSpaceTest {

    private static final JournalSettings TINY = new JournalSettings(2048, 8192, 10, 10, 1024);

    @Rule
    public TemporaryFolder temporary = new TemporaryFolder();

    @Test
    public void atTheSizeLimitTheOldestSegmentIsRemovedAndTheLaggingCursorsLostSaysHowMany() throws Exception {
        Path directory = temporary.getRoot().toPath().resolve("journal");
        try (TestEvents.LogCapture log = new TestEvents.LogCapture();
                SegmentedJournal journal = SegmentedJournal.open(directory, TINY)) {
            JournalCursor keepingUp = journal.cursor("keeping-up");
            JournalCursor lagging = journal.cursor("lagging");
            for (long p = 1; p <= 300; p++) {
                assertEquals("never refused", p, journal.append(numbered(p)));
                for (var entry : keepingUp.poll(10, 0)) {
                    keepingUp.commit(entry.position());
                }
            }
            JournalStatistics statistics = journal.statistics();
            assertTrue("segments " + statistics.segments(), statistics.segments() <= 5);
            assertTrue("bytes " + statistics.bytesOnDisk(), statistics.bytesOnDisk() <= TINY.maxBytes());
            // The cursor thread deletes the files of removed segments shortly after the appender drops them.
            TestEvents.await("removed segment files deleted", 5_000, () -> {
                try {
                    return JournalFiles.segments(directory).size() == journal.statistics().segments();
                } catch (java.io.IOException e) {
                    throw new AssertionError(e);
                }
            });
            // The journal forgets a removed segment at once; its cursor thread deletes the file a moment later.
            long oldest = statistics.removedForSpace() + 1;
            assertTrue("oldest kept " + oldest, oldest > 200);
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (JournalFiles.firstPosition(JournalFiles.segments(directory).get(0)) != oldest) {
                assertTrue("the removed segments' files are deleted", System.nanoTime() < deadline);
                Thread.sleep(10);
            }

            assertEquals(oldest - 1, lagging.lost());
            assertEquals(0, keepingUp.lost());
            SegmentedJournalTest.assertPositions(SegmentedJournalTest.drain(lagging), oldest, 300);
            assertEquals("counted once", oldest - 1, lagging.lost());

            String text = log.text();
            assertTrue(text, text.contains("reached maxBytes (8192 bytes): removed its oldest segment "
                    + RecordFormat.segmentFileName(1) + " (positions 1 to "));
            assertTrue(text, text.contains("lagging lost "));
            assertEquals("one report a minute, however many segments go", 1,
                    text.split("reached maxBytes", -1).length - 1);
        }
    }

    @Test
    public void aConsumerThatReopensBehindWhatWasRemovedIsToldWhatItLost() throws Exception {
        Path directory = temporary.getRoot().toPath().resolve("journal");
        try (SegmentedJournal journal = SegmentedJournal.open(directory, TINY)) {
            journal.cursor("lagging").commit(0);
            for (long p = 1; p <= 200; p++) {
                journal.append(numbered(p));
            }
        }
        try (SegmentedJournal journal = SegmentedJournal.open(directory, TINY)) {
            long oldest = JournalFiles.firstPosition(JournalFiles.segments(directory).get(0));
            JournalCursor lagging = journal.cursor("lagging");
            assertEquals(oldest - 1, lagging.lost());
            SegmentedJournalTest.assertPositions(SegmentedJournalTest.drain(lagging), oldest, 200);
        }
    }
}
