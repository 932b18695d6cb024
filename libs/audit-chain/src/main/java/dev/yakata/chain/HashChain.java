package dev.yakata.chain;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Computes the hash chain: each record's hash covers its chain name, its predecessor's hash and its fields, so a
 * record cannot be edited, removed, added or moved without breaking the hashes or the links after it.
 *
 * <h2>The canonical bytes (version 1)</h2>
 * Each string is written as its UTF-8 length (4 bytes, big-endian) followed by its UTF-8 bytes; in this order:
 * the tag {@code "yakata.audit-chain/1"}, the chain name, the previous hash (64 lowercase hex characters), the time
 * as epoch seconds (8 bytes) and nanoseconds (4 bytes; always whole microseconds, see {@link AuditFields}), then
 * kind, user, channel, device, action, arguments, outcome, reason, eventId. The hash is SHA-256 of those bytes,
 * written as 64 lowercase hex characters.
 *
 * <h2>Why the sequence number is not hashed</h2>
 * A record's position is already fixed by the links: the first record follows {@link #GENESIS} (or the checkpoint
 * its retained part starts after), and each next one names its predecessor's hash, so exactly one numbering fits.
 * Leaving the number out lets the verifier tell what happened when someone renumbers rows to hide a change: a
 * deleted record followed by renumbered rows still reads as one DELETED record, a forged row slipped in as one
 * INSERTED record, two swapped rows as REORDERED, where a hashed number would turn all of them into a run of
 * records that merely fail their hash. The verifier checks the numbers against the links (gaps, repeats).
 *
 * <p>Not thread-safe (it reuses its digest and buffer): one instance per thread.
 */
public final class HashChain {

    /** The "previous hash" of a chain's first record: 64 zeros. */
    public static final String GENESIS = "0".repeat(64);

    static final String TAG = "yakata.audit-chain/1";
    private static final HexFormat HEX = HexFormat.of();

    private final MessageDigest sha256;
    private final Canonical canonical = new Canonical();

    public HashChain() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This JVM has no SHA-256, which every Java 17 must provide", e);
        }
    }

    /** The first record of a new chain: sequence 1, chained to {@link #GENESIS}. */
    public ChainedRecord first(String chain, AuditFields fields) {
        return append(chain, 1, GENESIS, fields);
    }

    /**
     * The record after {@code previous} in its chain. To continue a chain after a restart, rebuild its head from the
     * stored row (or use {@link #append}).
     */
    public ChainedRecord next(ChainedRecord previous, AuditFields fields) {
        return append(previous.chain(), previous.sequence() + 1, previous.hash(), fields);
    }

    /**
     * The record at {@code sequence} of {@code chain}, after a record whose hash is {@code previousHash}.
     *
     * @throws IllegalArgumentException if the chain name is empty, the sequence below 1, the previous hash not 64
     *         lowercase hex characters, or a field not valid Unicode
     */
    public ChainedRecord append(String chain, long sequence, String previousHash, AuditFields fields) {
        if (chain == null || chain.isEmpty()) {
            throw new IllegalArgumentException("A chain needs a name (for instance \"audit\")");
        }
        if (sequence < 1) {
            throw new IllegalArgumentException("Chain " + chain + ": sequence " + sequence + " is below 1; the first record is 1");
        }
        if (!isHash(previousHash)) {
            throw new IllegalArgumentException("Chain " + chain + ", sequence " + sequence + ": previous hash '" + previousHash
                    + "' is not 64 lowercase hex characters (a SHA-256 written as HashChain writes it)");
        }
        return new ChainedRecord(chain, sequence, fields, previousHash, hash(chain, previousHash, fields));
    }

    /** The hash a record with this chain, predecessor and content must carry. */
    public String hash(String chain, String previousHash, AuditFields fields) {
        encode(chain, previousHash, fields);
        sha256.update(canonical.buffer(), 0, canonical.length());
        return HEX.formatHex(sha256.digest());
    }

    /** Whether the record's hash is the one its chain, previous hash and fields give. */
    public boolean matches(ChainedRecord record) {
        if (!isHash(record.previousHash()) || record.hash().length() != 64) {
            return false;
        }
        encode(record.chain(), record.previousHash(), record.fields());
        sha256.update(canonical.buffer(), 0, canonical.length());
        return equalsHex(sha256.digest(), record.hash());
    }

    /** Compares a digest with lowercase hex without building a string (the verifier does this for every record). */
    private static boolean equalsHex(byte[] digest, String hex) {
        for (int i = 0; i < digest.length; i++) {
            int b = digest[i] & 0xFF;
            if (hex.charAt(2 * i) != DIGITS[b >>> 4] || hex.charAt(2 * i + 1) != DIGITS[b & 0xF]) {
                return false;
            }
        }
        return true;
    }

    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    /** The canonical bytes described above, for whoever wants to check the hash another way. */
    public byte[] canonicalBytes(String chain, String previousHash, AuditFields fields) {
        encode(chain, previousHash, fields);
        return canonical.toByteArray();
    }

    private void encode(String chain, String previousHash, AuditFields f) {
        Canonical c = canonical;
        c.reset();
        c.string(TAG);
        c.string(chain);
        c.string(previousHash);
        c.int64(f.time().getEpochSecond());
        c.int32(f.time().getNano());
        c.string(f.kind());
        c.string(f.user());
        c.string(f.channel());
        c.string(f.device());
        c.string(f.action());
        c.string(f.arguments());
        c.string(f.outcome());
        c.string(f.reason());
        c.string(f.eventId());
    }

    /** Whether {@code s} is a hash as this class writes it: 64 lowercase hex characters. */
    public static boolean isHash(String s) {
        if (s == null || s.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }
}
