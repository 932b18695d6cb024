package dev.yakata.store.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventTypes;
import dev.yakata.store.api.AuditQuery;
import dev.yakata.store.api.EventQuery;
import dev.yakata.store.api.HistoryQuery;
import dev.yakata.store.api.Resolution;
import dev.yakata.store.api.RetentionReport;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.Before;
import org.junit.Test;

/** Retention per class of record, and the audit trail pruned only below a kept checkpoint; H2 and PostgreSQL. */
public class RetentionTest extends StoreTestOnBothDatabases {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MINUTES);

    public RetentionTest(String kind) {
        super(kind, "retention");
    }

    @Before
    public void start() throws Exception {
        // control 30 days, audit 20 days, raw 7, minute rollups 60, hour rollups 400; the access chain 10 days
        store.start(db.dataSource, store.settings.withRetention(30, 20, 7, 60, 400).withAccessRetention(10));
    }

    private Instant daysAgo(int days) {
        return NOW.minus(Duration.ofDays(days));
    }

    private void sample(int daysAgo) {
        store.engine.telemetry(Event.builder(EventTypes.POINT_CHANGED, "ahu.1").subject("temp").time(daysAgo(daysAgo))
                .put("point", "temp").put("value", 20.0).put("quality", "GOOD").build());
    }

    @Test
    public void eachClassLosesOnlyWhatIsOlderThanItsOwnRetention() throws Exception {
        for (int days : new int[] {45, 31, 29, 1}) {
            store.append(Event.builder("door.forced", "door.1").time(daysAgo(days)).build());
        }
        for (int days : new int[] {500, 100, 50, 8, 6}) {
            sample(days);
        }
        store.awaitCaughtUp(15_000);
        StoreFixture.await(() -> store.engine.status().samplesWritten() == 5 && count(Resolution.HOUR) == 5, 20_000,
                () -> "history not written: " + store.engine.status());

        RetentionReport report = store.engine.runRetention();

        assertEquals(2, report.controlEvents());
        assertEquals(4, report.rawSamples()); // 500, 100, 50 and 8 days are past the 7-day raw window
        assertEquals(3, count(Resolution.MINUTE)); // 50, 8 and 6 days: within 60
        assertEquals(4, count(Resolution.HOUR)); // only 500 days is past 400
        assertEquals(2, store.engine.events(EventQuery.between(daysAgo(400), NOW.plusSeconds(60))
                .withType("door.forced")).items().size());
        assertEquals(report, store.engine.status().lastRetention());
        Event published = store.published.stream().filter(e -> e.type().equals(EventTypes.STORE_RETENTION))
                .findFirst().orElseThrow();
        assertEquals(2L, published.data().get("controlEvents"));
        assertEquals(4L, published.data().get("rawSamples"));
    }

    @Test
    public void anAuditTrailWithoutAnOldEnoughCheckpointKeepsEveryRecordAndSaysWhy() throws Exception {
        for (int days : new int[] {25, 24, 5}) {
            store.append(Event.builder(EventTypes.COMMAND_ISSUED, "door.1").time(daysAgo(days)).put("user", "tanaka").build());
        }
        store.awaitCaughtUp(15_000);
        RetentionReport report = store.engine.runRetention();
        assertEquals(0, report.auditEntries());
        assertTrue(report.note(), report.note().contains("no chain checkpoint"));
        assertEquals(3, store.engine.audit(AuditQuery.between(daysAgo(400), NOW.plusSeconds(60))).items().size());
    }

    @Test
    public void theAuditTrailIsPrunedOnlyInWholeRecordsBelowTheNewestOldCheckpointWhichIsKept() throws Exception {
        for (int days : new int[] {40, 35, 30, 25, 5}) {
            store.append(Event.builder(EventTypes.COMMAND_ISSUED, "door.1").time(daysAgo(days)).put("user", "tanaka").build());
        }
        store.awaitCaughtUp(15_000);
        // old checkpoints placed by hand: the ones the store signed (dated now) would keep nothing from pruning
        awaitSignedOnce("audit");
        db.execute("DELETE FROM \"" + db.schema + "\".chain_checkpoint");
        checkpoint(1, daysAgo(39));
        checkpoint(3, daysAgo(29)); // the newest checkpoint older than 20 days: records 1..3 may go
        checkpoint(5, daysAgo(4));

        RetentionReport report = store.engine.runRetention();

        assertEquals(3, report.auditEntries());
        List<Long> left = store.engine.audit(AuditQuery.between(daysAgo(400), NOW.plusSeconds(60))).items().stream()
                .map(a -> a.sequence()).toList();
        assertEquals(List.of(4L, 5L), left);
        try (Connection c = db.dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT entry_count FROM \"" + db.schema + "\".chain_checkpoint ORDER BY entry_count");
                var r = s.executeQuery()) {
            r.next();
            assertEquals(3, r.getLong(1)); // the one a verifier starts from
            r.next();
            assertEquals(5, r.getLong(1));
            assertTrue(!r.next());
        }
    }

    @Test
    public void theAccessChainIsPrunedByItsOwnRetentionBelowItsOwnCheckpointAndTheEventSaysHowMany() throws Exception {
        for (int days : new int[] {40, 30, 15, 12, 5}) {
            store.append(levelThreeDecision(days));
        }
        for (int days : new int[] {25, 5}) {
            store.append(Event.builder(EventTypes.COMMAND_ISSUED, "door.1").time(daysAgo(days)).put("user", "tanaka")
                    .build());
        }
        store.awaitCaughtUp(15_000);
        awaitSignedOnce("access", "audit");
        db.execute("DELETE FROM \"" + db.schema + "\".chain_checkpoint");
        checkpoint("access", 2, daysAgo(29));
        checkpoint("access", 4, daysAgo(11)); // the newest access checkpoint older than 10 days: records 1..4 may go
        checkpoint("access", 5, daysAgo(4));
        checkpoint("audit", 1, daysAgo(24)); // the audit chain by its own 20 days: record 1 may go

        RetentionReport report = store.engine.runRetention();

        assertEquals(4, report.accessEntries());
        assertEquals(1, report.auditEntries());
        assertEquals(report.note(), "", report.note());
        assertEquals(List.of(5L), store.engine.audit(AuditQuery.between(daysAgo(400), NOW.plusSeconds(60))
                .withChain("access")).items().stream().map(a -> a.sequence()).toList());
        assertEquals(List.of(2L), store.engine.audit(AuditQuery.between(daysAgo(400), NOW.plusSeconds(60))).items()
                .stream().map(a -> a.sequence()).toList());
        assertEquals(List.of("access 4", "access 5", "audit 1"), checkpoints());
        Event published = store.published.stream().filter(e -> e.type().equals(EventTypes.STORE_RETENTION))
                .findFirst().orElseThrow();
        assertEquals(4L, published.data().get("accessEntries"));
        assertEquals(1L, published.data().get("auditEntries"));
    }

    @Test
    public void anAccessChainWithoutAnOldEnoughCheckpointKeepsEveryRecordAndTheNoteNamesItsSetting() throws Exception {
        for (int days : new int[] {15, 12, 5}) {
            store.append(levelThreeDecision(days));
        }
        store.awaitCaughtUp(15_000);
        RetentionReport report = store.engine.runRetention();
        assertEquals(0, report.accessEntries());
        assertTrue(report.note(), report.note().contains("no chain checkpoint of access"));
        assertTrue(report.note(), report.note().contains("retentionAccessDays"));
        assertEquals(3, store.engine.audit(AuditQuery.between(daysAgo(400), NOW.plusSeconds(60)).withChain("access"))
                .items().size());
    }

    /**
     * Waits for the checkpoint the store signs of each chain right after its first records (the next is not due for a
     * minute): deleting the checkpoints before it lands would leave it beside those placed by hand.
     */
    private void awaitSignedOnce(String... chains) throws Exception {
        for (String chain : chains) {
            StoreFixture.await(() -> {
                try {
                    return checkpoints().stream().anyMatch(c -> c.startsWith(chain + " "));
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }, 10_000, () -> "the store signed no checkpoint of chain " + chain);
        }
    }

    private Event levelThreeDecision(int daysAgo) {
        return Event.builder(EventTypes.ACCESS_GRANTED, "door.2f.server-room").time(daysAgo(daysAgo))
                .put("door", "door.2f.server-room").put("direction", "entry").put("level", 3).put("person", "P0107")
                .build();
    }

    private void checkpoint(long count, Instant time) throws Exception {
        checkpoint("audit", count, time);
    }

    private void checkpoint(String chain, long count, Instant time) throws Exception {
        try (Connection c = db.dataSource.getConnection(); PreparedStatement s = c.prepareStatement("INSERT INTO \""
                + db.schema + "\".chain_checkpoint VALUES (?, ?, 'head', ?, 'key-1', 'sig')")) {
            s.setString(1, chain);
            s.setLong(2, count);
            s.setLong(3, Times.nanos(time));
            s.executeUpdate();
        }
    }

    private List<String> checkpoints() throws Exception {
        List<String> found = new java.util.ArrayList<>();
        try (Connection c = db.dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT chain_name, entry_count FROM \"" + db.schema + "\".chain_checkpoint ORDER BY chain_name, "
                        + "entry_count"); var r = s.executeQuery()) {
            while (r.next()) {
                found.add(r.getString(1) + " " + r.getLong(2));
            }
        }
        return found;
    }

    private int count(Resolution resolution) {
        return store.engine.history(HistoryQuery.of("ahu.1", "temp", daysAgo(1000), NOW.plusSeconds(3600))
                .withResolution(resolution).withLimit(10_000)).items().size();
    }
}
