package dev.yakata.store.internal;

/**
 * The seam where the tamper-evidence library ({@code libs/audit-chain}, package {@code dev.yakata.chain}) plugs into
 * the writer: it gives each audit record its hash from the record's fields and the previous record's hash. The
 * writer numbers the records (1.. per chain, no gaps), keeps each chain's head, and writes the hashes in the same
 * transaction as the events; a rolled-back batch gives the same records the same numbers again.
 *
 * <p>Called on the writer thread only, in sequence order.
 */
interface AuditChainer {

    /**
     * The hash of {@code record} (its {@code sequence} and {@code previousHash} already set), as text; empty when
     * this chainer computes none.
     */
    String hash(AuditRecord record);

    /** What this chainer is, for the status and the log ("none", "SHA-256 chain, key ..."). */
    String description();

    /**
     * PLACEHOLDER, to be replaced by the library's chainer: computes nothing, so every hash column stays empty and the
     * audit trail is <b>not</b> tamper-evident.
     */
    AuditChainer NONE = new AuditChainer() {
        @Override
        public String hash(AuditRecord record) {
            return "";
        }

        @Override
        public String description() {
            return "none (placeholder: no hash chain, the audit trail is not tamper-evident)";
        }
    };
}
