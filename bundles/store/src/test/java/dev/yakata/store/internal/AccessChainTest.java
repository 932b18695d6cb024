package dev.yakata.store.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventTypes;
import dev.yakata.chain.AuditFields;
import dev.yakata.chain.HashChain;
import dev.yakata.store.api.AuditEntry;
import dev.yakata.store.api.AuditQuery;
import dev.yakata.store.api.ChainReport;
import dev.yakata.store.api.EventQuery;
import dev.yakata.store.api.EventStore;
import dev.yakata.store.api.ExportResult;
import dev.yakata.store.api.RetentionReport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.Before;
import org.junit.Test;

/**
 * The Level-3 entry/exit record: the store's second chain, {@code access}, written by the real writer from a real
 * journal beside the audit chain, on H2 and on PostgreSQL. Each chain is numbered, signed, verified, exported and
 * pruned on its own; tampering with one is found there and leaves the other intact.
 */
public class AccessChainTest extends StoreTestOnBothDatabases {

    private static final Instant T0 = Instant.parse("2026-12-01T08:00:00.123456789Z");
    private static final String DOOR = "door.2f.server-room";
    private static final String CARD = "card:0123456789abcdef01234567";

    private String entries;
    private String checkpoints;

    public AccessChainTest(String kind) {
        super(kind, "access");
    }

    @Before
    public void tables() {
        entries = "\"" + db.schema + "\".audit_entry";
        checkpoints = "\"" + db.schema + "\".chain_checkpoint";
    }

    /** A decision as the access bundle publishes it (docs/access-control.md, "Events"); no level for null. */
    private static Event.Builder decision(int i, boolean granted, Object level) {
        Event.Builder b = Event.builder(granted ? EventTypes.ACCESS_GRANTED : EventTypes.ACCESS_DENIED, DOOR)
                .time(T0.plusSeconds(i)).correlationId("swipe-" + i).actor(CARD).put("door", DOOR)
                .put("reader", "entry").put("direction", "entry").put("from", "back-office").put("to", "server-room");
        if (level != null) {
            b.put("level", level);
        }
        return b.put("card", CARD).put("person", "P" + (1000 + i)).put("reason", granted ? "granted" : "wrong-zone")
                .put("detail", "swipe " + i).put("rule", granted ? "policies.cfg:14" : "");
    }

    private static Event refusedLogin(int i) {
        return Event.builder("login.refused", "hub").time(T0.plusSeconds(i).plusMillis(500)).put("user", "mallory-" + i)
                .put("channel", "REST").put("reason", "wrong password").build();
    }

    /** Level-3 decisions (every third denied) interleaved with refused log-ins for the audit chain. */
    private void bothChains(int from, int to) throws Exception {
        for (int i = from; i <= to; i++) {
            store.append(decision(i, i % 3 != 0, 3).build());
            store.append(refusedLogin(i));
        }
    }

    private List<AuditEntry> chain(String chain) {
        return store.engine.audit(AuditQuery.between(T0.minusSeconds(3600), T0.plusSeconds(86_400)).withChain(chain)
                .withLimit(EventStore.MAX_LIMIT)).items();
    }

