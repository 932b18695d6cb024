package dev.yakata.store.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventTypes;
import dev.yakata.store.api.EventQuery;
import dev.yakata.store.api.Page;
import dev.yakata.store.api.StoredEvent;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * The test's own PostgreSQL stopped under load and started again: the store catches up in journal order, loses and
 * duplicates nothing, and says so once each way (one {@code store.unavailable}, one {@code store.recovered}).
 */
public class DatabaseOutageTest {

    /** How long the database stays down: the minute by default; -Dstore.outage.seconds=8 for a quick run. */
    private static final long OUTAGE_SECONDS = Long.getLong("store.outage.seconds", 60);

    private PostgresInstance pg;
    private TestDatabase db;
    private StoreFixture store;

    @Before
    public void start() throws Exception {
        pg = PostgresInstance.create();
        db = TestDatabase.postgres(pg.url(), "store_outage");
        store = new StoreFixture(db.schema).start(db.dataSource);
    }

    @After
    public void stop() throws Exception {
        if (store != null) {
            store.close();
        }
        if (db != null) {
            db.dataSource.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    public void aDatabaseStoppedUnderLoadIsCaughtUpInOrderWithOneUnavailableAndOneRecovered() throws Exception {
        AtomicBoolean producing = new AtomicBoolean(true);
        AtomicLong produced = new AtomicLong();
        Thread producer = new Thread(() -> {
            long next = System.nanoTime();
            while (producing.get()) {
                try {
                    store.append(Event.builder("door.held-open", "door.1f.lobby").put("n", produced.get()).build());
                    produced.incrementAndGet();
                    next += 1_000_000; // about 1,000 events a second
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            }
        }, "test-producer");
        producer.start();
        Thread.sleep(2000);
        long before = store.engine.status().eventsWritten();
        assertTrue("the store wrote before the outage", before > 0);

        pg.stop();
        StoreFixture.await(() -> !store.engine.status().connected(), 20_000, () -> "no outage seen");
        String reason = store.engine.status().reason();
        assertTrue(reason, reason.contains("(dataSourceName=yakata)"));
        assertTrue(reason, reason.contains("etc/org.ops4j.datasource-yakata.cfg"));
        Thread.sleep(OUTAGE_SECONDS * 1000);
        long lagDuringOutage = store.engine.status().journalLag();
        assertTrue("events wait in the journal: " + lagDuringOutage, lagDuringOutage > 100);
        pg.start();
        Thread.sleep(2000);
        producing.set(false);
        producer.join();
        store.awaitCaughtUp(90_000);

        long unavailable = store.published.stream().filter(e -> e.type().equals(EventTypes.STORE_UNAVAILABLE)).count();
        long recovered = store.published.stream().filter(e -> e.type().equals(EventTypes.STORE_RECOVERED)).count();
        assertEquals(1, unavailable);
        assertEquals(1, recovered);
        Event alarm = store.published.stream().filter(e -> e.type().equals(EventTypes.STORE_UNAVAILABLE)).findFirst()
                .orElseThrow();
        assertEquals(dev.yakata.api.event.Severity.ALARM, alarm.severity());

        // every journaled record is stored once, positions 1..head without a gap, times in journal order
        long head = store.journal.head();
        try (Connection c = db.dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT COUNT(*), COUNT(DISTINCT journal_position), MIN(journal_position), "
                        + "MAX(journal_position) FROM \"" + db.schema + "\".event_log")) {
            assertTrue(r.next());
            assertEquals(head, r.getLong(1));
            assertEquals(head, r.getLong(2));
            assertEquals(1, r.getLong(3));
            assertEquals(head, r.getLong(4));
        }
        assertEquals(produced.get() + 2, head); // the load, and the store's own two events
        Instant from = Instant.now().minusSeconds(3600);
        EventQuery doors = EventQuery.between(from, Instant.now().plusSeconds(60)).withDevice("door.1f.lobby")
                .withLimit(10_000);
        long expected = 0;
        Page<StoredEvent> page = store.engine.events(doors);
        while (true) {
            for (StoredEvent e : page.items()) {
                assertEquals(expected++, ((Number) e.event().data().get("n")).longValue());
            }
            if (!page.hasNext()) {
                break;
            }
            page = store.engine.events(doors.withNext(page.next()));
        }
        assertEquals(produced.get(), expected);
        assertEquals(1, store.engine.events(EventQuery.between(from, Instant.now().plusSeconds(60))
                .withType(EventTypes.STORE_UNAVAILABLE)).items().size());
    }
}
