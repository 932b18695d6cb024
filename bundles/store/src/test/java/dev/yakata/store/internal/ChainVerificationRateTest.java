package dev.yakata.store.internal;

import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import dev.yakata.chain.AuditFields;
import dev.yakata.chain.ChainedRecord;
import dev.yakata.chain.CheckpointSigner;
import dev.yakata.chain.Checkpoint;
import dev.yakata.chain.HashChain;
import dev.yakata.store.api.ChainReport;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.List;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;

/**
 * The target, on demand only ({@code -Dchain.records=1000000}): a chain of that many records, written
 * straight into the store's tables, verifies from the database in under 10 s.
 */
@RunWith(Parameterized.class)
public class ChainVerificationRateTest {

    @Parameters(name = "{0}")
    public static List<Object[]> databases() {
        return TestDatabase.kinds();
    }

    private final String kind;

    public ChainVerificationRateTest(String kind) {
        this.kind = kind;
    }

    @Test
    public void aMillionRecordChainVerifiesFromTheDatabaseAndItsTimeIsReportedAgainstTheTarget() throws Exception {
        int n = Integer.getInteger("chain.records", 0);
        assumeTrue("set -Dchain.records=1000000 to measure", n > 0);
        try (TestDatabase db = TestDatabase.create(kind, "rate"); StoreFixture store = new StoreFixture(db.schema)) {
            store.start(db.dataSource);
            Tables tables = new Tables(db.schema);
            HashChain hashing = new HashChain();
            ChainedRecord head = null;
            long t0 = System.nanoTime();
            try (Connection c = db.dataSource.getConnection()) {
                c.setAutoCommit(false);
                try (PreparedStatement s = c.prepareStatement("INSERT INTO " + tables.audit + " (chain_name, chain_seq,"
                        + " time_ns, kind, user_name, channel, device, action, arguments, outcome, reason, event_id,"
                        + " journal_position, correlation_id, previous_hash, record_hash) VALUES ('audit', ?, ?,"
                        + " 'command.issued', ?, 'SHELL', ?, 'unlock', '{\"seconds\":5}', 'issued', 'delivery', ?, ?, '',"
                        + " ?, ?)")) {
                    Instant start = Instant.parse("2026-11-01T00:00:00Z");
                    for (int i = 1; i <= n; i++) {
                        Instant t = start.plusMillis(i);
                        AuditFields f = new AuditFields(t, "command.issued", "user-" + (i % 50), "SHELL",
                                "door-" + (i % 200), "unlock", "{\"seconds\":5}", "issued", "delivery", "e-" + i);
                        head = head == null ? hashing.first("audit", f) : hashing.next(head, f);
                        s.setLong(1, i);
                        s.setLong(2, Times.nanos(t));
                        s.setString(3, f.user());
                        s.setString(4, f.device());
                        s.setString(5, f.eventId());
                        s.setLong(6, i);
                        s.setString(7, head.previousHash());
                        s.setString(8, head.hash());
                        s.addBatch();
                        if (i % 5000 == 0) {
                            s.executeBatch();
                            c.commit();
                        }
                    }
                    s.executeBatch();
                }
                CheckpointSigner signer = CheckpointSigner.loadOrCreate(store.chainSettings.signingKey(),
                        store.chainSettings.publicKey());
                Checkpoint cp = signer.sign(head, Instant.now());
                try (PreparedStatement s = c.prepareStatement("INSERT INTO " + tables.checkpoints
                        + " VALUES ('audit', ?, ?, ?, ?, ?)")) {
                    s.setLong(1, cp.count());
                    s.setString(2, cp.headHash());
                    s.setLong(3, Times.nanos(cp.time()));
                    s.setString(4, cp.keyId());
                    s.setString(5, cp.signature());
                    s.executeUpdate();
                }
                c.commit();
            }
            double written = (System.nanoTime() - t0) / 1e9;
            long v0 = System.nanoTime();
            ChainReport r = store.engine.verify("audit");
            double seconds = (System.nanoTime() - v0) / 1e9;
            System.out.printf("chain verification on %s: %,d records in %.2f s (%,.0f records/s); written in %.1f s%n",
                    kind, r.recordsChecked(), seconds, r.recordsChecked() / seconds, written);
            // The figure is a measurement for BENCHMARKS.md, never a pass or fail: tests do not fail on timing.
            System.out.printf("  issue's target, 1,000,000 records in 10 s: %s%n", n != 1_000_000 ? "not applicable to "
                    + n + " records" : seconds < 10 ? "met" : "NOT met");
            assertTrue(r.summary(), r.intact() && r.recordsChecked() == n && r.lastCheckpointCount() == n);
        }
    }
}
