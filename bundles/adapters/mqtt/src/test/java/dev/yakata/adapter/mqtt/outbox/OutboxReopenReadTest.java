package dev.yakata.adapter.mqtt.outbox;

import static org.junit.Assert.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class OutboxReopenReadTest {

    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void afterReopenReadsFromTheAcknowledgedPointReturnEveryRecordInTurnWhileAppendsGoOn() throws Exception {
        Path dir = tmp.newFolder("outbox").toPath();
        byte[] payload = new byte[360];
        try (Outbox outbox = Outbox.open(dir, OutboxSettings.defaults())) {
            for (int i = 0; i < 14_856; i++) {
                outbox.append(payload);
            }
            outbox.acknowledge(3_364);
        }
        try (Outbox outbox = Outbox.open(dir, OutboxSettings.defaults())) {
            AtomicBoolean appending = new AtomicBoolean(true);
            Thread appender = new Thread(() -> {
                try {
                    for (int i = 0; i < 12_000; i++) {
                        outbox.append(payload);
                    }
                } catch (Exception e) {
                    throw new RuntimeException(e);
                } finally {
                    appending.set(false);
                }
            });
            appender.start();
            long next = outbox.acknowledged() + 1;
            while (appending.get() || next <= outbox.lastSequence()) {
                List<OutboxRecord> records = outbox.read(next, 9);
                for (OutboxRecord r : records) {
                    assertEquals("read(" + next + ") gave", next, r.sequence());
                    next++;
                }
                if (!records.isEmpty()) {
                    outbox.acknowledge(next - 1);
                }
            }
            appender.join();
            assertEquals(14_856 + 12_000 + 1, next);
        }
    }
}
