package dev.yakata.chain;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * A signed statement "chain {@code chain} had {@code count} records and its head had hash {@code headHash} at
 * {@code time}". It is what reveals a cut tail: a chain that ends before a checkpoint's count was truncated.
 * Made by {@link CheckpointSigner#sign}; checked by {@link ChainVerifier}.
 *
 * @param chain the chain's name
 * @param count the sequence of the head record (0 for a chain with no record yet, whose head is {@link HashChain#GENESIS})
 * @param headHash the head record's hash
 * @param time when it was signed, truncated to microseconds like {@link AuditFields#time()}
 * @param keyId the signing key's id ({@link CheckpointSigner#keyId(java.security.PublicKey)})
 * @param signature the Ed25519 signature over {@link #signedBytes()}, lowercase hex
 */
public record Checkpoint(String chain, long count, String headHash, Instant time, String keyId, String signature) {

    public Checkpoint {
        Objects.requireNonNull(chain, "chain");
        Objects.requireNonNull(headHash, "headHash");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(signature, "signature");
        time = time.truncatedTo(ChronoUnit.MICROS);
    }

    /** The bytes the signature covers: a version tag, then every field but the signature, length-prefixed. */
    public byte[] signedBytes() {
        return signedBytes(chain, count, headHash, time, keyId);
    }

    static byte[] signedBytes(String chain, long count, String headHash, Instant time, String keyId) {
        Canonical out = new Canonical();
        out.string("yakata.audit-checkpoint/1");
        out.string(chain);
        out.int64(count);
        out.string(headHash);
        out.int64(time.getEpochSecond());
        out.int32(time.getNano());
        out.string(keyId);
        return out.toByteArray();
    }
}
