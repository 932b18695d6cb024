package dev.yakata.store.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventTypes;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.Test;

/**
 * The writer killed between the database's commit and the cursor's: after a restart the journal replays the batch,
 * and the store skips what it holds, so every event is stored once; on H2 and on PostgreSQL.
 */
public class ExactlyOnceTest extends StoreTestOnBothDatabases {

    public ExactlyOnceTest(String kind) {
        super(kind, "once");
    }

    @Test
    public void aWriterKilledAfterTheDatabaseCommitAndBeforeTheCursorCommitStoresEveryEventOnce() throws Exception {
        for (int i = 0; i < 2500; i++) {
            store.append(i % 10 == 0
                    ? Event.builder(EventTypes.COMMAND_ISSUED, "door.1").put("user", "tanaka").put("n", (long) i).build()
                    : Event.builder("door.held-open", "door.1").put("n", (long) i).build());
        }
        CountDownLatch killed = new CountDownLatch(1);
        store.afterCommit = position -> {
            if (position >= 2000) {
                killed.countDown();
                Thread.sleep(Long.MAX_VALUE); // dead: never reaches the cursor commit
            }
        };
        store.start(db.dataSource, store.settings.withWriteBatchSize(1000));
        assertTrue("the writer reached its second batch", killed.await(30, TimeUnit.SECONDS));
        long committed = store.journal.cursor(StoreEngine.CURSOR).committed();
        assertTrue("the cursor is behind what the database holds: " + committed, committed < 2000);
        store.stopAll(); // the process ends with batch two in the database but not in the cursor

        store.start(db.dataSource);
        store.awaitCaughtUp(30_000);

        try (Connection c = db.dataSource.getConnection(); Statement s = c.createStatement()) {
            try (ResultSet r = s.executeQuery("SELECT COUNT(*), COUNT(DISTINCT journal_position), MAX(journal_position) "
                    + "FROM \"" + db.schema + "\".event_log")) {
                r.next();
                assertEquals(2500, r.getLong(1));
                assertEquals(2500, r.getLong(2));
                assertEquals(2500, r.getLong(3));
            }
            try (ResultSet r = s.executeQuery("SELECT COUNT(*), MAX(chain_seq) FROM \"" + db.schema + "\".audit_entry")) {
                r.next();
                assertEquals(250, r.getLong(1));
                assertEquals(250, r.getLong(2));
            }
        }
        assertEquals("no outage on the replay", 0, store.published.size());
        assertEquals(2500, store.journal.cursor(StoreEngine.CURSOR).committed());
    }
}
