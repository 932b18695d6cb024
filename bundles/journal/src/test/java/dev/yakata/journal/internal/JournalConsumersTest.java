package dev.yakata.journal.internal;

import static dev.yakata.journal.internal.TestEvents.numbered;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.yakata.journal.api.JournalCursor;
import dev.yakata.journal.api.JournalEntry;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Independent consumers: a fast one keeps up with the appender while a slow one falls thousands behind. */
public class JournalConsumersTest {

    private static final int RECORDS = 20_000;

    @Rule
    public TemporaryFolder temporary = new TemporaryFolder();

    @Test(timeout = 60_000) // a guard against a hang; the test takes about a second
    public void twoNamedConsumersAtDifferentSpeedsEachGetEveryRecordInOrderAndSegmentsWaitForTheSlowOne()
            throws Exception {
        Path directory = temporary.getRoot().toPath().resolve("journal");
        // Small segments, so rolling and deleting happen while every thread runs.
        JournalSettings settings = new JournalSettings(64 * 1024, 256L << 20, 20, 20, 8192);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicLong slowestLag = new AtomicLong();
        try (SegmentedJournal journal = SegmentedJournal.open(directory, settings)) {
            JournalCursor fast = journal.cursor("fast");
            JournalCursor slow = journal.cursor("slow");
            Thread appender = thread("test-appender", failure, () -> {
                for (long p = 1; p <= RECORDS; p++) {
                    assertEquals(p, journal.append(numbered(p)));
                }
            });
            Thread fastReader = thread("test-fast", failure, () -> consume(fast, 1000, 0, null));
            Thread slowReader = thread("test-slow", failure, () -> {
                // Starts late and reads small batches with pauses: thousands of records behind the appender.
                while (journal.head() < 8_000) {
                    Thread.sleep(1);
                }
                consume(slow, 50, 20, slowestLag);
            });
            appender.start();
            fastReader.start();
            slowReader.start();
            appender.join();
            fastReader.join();
            slowReader.join();
            if (failure.get() != null) {
                throw new AssertionError("a thread failed", failure.get());
            }
            assertTrue("the slow consumer lagged " + slowestLag.get(), slowestLag.get() >= 5_000);
            assertEquals(RECORDS, fast.committed());
            assertEquals(RECORDS, slow.committed());
            assertEquals(0, fast.lost() + slow.lost() + fast.corrupted() + slow.corrupted());
            TestEvents.await("delivered segments deleted", 5_000, () -> journal.statistics().segments() == 1);
        }
    }

    /** Reads to the end in batches of {@code batch}, checking order and content, committing as it goes. */
    private static void consume(JournalCursor cursor, int batch, int pauseEvery, AtomicLong maxLag)
            throws Exception {
        long expected = 1;
        int polls = 0;
        while (expected <= RECORDS) {
            List<JournalEntry> entries = cursor.poll(batch, 100);
            for (JournalEntry entry : entries) {
                TestEvents.assertEntry(expected++, entry);
            }
            if (!entries.isEmpty()) {
                if (maxLag != null) {
                    maxLag.accumulateAndGet(cursor.lag(), Math::max);
                }
                cursor.commit(expected - 1);
            }
            if (pauseEvery > 0 && ++polls % pauseEvery == 0) {
                Thread.sleep(1);
            }
        }
    }

    interface Body {
        void run() throws Exception;
    }

    private static Thread thread(String name, AtomicReference<Throwable> failure, Body body) {
        return new Thread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            }
        }, name);
    }
}
