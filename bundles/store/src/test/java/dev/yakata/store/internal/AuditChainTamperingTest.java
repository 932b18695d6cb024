package dev.yakata.store.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import dev.yakata.api.event.Event;
import dev.yakata.chain.AuditFields;
import dev.yakata.chain.HashChain;
import dev.yakata.store.api.AuditQuery;
import dev.yakata.store.api.ChainReport;
import dev.yakata.store.api.ExportResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.junit.Before;
import org.junit.Test;

/**
 * The audit chain the real writer wrote from a real journal, then tampered with directly in the database with SQL,
 * as someone with database access would: {@code verify} names each kind of tampering and where it starts. Also the
 * export an auditor checks with the offline verifier (the library's jar, as a child process), and retention.
 */
public class AuditChainTamperingTest extends StoreTestOnBothDatabases {

    private static final Instant T0 = Instant.parse("2026-11-30T09:00:00.123456789Z");
    private static final int RECORDS = 20;

    private String audit;
    private String checkpoints;

    public AuditChainTamperingTest(String kind) {
        super(kind, "chain");
    }

    @Before
    public void writeAChainThroughTheWriter() throws Exception {
        audit = "\"" + db.schema + "\".audit_entry";
        checkpoints = "\"" + db.schema + "\".chain_checkpoint";
        for (int i = 1; i <= RECORDS; i++) {
            store.append(refusedLogin(i));
        }
        // journaled before the store starts: one batch, and the first checkpoint is signed right after it
        store.start(db.dataSource);
        store.awaitCaughtUp(30_000);
        StoreFixture.await(() -> newestCheckpoint() == RECORDS, 10_000,
                () -> "no checkpoint of the head (" + RECORDS + ") was signed after the first batch; newest: "
                        + newestCheckpoint() + "; status " + store.engine.status());
    }

    private static Event refusedLogin(int i) {
        return Event.builder("login.refused", "hub").time(T0.plusSeconds(i)).put("user", "mallory-" + i)
                .put("channel", "REST").put("reason", "wrong password, attempt " + i).put("remote", "127.0.0.1")
                .build();
    }

    @Test
    public void anUntouchedChainVerifiesAsIntactAndVouchedForByItsCheckpoint() {
        ChainReport r = store.engine.verify("audit");
        assertTrue(r.summary(), r.intact());
        assertEquals("", r.problem());
        assertEquals(RECORDS, r.recordsChecked());
        assertEquals(1, r.firstSequence());
        assertEquals(RECORDS, r.lastSequence());
        assertEquals(RECORDS, r.lastCheckpointCount());
        assertTrue(r.summary(), r.checkpointsChecked() >= 1);
        assertTrue(r.summary(), r.summary().contains("INTACT"));
        assertTrue("the store signs checkpoints, so its status names no problem: " + store.engine.status(),
                store.engine.status().auditProblem().isEmpty());
    }

    @Test
    public void aFieldUpdatedInTheDatabaseIsReportedAsEditedAtItsSequence() throws Exception {
        db.execute("UPDATE " + audit + " SET reason = 'correct password' WHERE chain_seq = 7");
        assertProblem("EDITED", 7);
    }

    @Test
    public void aMiddleRowDeletedIsReportedAsDeletedAtItsSequence() throws Exception {
        db.execute("DELETE FROM " + audit + " WHERE chain_seq = 10");
        assertProblem("DELETED", 10);
    }

    @Test
    public void aForgedRowWithARecomputedHashInsertedAndTheRestRenumberedIsReportedAsInserted() throws Exception {
        String previous = hashAt(7);
        // make room at 8 as an attacker would (in two steps: PostgreSQL checks the key row by row)
        db.execute("UPDATE " + audit + " SET chain_seq = chain_seq + 1000000 WHERE chain_seq >= 8");
        db.execute("UPDATE " + audit + " SET chain_seq = chain_seq - 999999 WHERE chain_seq >= 1000000");
        Instant t = T0.plusSeconds(7).plusMillis(500);
        AuditFields forged = new AuditFields(t, "login.succeeded", "mallory", "REST", "hub", "login", "{}",
                "succeeded", "", "forged-event");
        String hash = new HashChain().hash("audit", previous, forged);
        try (Connection c = db.dataSource.getConnection(); PreparedStatement s = c.prepareStatement("INSERT INTO "
                + audit + " (chain_name, chain_seq, time_ns, kind, user_name, channel, device, action, arguments, "
                + "outcome, reason, event_id, journal_position, correlation_id, previous_hash, record_hash) "
                + "VALUES ('audit', 8, ?, 'login.succeeded', 'mallory', 'REST', 'hub', 'login', '{}', 'succeeded', '',"
                + " 'forged-event', 0, '', ?, ?)")) {
            s.setLong(1, Times.nanos(t));
            s.setString(2, previous);
            s.setString(3, hash);
            s.executeUpdate();
        }
        assertProblem("INSERTED", 8);
    }

    @Test
    public void twoRowsWhoseSequenceNumbersAreSwappedAreReportedAsReordered() throws Exception {
        db.execute("UPDATE " + audit + " SET chain_seq = -1 WHERE chain_seq = 5");
        db.execute("UPDATE " + audit + " SET chain_seq = 5 WHERE chain_seq = 6");
        db.execute("UPDATE " + audit + " SET chain_seq = 6 WHERE chain_seq = -1");
        assertProblem("REORDERED", 5);
    }

