package dev.yakata.store.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventTypes;
import dev.yakata.store.api.AuditEntry;
import dev.yakata.store.api.AuditQuery;
import dev.yakata.store.api.EventQuery;
import dev.yakata.store.api.StoredEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import org.junit.Test;

/** Schema migrations from an empty database and from the previous version with rows in it; H2 and PostgreSQL. */
public class MigrationTest extends StoreTestOnBothDatabases {

    private static final Instant T0 = Instant.parse("2026-11-30T09:00:00Z");

    public MigrationTest(String kind) {
        super(kind, "migration");
    }

    @Test
    public void anEmptyDatabaseIsMigratedToTheNewestVersionInTheStoresOwnSchema() throws Exception {
        assertEquals("2", SchemaMigrator.migrate(db.dataSource, db.schema, null));
        assertEquals(List.of("1", "2"), appliedVersions());
        // again: nothing to do, same version
        assertEquals("2", SchemaMigrator.migrate(db.dataSource, db.schema, null));
        assertEquals(List.of("1", "2"), appliedVersions());
    }

    @Test
    public void aVersionOneDatabaseWithRowsIsMigratedAndItsRowsKeptAndTheStoreContinuesAfterThem() throws Exception {
        assertEquals("1", SchemaMigrator.migrate(db.dataSource, db.schema, "1"));
        // The hub before the upgrade: three events journaled and stored at version 1, the cursor committed.
        store.start(null);
        store.stopStore();
        for (int i = 0; i < 3; i++) {
            Event e = Event.builder(EventTypes.COMMAND_ISSUED, "door.1f.lobby").id("old-" + i).time(T0.plusSeconds(i))
                    .put("user", "tanaka").put("action", "unlock").build();
            long position = store.append(e);
            try (Connection c = db.dataSource.getConnection(); PreparedStatement s = c.prepareStatement("INSERT INTO \""
                    + db.schema + "\".event_log VALUES (?, ?, ?, 'door.1f.lobby', 'command.issued', '', '', 'INFO', 0, "
                    + "'', '', NULL, '{\"user\":\"tanaka\",\"action\":\"unlock\"}')")) {
                s.setLong(1, position);
                s.setString(2, e.id());
                s.setLong(3, Times.nanos(e.time()));
                s.executeUpdate();
            }
            try (Connection c = db.dataSource.getConnection(); PreparedStatement s = c.prepareStatement("INSERT INTO \""
                    + db.schema + "\".audit_entry VALUES ('audit', ?, ?, 'command.issued', 'tanaka', 'SHELL', "
                    + "'door.1f.lobby', 'unlock', '{}', 'issued', '', ?, ?, '', '', '')")) {
                s.setLong(1, i + 1);
                s.setLong(2, Times.nanos(e.time()));
                s.setString(3, e.id());
                s.setLong(4, position);
                s.executeUpdate();
            }
        }
        store.journal.cursor(StoreEngine.CURSOR).commit(3);

        store.start(db.dataSource);
        store.append(Event.builder(EventTypes.COMMAND_ISSUED, "door.1f.lobby").time(T0.plusSeconds(10))
                .put("user", "suzuki").put("action", "lock").build());
        store.awaitCaughtUp(15_000);

        assertEquals("2", store.engine.status().schemaVersion());
        assertEquals(List.of("1", "2"), appliedVersions());
        List<StoredEvent> events = store.engine.events(EventQuery.between(T0, T0.plusSeconds(60))).items();
        assertEquals(4, events.size());
        assertEquals("old-0", events.get(0).event().id());
        assertEquals(4, events.get(3).position());
        List<AuditEntry> trail = store.engine.audit(AuditQuery.between(T0, T0.plusSeconds(60))).items();
        assertEquals(4, trail.size());
        assertEquals(4, trail.get(3).sequence());
        assertEquals("suzuki", trail.get(3).user());
        // and the version-2 tables exist and work
        store.engine.telemetry(Event.builder(EventTypes.POINT_CHANGED, "ahu.1").subject("temp").time(T0)
                .put("point", "temp").put("value", 21.5).put("quality", "GOOD").build());
        StoreFixture.await(() -> store.engine.status().samplesWritten() == 1, 10_000, () -> "no sample written");
    }

    @Test
    public void aBundleWhoseMigrationsFlywayCannotSeeIsRefusedNotReportedUpToDate() {
        IllegalStateException e = org.junit.Assert.assertThrows(IllegalStateException.class,
                () -> SchemaMigrator.migrate(db.dataSource, db.schema, null, "classpath:db/store/no-such-folder"));
        assertTrue(e.getMessage(), e.getMessage().startsWith("no schema migration found at classpath:db/store/no-such-folder"));
    }

    @Test
    public void aDatabaseAheadOfThisHubsJournalIsRefusedAndNothingOfTheNewJournalIsSkipped() throws Exception {
        // another hub's record: positions up to 100 in the schema; this hub's journal is new
        SchemaMigrator.migrate(db.dataSource, db.schema, null);
        try (Connection c = db.dataSource.getConnection(); PreparedStatement s = c.prepareStatement("INSERT INTO \""
                + db.schema + "\".event_log VALUES (100, 'other-hub', 0, 'door.x', 'door.forced', '', '', 'INFO', 0, "
                + "'', '', NULL, '{}')")) {
            s.executeUpdate();
        }
        store.append(Event.of("door.forced", "door.1"));
        store.start(null);
        store.engine.dataSource(db.dataSource);
        StoreFixture.await(() -> store.engine.status().reason().contains("holds journal positions"), 10_000,
                () -> "no refusal: " + store.engine.status());
        String reason = store.engine.status().reason();
        assertTrue(reason, reason.contains("holds journal positions up to 100 but this hub's journal ends at 1"));
        assertTrue(reason, reason.contains("set schema in etc/dev.yakata.store.cfg"));
        assertEquals(0, store.engine.status().eventsWritten());
        // an alarm says so, and waits in the journal with the event, for when the operator has fixed it; the status
        // takes the reason a moment before the alarm is published and journaled
        StoreFixture.await(() -> !store.published.isEmpty() && store.engine.status().journalLag() == 2, 10_000,
                () -> "no alarm journaled: " + store.published + ", " + store.engine.status());
        assertEquals(1, store.published.size());
        assertEquals(EventTypes.STORE_UNAVAILABLE, store.published.get(0).type());
        assertTrue(store.published.get(0).data().get("reason").toString().contains("holds journal positions"));
        assertEquals(2, store.engine.status().journalLag());
    }

    private List<String> appliedVersions() throws Exception {
        try (Connection c = db.dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT \"version\" FROM \"" + db.schema + "\".\"flyway_schema_history\" WHERE \"success\" = TRUE AND \"version\" IS NOT NULL "
                        + "ORDER BY \"installed_rank\"");
                ResultSet r = s.executeQuery()) {
            List<String> versions = new java.util.ArrayList<>();
            while (r.next()) {
                versions.add(r.getString(1));
            }
            assertTrue(versions.size() > 0);
            return versions;
        }
    }
}
