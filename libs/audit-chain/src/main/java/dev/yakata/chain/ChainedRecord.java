package dev.yakata.chain;

import java.util.Objects;

/**
 * One record of a chain as it is stored: its place, its content and the two hashes that tie it to its predecessor.
 * Built by {@link HashChain}; rebuilt by the store from a row (the verifier then decides whether it is genuine).
 *
 * @param chain the chain's name ({@code audit}, {@code access})
 * @param sequence its position, 1 for the first record of the chain, then 2, 3, ... without gaps
 * @param fields what it records
 * @param previousHash the hash of the record before it ({@link HashChain#GENESIS} for sequence 1)
 * @param hash this record's hash, lowercase hex SHA-256 of {@link HashChain#canonicalBytes}
 */
public record ChainedRecord(String chain, long sequence, AuditFields fields, String previousHash, String hash) {

    public ChainedRecord {
        Objects.requireNonNull(chain, "chain");
        Objects.requireNonNull(fields, "fields");
        Objects.requireNonNull(previousHash, "previousHash");
        Objects.requireNonNull(hash, "hash");
    }
}