    @Test
    public void levelThreeDecisionsLandInTheAccessChainNumberedFromOneAndLevelOneAndTwoDoNot() throws Exception {
        store.start(db.dataSource);
        store.append(decision(1, true, 3).build()); // Integer
        store.append(decision(2, true, 1).build());
        store.append(decision(3, false, 3L).build()); // Long
        store.append(decision(4, false, 2).build());
        store.append(refusedLogin(5));
        store.append(decision(6, true, "3").put("passbackViolation", true).put("escort", "P0107").put("late", true)
                .put("clockSkew", true).build()); // numeric text
        store.append(decision(7, true, 0).build());
        store.append(decision(8, false, "2").build());
        store.append(Event.builder(EventTypes.ACCESS_DENIED, "door.3f.lab").time(T0.plusSeconds(9)).put("level", 3L)
                .put("reader", "exit").put("direction", "exit").put("reason", "unknown-card").build()); // no door key
        store.append(decision(10, true, null).build());
        store.append(decision(11, true, "high").build());
        store.awaitCaughtUp(10_000);

        List<AuditEntry> access = chain("access");
        assertEquals(List.of("swipe-1", "swipe-3", "swipe-6", ""), access.stream().map(AuditEntry::correlationId)
                .toList());
        assertEquals(List.of(1L, 2L, 3L, 4L), access.stream().map(AuditEntry::sequence).toList());
        assertTrue(access.stream().allMatch(a -> a.chain().equals("access")));
        for (int i = 0; i < access.size(); i++) {
            assertEquals("access record " + access.get(i).sequence() + " is not chained to the one before it",
                    i == 0 ? "0".repeat(64) : access.get(i - 1).hash(), access.get(i).previousHash());
        }

        AuditEntry granted = access.get(0);
        assertEquals(EventTypes.ACCESS_GRANTED, granted.kind());
        assertEquals("P1001", granted.user());
        assertEquals("card", granted.channel());
        assertEquals(DOOR, granted.device());
        assertEquals("entry", granted.action());
        assertEquals(Map.of("reader", "entry", "from", "back-office", "to", "server-room", "card", CARD),
                granted.arguments());
        assertEquals("granted", granted.outcome());
        assertEquals("granted", granted.reason());
        assertEquals(T0.plusSeconds(1), granted.time());
        Event stored = store.engine.events(EventQuery.between(T0, T0.plusSeconds(2)).withCorrelationId("swipe-1"))
                .items().get(0).event();
        assertEquals(stored.id(), granted.eventId());
        assertTrue(granted.journalPosition() > 0);

        AuditEntry denied = access.get(1);
        assertEquals(EventTypes.ACCESS_DENIED, denied.kind());
        assertEquals("denied", denied.outcome());
        assertEquals("wrong-zone", denied.reason());
        assertEquals(Map.of("reader", "entry", "from", "back-office", "to", "server-room", "card", CARD,
                "passbackViolation", true, "escort", "P0107", "late", true, "clockSkew", true),
                access.get(2).arguments());
        AuditEntry withoutDoor = access.get(3);
        assertEquals("the event's source stands in for a missing door", "door.3f.lab", withoutDoor.device());
        assertEquals("exit", withoutDoor.action());
        assertEquals("", withoutDoor.user());

        List<AuditEntry> audit = chain("audit");
        assertEquals("the audit chain holds the log-in only, numbered on its own", 1, audit.size());
        assertEquals(1, audit.get(0).sequence());
        assertEquals("login.refused", audit.get(0).kind());
        assertEquals("every decision is stored as an event whatever its level", 10,
                store.engine.events(EventQuery.between(T0, T0.plusSeconds(60)).withType("access.")).items().size());
        assertEquals("the filters apply within the chain", List.of(2L), store.engine.audit(AuditQuery
                .between(T0, T0.plusSeconds(60)).withChain("access").withUser("P1003")).items().stream()
                .map(AuditEntry::sequence).toList());
        assertEquals(List.of(), store.engine.audit(AuditQuery.between(T0, T0.plusSeconds(60)).withUser("P1003"))
                .items());
    }

    @Test
    public void bothChainsGrowIndependentlyAndEachVerifiesIntactUnderItsOwnCheckpoint() throws Exception {
        bothChains(1, 12);
        store.append(refusedLogin(13));
        store.append(refusedLogin(14));
        // journaled before the start: one batch, and each chain's first checkpoint is signed right after it
        store.start(db.dataSource);
        store.awaitCaughtUp(30_000);
        awaitCheckpoint("access", 12);
        awaitCheckpoint("audit", 14);

        ChainReport access = store.engine.verify("access");
        assertTrue(access.summary(), access.intact());
        assertEquals("access", access.chain());
        assertEquals(12, access.recordsChecked());
        assertEquals(12, access.lastCheckpointCount());
        ChainReport audit = store.engine.verify("audit");
        assertTrue(audit.summary(), audit.intact());
        assertEquals(14, audit.recordsChecked());
        assertEquals(14, audit.lastCheckpointCount());

        // more of one chain only: the other's head and checkpoint stay where they were; a clean stop signs the one
        for (int i = 20; i < 25; i++) {
            store.append(decision(i, true, 3).build());
        }
        store.awaitCaughtUp(30_000);
        store.stopStore();
        assertEquals(17, newestCheckpoint("access"));
        assertEquals(14, newestCheckpoint("audit"));
        assertEquals(1, checkpointCount("audit"));
        store.start(db.dataSource);
        assertTrue(store.engine.verify("access").summary(), store.engine.verify("access").intact());
        assertEquals(17, store.engine.verify("access").lastCheckpointCount());
        assertTrue(store.engine.verify("audit").intact());
    }

