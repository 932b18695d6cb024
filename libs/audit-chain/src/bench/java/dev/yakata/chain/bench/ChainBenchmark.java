package dev.yakata.chain.bench;

import dev.yakata.chain.AuditCsv;
import dev.yakata.chain.AuditFields;
import dev.yakata.chain.ChainVerifier;
import dev.yakata.chain.ChainedRecord;
import dev.yakata.chain.Checkpoint;
import dev.yakata.chain.CheckpointSigner;
import dev.yakata.chain.HashChain;
import dev.yakata.chain.VerifyReport;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Chains N audit records, verifies them, and as the baseline hashes the same canonical bytes with bare SHA-256, all in
 * one run; optionally writes them as an audit export and verifies the file as the offline verifier does.
 *
 * <p>Arguments: records per round (1,000,000), rounds (3), "csv" to add the export figures. Each figure is printed per
 * round; the best round is the one to quote (the machine is shared).
 */
public final class ChainBenchmark {

    private static final String[] USERS = {"alice", "bob", "山田 太郎", "hub", "mqtt-bridge", "鈴木 花子"};
    private static final String[] ACTIONS = {"unlock", "lock", "open", "close", "stop", "setpoint"};

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        boolean csv = args.length > 2 && args[2].equals("csv");
        Path dir = Files.createDirectories(Path.of("target/chain-bench"));
        Files.deleteIfExists(dir.resolve("bench.key"));
        Files.deleteIfExists(dir.resolve("bench.pub"));
        CheckpointSigner signer = CheckpointSigner.loadOrCreate(dir.resolve("bench.key"), dir.resolve("bench.pub"));
        ChainVerifier verifier = new ChainVerifier(signer.publicKey());
        System.out.printf("audit-chain benchmark: %,d records per round, %d rounds, Java %s, %d cores%n", n, rounds,
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());

        for (int round = 1; round <= rounds; round++) {
            System.gc();
            Instant start = Instant.parse("2026-12-01T00:00:00Z");
            HashChain hashing = new HashChain();
            List<ChainedRecord> chain = new ArrayList<>(n);

            // The fields are made before the clock starts: the figure is the chain's cost, not this generator's.
            List<AuditFields> fields = new ArrayList<>(n);
            for (int i = 1; i <= n; i++) {
                fields.add(fields(start, i));
            }
            long t0 = System.nanoTime();
            ChainedRecord prev = null;
            for (int i = 0; i < n; i++) {
                AuditFields f = fields.get(i);
                prev = prev == null ? hashing.first("audit", f) : hashing.next(prev, f);
                chain.add(prev);
            }
            fields = null;
            long chainNanos = System.nanoTime() - t0;

            // One checkpoint per 10,000 records (a busy hub's minute), signed outside the timed loops.
            List<Checkpoint> checkpoints = new ArrayList<>();
            for (int i = 10_000; i <= n; i += 10_000) {
                checkpoints.add(signer.sign(chain.get(i - 1), start.plusSeconds(i)));
            }

            // The baseline's input: the very canonical bytes the chain hashed, laid out in one array.
            int[] offsets = new int[n + 1];
            byte[] all = new byte[16 << 20];
            for (int i = 0; i < n; i++) {
                ChainedRecord r = chain.get(i);
                byte[] b = hashing.canonicalBytes(r.chain(), r.previousHash(), r.fields());
                if (offsets[i] + b.length > all.length) {
                    all = Arrays.copyOf(all, Math.max(all.length * 2, offsets[i] + b.length));
                }
                System.arraycopy(b, 0, all, offsets[i], b.length);
                offsets[i + 1] = offsets[i] + b.length;
            }
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] sink = new byte[32];
            long t1 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                sha.update(all, offsets[i], offsets[i + 1] - offsets[i]);
                byte[] d = sha.digest();
                sink[i & 31] ^= d[0];
            }
            long shaNanos = System.nanoTime() - t1;
            all = null;

            long t2 = System.nanoTime();
            VerifyReport report = verifier.verify("audit", chain.iterator(), checkpoints);
            long verifyNanos = System.nanoTime() - t2;
            if (!report.intact() || report.recordsChecked() != n) {
                throw new IllegalStateException("the benchmark's chain must verify: " + report.summary());
            }

            System.out.printf("round %d: chain %,.0f records/s (%.2f s) | verify %,.0f records/s (%.2f s, %d checkpoints)"
                    + " | baseline bare SHA-256 over the same bytes (%.0f bytes/record) %,.0f records/s (%.2f s) [%d]%n",
                    round, rate(n, chainNanos), chainNanos / 1e9, rate(n, verifyNanos), verifyNanos / 1e9,
                    report.checkpointsChecked(), (double) offsets[n] / n, rate(n, shaNanos), shaNanos / 1e9, sink[0] & 1);

            if (csv) {
                Path file = dir.resolve("export.csv");
                long t3 = System.nanoTime();
                try (OutputStream out = Files.newOutputStream(file); AuditCsv.Writer w = new AuditCsv.Writer(out)) {
                    for (Checkpoint c : checkpoints) {
                        w.checkpoint(c); // the store's layout, which the verifier reads once
                    }
                    for (ChainedRecord r : chain) {
                        w.record(r);
                    }
                }
                long writeNanos = System.nanoTime() - t3;
                chain = null;
                long t4 = System.nanoTime();
                VerifyReport offline = verifier.verifyExport(file).get(0);
                long offlineNanos = System.nanoTime() - t4;
                if (!offline.intact()) {
                    throw new IllegalStateException("the export must verify: " + offline.summary());
                }
                System.out.printf("round %d: export write %,.0f records/s (%.2f s, %,d MB) | offline verify of the file"
                        + " (one pass) %,.0f records/s (%.2f s)%n", round, rate(n, writeNanos), writeNanos / 1e9,
                        Files.size(file) >> 20, rate(n, offlineNanos), offlineNanos / 1e9);
                Files.delete(file);
            }
        }
    }

    private static AuditFields fields(Instant start, int i) {
        return AuditFields.at(start.plusNanos(i * 1_000_000L + 123_000L))
                .kind(i % 10 == 0 ? "login" : "command")
                .user(USERS[i % USERS.length])
                .channel(i % 3 == 0 ? "mqtt" : "shell")
                .device("door-" + (i % 200))
                .action(ACTIONS[i % ACTIONS.length])
                .arguments("{\"durationSeconds\":" + (i % 30) + ",\"zone\":\"L3-east\"}")
                .outcome(i % 7 == 0 ? "REJECTED" : "ACCEPTED")
                .reason(i % 5 == 0 ? "配達のため" : "")
                .eventId("01JDZ" + Integer.toString(i, 36) + "-ev")
                .build();
    }

    private static double rate(long n, long nanos) {
        return n * 1e9 / nanos;
    }
}
