package dev.yakata.journal.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.yakata.journal.api.JournalCursor;
import dev.yakata.journal.api.JournalEntry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Kills a child JVM while it appends, several times over the same directory, and checks that every position it
 * acknowledged (printed after {@code awaitDurable}) is there and readable after reopening.
 */
public class JournalCrashTest {

    private static final int ROUNDS = 3;
    /** Positions the test waits to see in each round before it kills the child, which keeps on appending. */
    private static final int REPORTS_PER_ROUND = 5_000;

    @Rule
    public TemporaryFolder temporary = new TemporaryFolder();

    @Test(timeout = 120_000) // a guard against a hang; the test normally takes a few seconds
    public void everyPositionAcknowledgedAfterAwaitDurableSurvivesTheProcessBeingKilledMidAppend() throws Exception {
        Path directory = temporary.getRoot().toPath().resolve("journal");
        long lastAcknowledged = 0;
        for (int round = 1; round <= ROUNDS; round++) {
            lastAcknowledged = runChildAndKillIt(directory, round, lastAcknowledged);
        }
        try (SegmentedJournal journal = SegmentedJournal.open(directory, CrashingJournalAppender.SETTINGS)) {
            assertTrue(journal.head() + " >= " + lastAcknowledged, journal.head() >= lastAcknowledged);
            JournalCursor cursor = journal.cursor("check");
            long expected = 1;
            while (true) {
                List<JournalEntry> batch = cursor.poll(10_000, 0);
                if (batch.isEmpty()) {
                    break;
                }
                for (JournalEntry entry : batch) {
                    TestEvents.assertEntry(expected++, entry);
                }
            }
            assertEquals("every record up to the head, none missing", journal.head() + 1, expected);
            assertEquals(0, cursor.corrupted());
            assertEquals(0, journal.statistics().corrupted());
        }
    }

    /** Returns the highest position the child acknowledged, having checked they increase by one. */
    private long runChildAndKillIt(Path directory, int round, long acknowledgedBefore) throws Exception {
        Path errors = temporary.getRoot().toPath().resolve("child-" + round + ".err");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-cp", System.getProperty("java.class.path"), CrashingJournalAppender.class.getName(),
                directory.toString())
                .redirectError(errors.toFile())
                .start();
        long last = acknowledgedBefore;
        int reported = 0;
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII))) {
            String line;
            while ((line = lines.readLine()) != null) {
                long position = Long.parseLong(line.trim());
                if (reported == 0) {
                    assertTrue("round " + round + " started at " + position + " after " + last, position > last);
                } else {
                    assertEquals(last + 1, position);
                }
                last = position;
                if (++reported == REPORTS_PER_ROUND) {
                    // The child keeps appending, so it dies in the middle of an append (SIGKILL). Through its
                    // handle, so our end of the pipe stays open: the lines still in it were acknowledged too and
                    // are read on to the end. (Process.destroyForcibly would close the pipe.)
                    child.toHandle().destroyForcibly();
                }
            }
        } finally {
            child.destroyForcibly();
            child.waitFor();
        }
        assertTrue("child of round " + round + " stopped after " + reported + " positions: " + readErrors(errors),
                reported >= REPORTS_PER_ROUND);
        return last;
    }

    private static String readErrors(Path errors) throws IOException {
        return Files.exists(errors) ? Files.readString(errors) : "";
    }
}