    @Test
    public void anAccessRecordsOutcomeEditedInTheDatabaseIsFoundThereWhileTheAuditChainStaysIntact() throws Exception {
        writeAndSign(10);
        db.execute("UPDATE " + entries + " SET outcome = 'granted' WHERE chain_name = 'access' AND chain_seq = 3");
        assertProblem("EDITED", 3);
    }

    @Test
    public void anAccessRecordsPersonEditedInTheDatabaseIsFoundAsEdited() throws Exception {
        writeAndSign(10);
        db.execute("UPDATE " + entries + " SET user_name = 'P9999' WHERE chain_name = 'access' AND chain_seq = 7");
        assertProblem("EDITED", 7);
    }

    @Test
    public void anAccessRecordDeletedFromTheDatabaseIsFoundAsDeleted() throws Exception {
        writeAndSign(10);
        db.execute("DELETE FROM " + entries + " WHERE chain_name = 'access' AND chain_seq = 5");
        assertProblem("DELETED", 5);
    }

    @Test
    public void aForgedAccessRecordWithARecomputedHashInsertedAndTheRestRenumberedIsFoundAsInserted()
            throws Exception {
        writeAndSign(10);
        String previous = hashAt("access", 4);
        // make room at 5, in two steps (PostgreSQL checks the key row by row); the audit chain is not touched
        db.execute("UPDATE " + entries + " SET chain_seq = chain_seq + 1000000 WHERE chain_name = 'access' AND "
                + "chain_seq >= 5");
        db.execute("UPDATE " + entries + " SET chain_seq = chain_seq - 999999 WHERE chain_name = 'access' AND "
                + "chain_seq >= 1000000");
        Instant t = T0.plusSeconds(4).plusMillis(250);
        AuditFields forged = new AuditFields(t, EventTypes.ACCESS_GRANTED, "P0001", "card", DOOR, "entry",
                "{\"reader\":\"entry\",\"from\":\"back-office\",\"to\":\"server-room\",\"card\":\"" + CARD + "\"}",
                "granted", "granted", "forged-event");
        String hash = new HashChain().hash("access", previous, forged);
        try (Connection c = db.dataSource.getConnection(); PreparedStatement s = c.prepareStatement("INSERT INTO "
                + entries + " (chain_name, chain_seq, time_ns, kind, user_name, channel, device, action, arguments, "
                + "outcome, reason, event_id, journal_position, correlation_id, previous_hash, record_hash) "
                + "VALUES ('access', 5, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, '', ?, ?)")) {
            s.setLong(1, Times.nanos(t));
            s.setString(2, forged.kind());
            s.setString(3, forged.user());
            s.setString(4, forged.channel());
            s.setString(5, forged.device());
            s.setString(6, forged.action());
            s.setString(7, forged.arguments());
            s.setString(8, forged.outcome());
            s.setString(9, forged.reason());
            s.setString(10, forged.eventId());
            s.setString(11, previous);
            s.setString(12, hash);
            s.executeUpdate();
        }
        assertProblem("INSERTED", 5);
    }

