package dev.yakata.store.internal;

import java.security.PublicKey;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;

/**
 * The seam where the tamper-evidence library ({@code libs/audit-chain}, package {@code dev.yakata.chain}) plugs into
 * the writer: it gives each audit record its hash from the record's fields and the previous record's hash, and signs
 * checkpoints of the chain's head. The writer numbers the records (1.. per chain, no gaps), keeps each chain's head
 * in memory, and writes the hashes in the same transaction as the events; a rolled-back batch gives the same records
 * the same numbers again. In production it is {@link LibraryChainer}.
 *
 * <p>Called on the writer thread only, in sequence order: the writer is the one writer of every chain.
 */
interface AuditChainer {

    /**
     * The hash of {@code record} (its {@code sequence} and {@code previousHash} already set), as text.
     */
    String hash(AuditRecord record);

    /** What this chainer is, for the status and the log ("SHA-256 chain, checkpoints signed with key ..."). */
    String description();

    /** The previous hash of a chain's first record. */
    default String genesis() {
        return "";
    }

    /**
     * After each write round, idle ones included, and once more before a clean stop: signs a checkpoint of the head
     * the writer holds in memory ({@code count} records, the last hashing to {@code head}) when one is due, and writes
     * and commits it on {@code connection} (the writer's own, no batch open).
     *
     * @param stopping true for the last call before the writer stops: sign now if the head moved
     */
    default void checkpoint(Connection connection, Tables tables, String chain, long count, String head,
            boolean stopping) throws SQLException {
    }

    /** Empty while checkpoints are signed; otherwise why not, naming the file and the fix. */
    default String problem() {
        return "";
    }

    /** The public keys a verification trusts checkpoints of. */
    default Collection<PublicKey> trustedKeys() {
        return List.of();
    }
}
