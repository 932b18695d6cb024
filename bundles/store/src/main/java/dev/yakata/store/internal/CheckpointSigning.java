package dev.yakata.store.internal;

import dev.yakata.chain.Checkpoint;
import dev.yakata.chain.CheckpointSigner;
import dev.yakata.chain.KeyFileException;
import java.io.IOException;
import java.security.PublicKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs checkpoints of each chain's head with the hub's Ed25519 key, on the writer thread, in the writer's own
 * transaction order: the head signed is the one the writer computed while appending, never one read back from the
 * database (a row forged there would otherwise be vouched for).
 *
 * <p>Each chain keeps its own cadence: a checkpoint of a chain is due when its head moved past its newest checkpoint
 * and {@link ChainSettings#checkpointSeconds()} passed since its last one was signed (the first after a start is
 * signed at once), and at a clean stop. One key signs every chain. A key file that cannot be loaded or created leaves
 * the store storing and chaining, without checkpoints, and says so in {@link #problem()}.
 */
final class CheckpointSigning {

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointSigning.class);

    private final ChainSettings settings;
    private final CheckpointSigner signer;
    private final PublicKey publicKey;
    private final String problem;
    private final long intervalNanos;

    /** Per chain, writer thread only. */
    private final Map<String, Signed> signed = new HashMap<>();

    /** What was last signed of one chain, as seen on one connection. */
    private static final class Signed {
        Connection seen;
        long count;
        long at;
    }

    private CheckpointSigning(ChainSettings settings, CheckpointSigner signer, PublicKey publicKey, String problem) {
        this.settings = settings;
        this.signer = signer;
        this.publicKey = publicKey;
        this.problem = problem;
        this.intervalNanos = settings.checkpointSeconds() * 1_000_000_000L;
    }

    /** Loads the key pair, or creates it on first start; a problem with the files is kept as {@link #problem()}. */
    static CheckpointSigning open(ChainSettings settings) {
        try {
            CheckpointSigner signer = CheckpointSigner.loadOrCreate(settings.signingKey(), settings.publicKey());
            return new CheckpointSigning(settings, signer, signer.publicKey(), "");
        } catch (KeyFileException e) {
            String why = "no audit checkpoint is signed: " + e.getMessage() + ". Then restart the store (bundle "
                    + "dev.yakata.store); until then events and the hash-chained audit trail are still stored, but a "
                    + "cut tail would not show";
            LOG.error("Event store: {}", why);
            return new CheckpointSigning(settings, null, readablePublicKey(settings), why);
        } catch (IOException | RuntimeException e) {
            String why = "no audit checkpoint is signed: the key files " + settings.signingKey() + " and "
                    + settings.publicKey() + " could not be created (" + e + "): make their folders writable by the "
                    + "hub (or set auditSigningKey and auditPublicKey in etc/" + StoreSettings.PID + ".cfg) and restart "
                    + "the store; until then the audit trail is stored without checkpoints";
            LOG.error("Event store: {}", why);
            return new CheckpointSigning(settings, null, readablePublicKey(settings), why);
        }
    }

    /** The public key alone, so that verification still checks the checkpoints signed before the problem. */
    private static PublicKey readablePublicKey(ChainSettings settings) {
        try {
            return CheckpointSigner.readPublicKey(settings.publicKey());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    String problem() {
        return problem;
    }

    List<PublicKey> trustedKeys() {
        return publicKey == null ? List.of() : List.of(publicKey);
    }

    String description() {
        String every = "checkpoints signed (Ed25519) at most " + settings.checkpointSeconds()
                + " s after a new record and at a clean stop";
        return signer == null ? "SHA-256 hash chain; " + problem
                : "SHA-256 hash chain; " + every + ", key id " + signer.keyId() + ", public key " + settings.publicKey();
    }

    void checkpoint(Connection c, Tables tables, String chain, long count, String head, boolean stopping)
            throws SQLException {
        if (signer == null) {
            return;
        }
        Signed last = signed.computeIfAbsent(chain, name -> {
            Signed first = new Signed();
            first.at = System.nanoTime() - intervalNanos; // the first checkpoint after a start is due at once
            return first;
        });
        if (c != last.seen) {
            last.count = newestCount(c, tables, chain);
            last.seen = c;
        }
        long now = System.nanoTime();
        if (count <= last.count || !stopping && now - last.at < intervalNanos) {
            return;
        }
        Checkpoint cp = signer.sign(chain, count, head, Instant.now());
        try (PreparedStatement s = c.prepareStatement("INSERT INTO " + tables.checkpoints
                + " (chain_name, entry_count, head_hash, time_ns, key_id, signature) VALUES (?, ?, ?, ?, ?, ?)")) {
            s.setString(1, cp.chain());
            s.setLong(2, cp.count());
            s.setString(3, cp.headHash());
            s.setLong(4, Times.nanos(cp.time()));
            s.setString(5, cp.keyId());
            s.setString(6, cp.signature());
            s.executeUpdate();
        }
        c.commit();
        last.count = count;
        last.at = now;
    }

    private static long newestCount(Connection c, Tables tables, String chain) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT MAX(entry_count) FROM " + tables.checkpoints
                + " WHERE chain_name = ?")) {
            s.setString(1, chain);
            try (ResultSet r = s.executeQuery()) {
                long n = r.next() ? r.getLong(1) : 0;
                c.commit();
                return n;
            }
        }
    }
}