    @Test
    public void theAccessChainContinuesFromItsHeadAfterARestart() throws Exception {
        store.start(db.dataSource);
        bothChains(1, 3);
        store.awaitCaughtUp(10_000);
        String head = hashAt("access", 3);
        store.stopAll();

        store.start(db.dataSource);
        bothChains(4, 5);
        store.awaitCaughtUp(10_000);
        List<AuditEntry> access = chain("access");
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), access.stream().map(AuditEntry::sequence).toList());
        assertEquals("record 4 is chained to the head the stopped store left", head, access.get(3).previousHash());
        assertEquals(5, chain("audit").size());
        assertTrue(store.engine.verify("access").summary(), store.engine.verify("access").intact());
        assertTrue(store.engine.verify("audit").summary(), store.engine.verify("audit").intact());
    }

    @Test
    public void aBatchRolledBackNumbersTheSameRecordsTheSameWayWhenWrittenAgain() throws Exception {
        store.start(db.dataSource);
        // the database refuses denied access records for a while: the whole batch is rolled back and retried
        db.execute("ALTER TABLE " + entries + " ADD CONSTRAINT refuse_denied CHECK (chain_name <> 'access' OR "
                + "outcome <> 'denied')");
        bothChains(3, 8); // the first event is a denied one: every batch tried holds it
        StoreFixture.await(() -> store.published.stream().anyMatch(e -> e.type().equals(EventTypes.STORE_UNAVAILABLE)),
                15_000, () -> "the refused batch raised no store.unavailable: " + store.engine.status());
        assertEquals("nothing of the refused batch is stored, events included", 0, count("\"" + db.schema
                + "\".event_log"));
        db.execute("ALTER TABLE " + entries + " DROP CONSTRAINT refuse_denied");
        store.awaitCaughtUp(30_000);

        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), chain("access").stream().map(AuditEntry::sequence).toList());
        assertEquals(List.of("swipe-3", "swipe-4", "swipe-5", "swipe-6", "swipe-7", "swipe-8"),
                chain("access").stream().map(AuditEntry::correlationId).toList());
        assertEquals(6, chain("audit").size());
        assertEquals(6, chain("audit").get(5).sequence());
        assertTrue(store.engine.verify("access").summary(), store.engine.verify("access").intact());
        assertTrue(store.engine.verify("audit").summary(), store.engine.verify("audit").intact());
    }

    @Test
    public void anAccessExportPassesTheOfflineVerifierAndTheSameExportEditedByHandFailsIt() throws Exception {
        writeAndSign(10);
        ExportResult export = store.engine.exportAudit(AuditQuery.between(T0, T0.plusSeconds(3600))
                .withChain("access"), "access.csv");
        assertEquals(10, export.rows());
        Path file = Path.of(export.file());
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertTrue("the checkpoints come first: " + lines.get(1), lines.get(1).startsWith("checkpoint,access,"));
        assertTrue("only the access chain is exported", lines.stream().skip(1)
                .allMatch(l -> l.startsWith("checkpoint,access,") || l.startsWith("record,access,")));
        Path key = store.chainSettings.publicKey();

        OfflineVerifier intact = OfflineVerifier.run(key, file);
        assertEquals("the offline verifier (" + intact.how() + ") on an untouched access export said:\n"
                + intact.output(), 0, intact.exit());
        assertTrue(intact.output(), intact.output().contains("Chain access"));
        assertTrue(intact.output(), intact.output().contains("INTACT"));

        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertTrue(text.contains(",P1006,"));
        Path edited = file.resolveSibling("access-edited.csv");
        Files.writeString(edited, text.replace(",P1006,", ",P0001,"), StandardCharsets.UTF_8);
        OfflineVerifier tampered = OfflineVerifier.run(key, edited);
        assertEquals("the offline verifier (" + tampered.how() + ") must fail an access export edited by hand:\n"
                + tampered.output(), 1, tampered.exit());
        assertTrue(tampered.output(), tampered.output().contains("EDITED"));
    }

    @Test
    public void retentionPrunesTheAccessChainToACheckpointAndWhatRemainsStillVerifies() throws Exception {
        store.chainSettings = ChainSettings.in(store.folder.resolve("keys"), 1);
        bothChains(1, 4); // journaled before the start: one batch, signed at 4 right after it
        store.start(db.dataSource);
        store.awaitCaughtUp(30_000);
        awaitCheckpoint("access", 4);
        bothChains(5, 6);
        store.awaitCaughtUp(30_000);
        awaitCheckpoint("access", 6);
        long first = checkpointTime("access", 4);
        long second = checkpointTime("access", number("SELECT MIN(entry_count) FROM " + checkpoints
                + " WHERE chain_name = 'access' AND entry_count > 4"));
        assertTrue(second > first);
        // "now" such that the cutoff (now - 1 day) falls between the access chain's checkpoint 4 and the next one
        Instant now = Times.instant((first + second) / 2).plusSeconds(86_400);
        StoreSettings oneDay = store.settings.withRetention(0, 0, 0, 0, 0).withAccessRetention(1);
        try (Connection c = db.dataSource.getConnection()) {
            RetentionReport report = new Retention(oneDay).run(c, now);
            assertEquals(4, report.accessEntries());
            assertEquals("the audit chain keeps everything (retentionAuditDays = 0)", 0, report.auditEntries());
        }
        ChainReport r = store.engine.verify("access");
        assertTrue(r.summary(), r.intact());
        assertEquals(5, r.firstSequence());
        assertEquals(6, r.lastSequence());
        assertEquals(6, r.lastCheckpointCount());
        assertEquals("the checkpoint the pruned chain starts after is kept", 1, number("SELECT COUNT(*) FROM "
                + checkpoints + " WHERE chain_name = 'access' AND entry_count = 4"));
        assertEquals(6, chain("audit").size());
        assertTrue(store.engine.verify("audit").summary(), store.engine.verify("audit").intact());
        // and the chain goes on from there
        store.append(decision(50, false, 3).build());
        store.awaitCaughtUp(30_000);
        ChainReport after = store.engine.verify("access");
        assertTrue(after.summary(), after.intact());
        assertEquals(7, after.lastSequence());
    }

    @Test
    public void anAccessChainPrunedUpToItsLastCheckpointContinuesFromThatCheckpointAfterARestart() throws Exception {
        bothChains(1, 4);
        store.start(db.dataSource);
        store.awaitCaughtUp(30_000);
        awaitCheckpoint("access", 4);
        store.stopAll();
        String signedHead = text("SELECT head_hash FROM " + checkpoints + " WHERE chain_name = 'access' AND "
                + "entry_count = 4");
        Instant now = Times.instant(checkpointTime("access", 4)).plusSeconds(86_400 + 1);
        try (Connection c = db.dataSource.getConnection()) {
            assertEquals(4, new Retention(store.settings.withAccessRetention(1)).run(c, now).accessEntries());
        }
        assertEquals(0, number("SELECT COUNT(*) FROM " + entries + " WHERE chain_name = 'access'"));

        store.start(db.dataSource);
        store.append(decision(9, true, 3).build());
        store.awaitCaughtUp(30_000);
        List<AuditEntry> access = chain("access");
        assertEquals(1, access.size());
        assertEquals("numbering goes on after the pruned records", 5, access.get(0).sequence());
        assertEquals("chained to the head the kept checkpoint signed", signedHead, access.get(0).previousHash());
        ChainReport r = store.engine.verify("access");
        assertTrue(r.summary(), r.intact());
        assertEquals(5, r.firstSequence());
    }

    @Test
    public void aChainTheStoreDoesNotKeepIsRefusedNamingTheChainsItKeeps() throws Exception {
        store.start(db.dataSource);
        for (String bad : new String[] {"acess", "", "AUDIT"}) {
            IllegalArgumentException e = assertThrows(bad, IllegalArgumentException.class,
                    () -> store.engine.verify(bad));
            assertTrue(e.getMessage(), e.getMessage().startsWith("chain = \"" + bad + "\""));
            assertTrue(e.getMessage(), e.getMessage().contains("audit (the operator audit trail)"));
            assertTrue(e.getMessage(), e.getMessage().contains("access (the Level-3 entry/exit record)"));
        }
        assertThrows(IllegalArgumentException.class, () -> store.engine.verify(null));
        AuditQuery unknown = AuditQuery.between(T0, T0.plusSeconds(1)).withChain("nope");
        assertThrows(IllegalArgumentException.class, () -> store.engine.audit(unknown));
        assertThrows(IllegalArgumentException.class, () -> store.engine.exportAudit(unknown, "nope.csv"));
        assertEquals("an empty chain in a query is the audit chain", "audit",
                AuditQuery.between(T0, T0.plusSeconds(1)).withChain("").chain());
    }

    @Test
    public void aPageTokenOfOneChainIsRefusedForTheOther() throws Exception {
        store.start(db.dataSource);
        bothChains(1, 4);
        store.awaitCaughtUp(10_000);
        AuditQuery access = AuditQuery.between(T0, T0.plusSeconds(60)).withChain("access").withLimit(2);
        String next = store.engine.audit(access).next();
        assertFalse(next.isEmpty());
        assertEquals(List.of(3L, 4L), store.engine.audit(access.withNext(next)).items().stream()
                .map(AuditEntry::sequence).toList());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> store.engine.audit(access.withChain("audit").withNext(next)));
        assertTrue(e.getMessage(), e.getMessage().startsWith("next = "));
    }

    /** Ten Level-3 decisions and ten audit records, journaled before the start: one batch, both signed after it. */
    private void writeAndSign(int records) throws Exception {
        bothChains(1, records);
        store.start(db.dataSource);
        store.awaitCaughtUp(30_000);
        awaitCheckpoint("access", records);
        awaitCheckpoint("audit", records);
    }

    private void assertProblem(String expectedKind, long expectedSequence) {
        ChainReport r = store.engine.verify("access");
        assertFalse("tampering with the access chain went unnoticed on " + kind + ": " + r.summary(), r.intact());
        assertEquals(r.summary(), "access", r.chain());
        assertEquals(r.summary(), expectedKind, r.problem());
        assertEquals(r.summary(), expectedSequence, r.problemSequence());
        assertTrue(r.summary(), r.summary().startsWith("chain access: " + expectedKind + " at sequence "
                + expectedSequence));
        ChainReport audit = store.engine.verify("audit");
        assertTrue("the audit chain was not touched: " + audit.summary(), audit.intact());
        assertEquals(audit.summary(), audit.lastSequence(), audit.lastCheckpointCount());
    }

    private void awaitCheckpoint(String chain, long count) throws InterruptedException {
        StoreFixture.await(() -> newestCheckpoint(chain) == count, 10_000, () -> "no checkpoint of chain " + chain
                + " at " + count + "; newest: " + newestCheckpoint(chain) + "; status " + store.engine.status());
    }

    private long newestCheckpoint(String chain) {
        return number("SELECT MAX(entry_count) FROM " + checkpoints + " WHERE chain_name = '" + chain + "'");
    }

    private String text(String sql) throws SQLException {
        try (Connection c = db.dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql);
                ResultSet r = s.executeQuery()) {
            assertTrue(sql, r.next());
            return r.getString(1);
        }
    }

    private long checkpointCount(String chain) {
        return number("SELECT COUNT(*) FROM " + checkpoints + " WHERE chain_name = '" + chain + "'");
    }

    private long checkpointTime(String chain, long count) {
        return number("SELECT time_ns FROM " + checkpoints + " WHERE chain_name = '" + chain + "' AND entry_count = "
                + count);
    }

    private long count(String table) {
        return number("SELECT COUNT(*) FROM " + table);
    }

    private long number(String sql) {
        try (Connection c = db.dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql);
                ResultSet r = s.executeQuery()) {
            return r.next() ? r.getLong(1) : 0;
        } catch (SQLException e) {
            throw new AssertionError(sql + " failed", e);
        }
    }

    private String hashAt(String chain, long sequence) throws SQLException {
        try (Connection c = db.dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT record_hash FROM " + entries + " WHERE chain_name = ? AND chain_seq = ?")) {
            s.setString(1, chain);
            s.setLong(2, sequence);
            try (ResultSet r = s.executeQuery()) {
                assertTrue("no record " + sequence + " in chain " + chain, r.next());
                return r.getString(1);
            }
        }
    }
}
