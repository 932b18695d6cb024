package dev.yakata.adapter.mqtt.outbox;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class OutboxConcurrencyTest {

    private static final int RECORDS = 200_000;

    @Rule
    public TemporaryFolder temporary = new TemporaryFolder();

    @Test(timeout = 300_000) // only a guard against a hang; the test normally takes about a second
    public void oneAppenderAndOneReaderThatAcknowledgesSeeEveryRecordExactlyOnceInOrder() throws Exception {
        Path directory = temporary.getRoot().toPath().resolve("outbox");
        // Small segments and a small limit, so rolling, deleting and a full outbox all happen while both threads run.
        OutboxSettings settings = new OutboxSettings(64 * 1024, 1024 * 1024, 100, 100, 1024);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long[] fullRetries = new long[1];
        try (Outbox outbox = Outbox.open(directory, settings)) {
            Thread appender = new Thread(() -> {
                try {
                    for (long sequence = 1; sequence <= RECORDS && failure.get() == null; sequence++) {
                        while (true) {
                            try {
                                assertEquals(sequence, outbox.append(OutboxTest.payload(sequence)));
                                break;
                            } catch (OutboxFullException full) {
                                fullRetries[0]++;
                                LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(100));
                            }
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "test-appender");
            Thread reader = new Thread(() -> {
                try {
                    long expected = 1;
                    while (expected <= RECORDS && failure.get() == null) {
                        List<OutboxRecord> batch = outbox.read(outbox.acknowledged() + 1, 1000);
                        if (batch.isEmpty()) {
                            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(50));
                            continue;
                        }
                        for (OutboxRecord record : batch) {
                            assertEquals(expected, record.sequence());
                            assertArrayEquals(OutboxTest.payload(expected), record.payload());
                            expected++;
                        }
                        outbox.acknowledge(expected - 1);
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "test-reader");
            appender.start();
            reader.start();
            appender.join();
            reader.join();
            if (failure.get() != null) {
                throw new AssertionError("a thread failed", failure.get());
            }
            OutboxStatistics statistics = outbox.statistics();
            assertEquals(RECORDS, statistics.appended());
            assertEquals(RECORDS, statistics.acknowledged());
            assertEquals(0, statistics.pending());
            assertEquals(0, statistics.corruptRecordsSkipped());
            assertEquals(fullRetries[0], statistics.rejectedFull());
            assertEquals(1, statistics.segments());
        }
        try (Outbox reopened = Outbox.open(directory, settings)) {
            assertEquals(RECORDS, reopened.acknowledged());
            assertEquals(RECORDS, reopened.lastSequence());
            assertFalse(reopened.read(1, 10).stream().anyMatch(r -> r.sequence() <= RECORDS - 10_000));
            assertNull(failure.get());
        }
    }
}
