package dev.yakata.adapter.mqtt.outbox;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

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

/** Kills a child JVM while it appends, several times over the same directory, and checks nothing returned is lost. */
public class OutboxCrashTest {

    private static final int ROUNDS = 3;
    /** Sequence numbers the test waits to see in each round before it kills the child, which keeps on appending. */
    private static final int REPORTS_PER_ROUND = 10_000;

    @Rule
    public TemporaryFolder temporary = new TemporaryFolder();

    @Test(timeout = 300_000) // only a guard against a hang; the test normally takes a few seconds
    public void everyRecordAppendReturnedForSurvivesTheProcessBeingKilledMidRun() throws Exception {
        Path directory = temporary.getRoot().toPath().resolve("outbox");
        long lastReported = 0;
        for (int round = 1; round <= ROUNDS; round++) {
            lastReported = runChildAndKillIt(directory, round, lastReported);
        }
        try (Outbox outbox = Outbox.open(directory, CrashingAppender.SETTINGS)) {
            assertTrue(outbox.lastSequence() >= lastReported);
            long expected = 1;
            while (true) {
                List<OutboxRecord> batch = outbox.read(expected, 10_000);
                if (batch.isEmpty()) {
                    break;
                }
                for (OutboxRecord record : batch) {
                    assertEquals(expected, record.sequence());
                    assertArrayEquals("payload of " + expected, OutboxTest.payload(expected), record.payload());
                    expected++;
                }
            }
            assertEquals(outbox.lastSequence() + 1, expected);
            assertEquals(0, outbox.statistics().corruptRecordsSkipped());
        }
    }

    /** Returns the highest sequence number the child reported, having checked they increase by one. */
    private long runChildAndKillIt(Path directory, int round, long reportedBefore) throws Exception {
        Path errors = temporary.getRoot().toPath().resolve("child-" + round + ".err");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CrashingAppender.class.getName(), directory.toString())
                .redirectError(errors.toFile())
                .start();
        long last = reportedBefore;
        int reported = 0;
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII))) {
            String line;
            while ((line = lines.readLine()) != null) {
                long sequence = Long.parseLong(line.trim());
                if (reported == 0) {
                    assertTrue("round " + round + " started at " + sequence + " after " + last, sequence > last);
                } else {
                    assertEquals(last + 1, sequence);
                }
                last = sequence;
                if (++reported == REPORTS_PER_ROUND) {
                    // The child is ahead of what we read (the pipe holds thousands of lines), so it dies mid-append.
                    // Destroying it closes our end of the pipe; the unread lines are checked below all the same.
                    child.destroyForcibly();
                    break;
                }
            }
        } finally {
            child.destroyForcibly();
            child.waitFor();
        }
        assertTrue("child of round " + round + " stopped after " + reported + " records: " + readErrors(errors),
                reported >= REPORTS_PER_ROUND);
        return last;
    }

    private static String readErrors(Path errors) throws IOException {
        return Files.exists(errors) ? Files.readString(errors) : "";
    }
}
