package dev.yakata.store.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import dev.yakata.api.event.Event;
import dev.yakata.store.api.EventQuery;
import dev.yakata.store.api.StoreStatus;
import java.time.Instant;
import java.util.List;
import org.junit.Before;
import org.junit.Test;

/** A store without its DataSource runs, holds its cursor, says what it waits for, and catches up when it comes. */
public class DataSourceLaterTest extends StoreTestOnBothDatabases {

    public DataSourceLaterTest(String kind) {
        super(kind, "later");
    }

    @Before
    public void start() throws Exception {
        store.start(null);
    }

    @Test
    public void withoutADataSourceTheStoreWaitsNamingItAndCatchesUpInOrderWhenItArrives() throws Exception {
        Instant t0 = Instant.now();
        for (int i = 0; i < 500; i++) {
            store.append(Event.builder("door.forced", "door.1").put("n", (long) i).build());
        }
        Thread.sleep(500);
        StoreStatus waiting = store.engine.status();
        assertFalse(waiting.connected());
        assertTrue(waiting.reason(), waiting.reason().startsWith("waiting for DataSource (dataSourceName=yakata)"));
        assertTrue(waiting.reason(), waiting.reason().contains("etc/org.ops4j.datasource-yakata.cfg"));
        assertEquals(500, waiting.journalLag());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> store.engine.events(EventQuery.between(t0, Instant.now())));
        assertTrue(e.getMessage(), e.getMessage().contains("DataSource (dataSourceName=yakata)"));
        assertTrue(e.getMessage(), e.getMessage().contains("etc/org.ops4j.datasource-yakata.cfg"));

        store.engine.dataSource(db.dataSource);
        store.awaitCaughtUp(20_000);
        List<Long> numbers = store.engine.events(EventQuery.between(t0, Instant.now().plusSeconds(1)).withLimit(1000))
                .items().stream().map(s -> (Long) s.event().data().get("n")).toList();
        assertEquals(500, numbers.size());
        for (int i = 0; i < 500; i++) {
            assertEquals(i, numbers.get(i).longValue());
        }
        assertEquals(0, store.published.size()); // waiting for a DataSource is not an outage
    }

    @Test
    public void aDataSourceThatGoesAwayStopsWritingUntilAnotherComes() throws Exception {
        store.engine.dataSource(db.dataSource);
        store.append(Event.of("door.forced", "door.1"));
        store.awaitCaughtUp(20_000);
        store.engine.dataSourceGone(db.dataSource);
        Thread.sleep(500); // the writer notices between two polls
        store.append(Event.of("door.forced", "door.1"));
        Thread.sleep(600);
        assertEquals(1, store.engine.status().journalLag());
        assertTrue(store.engine.status().reason().startsWith("waiting for DataSource"));
        store.engine.dataSource(db.dataSource);
        store.awaitCaughtUp(20_000);
        assertEquals(2, store.engine.status().eventsWritten());
    }
}
