package dev.yakata.store.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventTypes;
import dev.yakata.store.api.AuditEntry;
import dev.yakata.store.api.AuditQuery;
import dev.yakata.store.api.EventStore;
import dev.yakata.store.api.Page;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

/**
 * The writer's pipeline when the database fails in the middle of a batch while the next batch is already read and
 * hashed ahead (on H2 and PostgreSQL): the failed batch and the one prepared after it are thrown away, the cursor goes
 * back to its last commit, and both are prepared again from the committed chain heads. Nothing is lost, nothing is
 * stored twice, both chains are numbered without a gap in journal order and verify.
 */
public class PreparerFailureTest extends StoreTestOnBothDatabases {

    private static final Instant T0 = Instant.parse("2026-12-02T09:00:00Z");
    private static final int BATCH = 200;
    private static final int EVENTS = 2_000;
    /** In the middle of the fourth batch (601..800): batches 1-3 commit, the fourth fails while the fifth is ready. */
    private static final int REFUSED_POSITION = 700;

    public PreparerFailureTest(String kind) {
        super(kind, "preparer");
    }

    /** Event i: a Level-3 decision (access chain) for even i, a refused log-in (audit chain) for every fifth. */
    private static Event event(int i) {
        if (i % 5 == 0) {
            return Event.builder("login.refused", "hub").time(T0.plusMillis(i)).put("user", "mallory-" + i)
                    .put("channel", "REST").put("reason", "wrong password").build();
        }
        if (i % 2 == 0) {
            return Event.builder(EventTypes.ACCESS_GRANTED, "door.2f.server-room").time(T0.plusMillis(i))
                    .correlationId("swipe-" + i).actor("card:01").put("door", "door.2f.server-room")
                    .put("reader", "entry").put("direction", "entry").put("level", 3).put("person", "P" + i)
                    .put("reason", "granted").build();
        }
        return Event.builder("door.opened", "door.2f.server-room").time(T0.plusMillis(i)).put("state", "OPEN").build();
    }

    @Test
    public void aBatchFailingMidwayWhileTheNextIsPreparedIsWrittenAgainWithNothingLostOrTwiceAndTheChainsIntact()
            throws Exception {
        String events = "\"" + db.schema + "\".event_log";
        for (int i = 1; i <= EVENTS; i++) {
            store.append(event(i));
        }
        SchemaMigrator.migrate(db.dataSource, db.schema, null);
        db.execute("ALTER TABLE " + events + " ADD CONSTRAINT refuse_one CHECK (journal_position <> "
                + REFUSED_POSITION + ")");
        // not start(): it waits to see the store connected, and the fourth batch may fail before that is seen
        store.launch(db.dataSource, store.settings.withWriteBatchSize(BATCH));
        StoreFixture.await(() -> store.published.stream().anyMatch(e -> e.type().equals(EventTypes.STORE_UNAVAILABLE)),
                30_000, () -> "the refused batch raised no store.unavailable: " + store.engine.status());
        Thread.sleep(300); // a retry or two more, each with a batch prepared ahead of it
        assertEquals("the three batches before the refused one, and nothing of it or after it", 600,
                number("SELECT COUNT(*) FROM " + events));
        assertEquals("the cursor committed what the database committed", 600, store.journal.cursor("store").committed());

        db.execute("ALTER TABLE " + events + " DROP CONSTRAINT refuse_one");
        store.awaitCaughtUp(60_000);

        long head = store.journal.head();
        assertEquals("every journaled event once (with the store's own outage events)", head,
                number("SELECT COUNT(*) FROM " + events));
        assertEquals("no event twice", head, number("SELECT COUNT(DISTINCT event_id) FROM " + events));
        assertEquals(head, number("SELECT MAX(journal_position) FROM " + events));

        List<AuditEntry> access = chain(EventStore.ACCESS_CHAIN);
        List<AuditEntry> audit = chain(EventStore.AUDIT_CHAIN);
        List<String> swipes = new ArrayList<>();
        int refusedLogins = 0;
        for (int i = 1; i <= EVENTS; i++) {
            if (i % 5 == 0) {
                refusedLogins++;
            } else if (i % 2 == 0) {
                swipes.add("swipe-" + i);
            }
        }
        assertEquals("the access chain holds every Level-3 decision once, in journal order", swipes,
                access.stream().map(AuditEntry::correlationId).toList());
        for (int i = 0; i < access.size(); i++) {
            assertEquals("access record " + (i + 1) + " numbered without a gap", i + 1, access.get(i).sequence());
        }
        assertEquals(refusedLogins, audit.stream().filter(a -> a.kind().equals("login.refused")).count());
        for (int i = 0; i < audit.size(); i++) {
            assertEquals("audit record " + (i + 1) + " numbered without a gap", i + 1, audit.get(i).sequence());
        }
        assertTrue(store.engine.verify("access").summary(), store.engine.verify("access").intact());
        assertTrue(store.engine.verify("audit").summary(), store.engine.verify("audit").intact());
    }

    private List<AuditEntry> chain(String chain) {
        List<AuditEntry> all = new ArrayList<>();
        String next = "";
        do {
            AuditQuery q = AuditQuery.between(T0.minusSeconds(3600), Instant.now().plusSeconds(3600)).withChain(chain)
                    .withLimit(EventStore.MAX_LIMIT);
            Page<AuditEntry> page = store.engine.audit(next.isEmpty() ? q : q.withNext(next));
            all.addAll(page.items());
            next = page.next();
        } while (!next.isEmpty());
        return all;
    }

    private long number(String sql) throws SQLException {
        try (Connection c = db.dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }
}
