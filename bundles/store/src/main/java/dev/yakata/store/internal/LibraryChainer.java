package dev.yakata.store.internal;

import dev.yakata.chain.AuditFields;
import dev.yakata.chain.HashChain;
import java.security.PublicKey;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production chainer: each audit record's hash is the library's SHA-256 over its chain, the previous record's
 * hash, its time (to the microsecond) and its nine text fields ({@link HashChain}); checkpoints are signed by
 * {@link CheckpointSigning}. One instance per writer (it holds a digest; not thread-safe).
 */
final class LibraryChainer implements AuditChainer {

    private static final Logger LOG = LoggerFactory.getLogger(LibraryChainer.class);

    private final HashChain hashing = new HashChain();
    private boolean warnedUnchained;
    private final CheckpointSigning signing;

    LibraryChainer(CheckpointSigning signing) {
        this.signing = signing;
    }

    /** A chainer with the keys of {@code settings}, created on first start. */
    static LibraryChainer open(ChainSettings settings) {
        return new LibraryChainer(CheckpointSigning.open(settings));
    }

    /** The fields the hash covers, as the store keeps them (the writer stores exactly these texts). */
    static AuditFields fields(AuditRecord r) {
        return new AuditFields(Times.instant(r.timeNanos()), r.kind(), r.user(), r.channel(), r.device(), r.action(),
                r.argumentsJson(), r.outcome(), r.reason(), r.eventId());
    }

    @Override
    public String hash(AuditRecord record) {
        if (!HashChain.isHash(record.previousHash())) {
            // The trail before this chainer (the placeholder stored empty hashes): continue from it rather than stop
            // storing; verify reports those older records, which nothing protects, as EDITED.
            if (!warnedUnchained) {
                warnedUnchained = true;
                LOG.warn("Event store: audit chain {} holds records up to {} written without a hash chain; chaining "
                        + "from {} on. yakata:audit-verify reports the older ones as not matching their hash",
                        record.chain(), record.sequence() - 1, record.sequence());
            }
            return hashing.hash(record.chain(), record.previousHash(), fields(record));
        }
        return hashing.append(record.chain(), record.sequence(), record.previousHash(), fields(record)).hash();
    }

    @Override
    public String genesis() {
        return HashChain.GENESIS;
    }

    @Override
    public String description() {
        return signing.description();
    }

    @Override
    public void checkpoint(Connection connection, Tables tables, String chain, long count, String head,
            boolean stopping) throws SQLException {
        signing.checkpoint(connection, tables, chain, count, head, stopping);
    }

    @Override
    public String problem() {
        return signing.problem();
    }

    @Override
    public Collection<PublicKey> trustedKeys() {
        return signing.trustedKeys();
    }
}