    @Test
    public void aTailDeletedAfterACleanStopSignedItIsReportedAsTruncated() throws Exception {
        // five more records, within the checkpoint interval: only the clean stop signs them
        for (int i = RECORDS + 1; i <= RECORDS + 5; i++) {
            store.append(refusedLogin(i));
        }
        store.awaitCaughtUp(30_000);
        assertEquals("no checkpoint is due yet within " + store.chainSettings.checkpointSeconds() + " s", RECORDS,
                newestCheckpoint());
        store.stopStore();
        assertEquals("a clean stop signs the head the writer held", RECORDS + 5, newestCheckpoint());
        store.start(db.dataSource);
        db.execute("DELETE FROM " + audit + " WHERE chain_seq > 22");
        assertProblem("TRUNCATED", 23);
    }

    @Test
    public void anExportPassesTheOfflineVerifierAndTheSameExportEditedByHandFailsIt() throws Exception {
        ExportResult export = store.engine.exportAudit(AuditQuery.between(T0, T0.plusSeconds(3600)), "audit.csv");
        assertEquals(RECORDS, export.rows());
        Path file = Path.of(export.file());
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertTrue("the checkpoints come first: " + lines.get(1), lines.get(1).startsWith("checkpoint,audit,"));
        Path key = store.chainSettings.publicKey();

        OfflineVerifier intact = OfflineVerifier.run(key, file);
        assertEquals("the offline verifier (" + intact.how() + ") on an untouched export said:\n" + intact.output(), 0,
                intact.exit());
        assertTrue(intact.output(), intact.output().contains("INTACT"));

        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertTrue(text.contains(",mallory-12,"));
        Path edited = file.resolveSibling("audit-edited.csv");
        Files.writeString(edited, text.replace(",mallory-12,", ",someone-else,"), StandardCharsets.UTF_8);
        OfflineVerifier tampered = OfflineVerifier.run(key, edited);
        assertEquals("the offline verifier (" + tampered.how() + ") must fail an export edited by hand:\n"
                + tampered.output(), 1, tampered.exit());
        assertTrue(tampered.output(), tampered.output().contains("EDITED"));
    }

    @Test
    public void retentionPruningBelowACheckpointLeavesAChainThatStillVerifies() throws Exception {
        // later checkpoints after more records, then retention up to the first (count 20) only
        store.stopStore();
        store.chainSettings = ChainSettings.in(store.folder.resolve("keys"), 1);
        store.start(db.dataSource);
        for (int i = RECORDS + 1; i <= RECORDS + 10; i++) {
            store.append(refusedLogin(i));
        }
        store.awaitCaughtUp(30_000);
        StoreFixture.await(() -> newestCheckpoint() == RECORDS + 10, 10_000,
                () -> "no checkpoint at " + (RECORDS + 10) + " within 10 s with checkpointSeconds = 1");
        long first = checkpointTime(RECORDS);
        // the new records may have come in more than one batch, each signed: the next checkpoint after 20
        long second = checkpointTime(nextCheckpointAfter(RECORDS));
        assertTrue(second > first);
        // "now" such that the cutoff (now - 1 day) falls between checkpoint 20 and the next one
        Instant now = Times.instant((first + second) / 2).plusSeconds(86_400);
        StoreSettings oneDay = store.settings.withRetention(0, 1, 0, 0, 0);
        long removed;
        try (Connection c = db.dataSource.getConnection()) {
            removed = new Retention(oneDay).run(c, now).auditEntries();
        }
        assertEquals(RECORDS, removed);
        ChainReport r = store.engine.verify("audit");
        assertTrue(r.summary(), r.intact());
        assertEquals(RECORDS + 1, r.firstSequence());
        assertEquals(RECORDS + 10, r.lastSequence());
        assertEquals(RECORDS + 10, r.lastCheckpointCount());
        // and the chain goes on from there
        store.append(refusedLogin(99));
        store.awaitCaughtUp(30_000);
        ChainReport after = store.engine.verify("audit");
        assertTrue(after.summary(), after.intact());
        assertEquals(RECORDS + 11, after.lastSequence());
    }

    private void assertProblem(String expectedKind, long expectedSequence) {
        ChainReport r = store.engine.verify("audit");
        assertFalse("tampering went unnoticed on " + kind + ": " + r.summary(), r.intact());
        assertEquals(r.summary(), expectedKind, r.problem());
        assertEquals(r.summary(), expectedSequence, r.problemSequence());
        assertFalse(r.message(), r.message().isBlank());
    }

    private long newestCheckpoint() {
        try (Connection c = db.dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT MAX(entry_count) FROM " + checkpoints); ResultSet r = s.executeQuery()) {
            return r.next() ? r.getLong(1) : 0;
        } catch (SQLException e) {
            throw new AssertionError("reading " + checkpoints + " failed", e);
        }
    }

    private long checkpointTime(long count) throws SQLException {
        try (Connection c = db.dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT time_ns FROM " + checkpoints + " WHERE entry_count = " + count); ResultSet r = s.executeQuery()) {
            assertTrue("no checkpoint at " + count, r.next());
            return r.getLong(1);
        }
    }

    private long nextCheckpointAfter(long count) throws SQLException {
        try (Connection c = db.dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT MIN(entry_count) FROM " + checkpoints + " WHERE entry_count > " + count);
                ResultSet r = s.executeQuery()) {
            assertTrue(r.next());
            return r.getLong(1);
        }
    }

    private String hashAt(long sequence) throws SQLException {
        try (Connection c = db.dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT record_hash FROM " + audit + " WHERE chain_seq = " + sequence); ResultSet r = s.executeQuery()) {
            assertTrue(r.next());
            return r.getString(1);
        }
    }
}
