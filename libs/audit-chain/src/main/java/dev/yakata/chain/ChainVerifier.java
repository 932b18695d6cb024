package dev.yakata.chain;

import dev.yakata.chain.VerifyReport.Kind;
import dev.yakata.chain.VerifyReport.Problem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * Checks one chain against its checkpoints and names the first problem in chain order.
 *
 * <p>It reads the records once, in the order given (the store's {@code ORDER BY sequence}), holding only the
 * current record and the next: memory does not grow with the chain. Only when it finds a problem does it read up to
 * {@value #LOOKAHEAD} records further, to tell a reordering (the missing link turns up later) from a deletion or an
 * insertion; two records swapped further apart than that are reported by the kind their broken link suggests.
 *
 * <p>A chain may start after sequence 1 when retention removed its oldest records: its first remaining record must
 * then be chained to the head of a signed checkpoint whose count is one less than that record's sequence (the store
 * prunes only up to a checkpoint and keeps that checkpoint).
 *
 * <p>Not thread-safe: one instance per thread.
 */
public final class ChainVerifier {

    /** How many records past a broken link are read to classify it. */
    public static final int LOOKAHEAD = 1024;

    private static final HexFormat HEX = HexFormat.of();

    private final Map<String, PublicKey> keys = new LinkedHashMap<>();
    private final HashChain hashing = new HashChain();
    private final Signature ed25519;

    /** A verifier trusting checkpoints signed with this key. */
    public ChainVerifier(PublicKey key) {
        this(List.of(key));
    }

    /** A verifier trusting checkpoints signed with any of these keys (an old pair and its successor), found by key id. */
    public ChainVerifier(Collection<PublicKey> trusted) {
        for (PublicKey key : trusted) {
            keys.put(CheckpointSigner.keyId(key), key);
        }
        try {
            ed25519 = Signature.getInstance("Ed25519");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This JVM has no Ed25519, which every Java 15+ provides", e);
        }
    }

    /** The ids of the trusted keys. */
    public Collection<String> keyIds() {
        return List.copyOf(keys.keySet());
    }

    /**
     * Verifies one chain.
     *
     * @param chain the chain's name; a record of another chain among {@code records} is reported as INSERTED
     * @param records its records, in the order the store returns them (by sequence)
     * @param checkpoints its checkpoints in any order; those of other chains are ignored
     */
    public VerifyReport verify(String chain, Iterator<ChainedRecord> records, Collection<Checkpoint> checkpoints) {
        return new Run(chain, records, checkpoints).run();
    }

    /**
     * Verifies every chain of an audit export ({@link AuditCsv}) without holding its records in memory. An export laid
     * out as the store writes it (the checkpoints first, then each chain's records together) is read once; any other
     * order is read again: one pass for the checkpoints, then one per chain.
     *
     * @return one report per chain, in the order the chains first appear in the file
     * @throws CsvFormatException when the file is not a well-formed export (line and column in the message)
     */
    public List<VerifyReport> verifyExport(Path export) throws IOException {
        try {
            List<VerifyReport> once = onePass(export);
            return once != null ? once : severalPasses(export);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** The reports from a single read, or null when the file's layout does not allow one. */
    private List<VerifyReport> onePass(Path export) throws IOException {
        try (AuditCsv.Reader reader = new AuditCsv.Reader(Files.newInputStream(export))) {
            List<Checkpoint> checkpoints = new ArrayList<>();
            List<String> row = reader.nextRow();
            while (row != null && row.get(0).equals(AuditCsv.CHECKPOINT)) {
                checkpoints.add(AuditCsv.parse(row, reader.rowLine()).checkpoint());
                row = reader.nextRow();
            }
            Set<String> chains = new LinkedHashSet<>();
            for (Checkpoint cp : checkpoints) {
                chains.add(cp.chain());
            }
            Map<String, VerifyReport> reports = new LinkedHashMap<>();
            for (String chain : chains) {
                reports.put(chain, null);
            }
            Block block = new Block(reader, row);
            while (block.peek != null) {
                String chain = block.peek.get(1);
                if (reports.get(chain) != null) {
                    return null; // the chain's records are not together
                }
                block.chain = chain;
                VerifyReport report = verify(chain, block, checkpoints);
                block.skipRest();
                if (block.checkpointAfterRecords) {
                    return null;
                }
                reports.put(chain, report);
            }
            for (Map.Entry<String, VerifyReport> e : reports.entrySet()) {
                if (e.getValue() == null) { // checkpoints but no record
                    e.setValue(verify(e.getKey(), java.util.Collections.emptyIterator(), checkpoints));
                }
            }
            return new ArrayList<>(reports.values());
        }
    }

    private List<VerifyReport> severalPasses(Path export) throws IOException {
        Set<String> chains = new LinkedHashSet<>();
        List<Checkpoint> checkpoints = new ArrayList<>();
        try (AuditCsv.Reader reader = new AuditCsv.Reader(Files.newInputStream(export))) {
            // The first pass parses checkpoints only; each chain's pass parses its own records.
            for (List<String> row = reader.nextRow(); row != null; row = reader.nextRow()) {
                chains.add(row.get(1));
                if (row.get(0).equals(AuditCsv.CHECKPOINT)) {
                    checkpoints.add(AuditCsv.parse(row, reader.rowLine()).checkpoint());
                }
            }
        }
        List<VerifyReport> reports = new ArrayList<>();
        for (String chain : chains) {
            try (AuditCsv.Reader reader = new AuditCsv.Reader(Files.newInputStream(export), chain)) {
                reports.add(verify(chain, new RecordsOf(chain, reader), checkpoints));
            }
        }
        return reports;
    }

    /** The run of rows of one chain in a single read; notes a checkpoint row that comes after records. */
    private static final class Block implements Iterator<ChainedRecord> {
        private final AuditCsv.Reader reader;
        List<String> peek;
        String chain;
        boolean checkpointAfterRecords;

        Block(AuditCsv.Reader reader, List<String> first) {
            this.reader = reader;
            this.peek = first;
        }

        @Override
        public boolean hasNext() {
            if (peek == null) {
                return false;
            }
            if (peek.get(0).equals(AuditCsv.CHECKPOINT)) {
                checkpointAfterRecords = true;
                return false;
            }
            return peek.get(1).equals(chain);
        }

        @Override
        public ChainedRecord next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            try {
                ChainedRecord r = AuditCsv.parse(peek, reader.rowLine()).record();
                peek = reader.nextRow();
                return r;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Passes over what the verifier left of this chain (it stops at the first problem). */
        void skipRest() throws IOException {
            while (hasNext()) {
                peek = reader.nextRow();
            }
        }
    }

    /** The records of one chain in an export, in file order, when it is read once per chain. */
    private static final class RecordsOf implements Iterator<ChainedRecord> {
        private final String chain;
        private final AuditCsv.Reader reader;
        private ChainedRecord next;

        RecordsOf(String chain, AuditCsv.Reader reader) {
            this.chain = chain;
            this.reader = reader;
        }

        @Override
        public boolean hasNext() {
            try {
                while (next == null) {
                    AuditCsv.Entry e = reader.next();
                    if (e == null) {
                        return false;
                    }
                    if (e.record() != null && e.record().chain().equals(chain)) {
                        next = e.record();
                    }
                }
                return true;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public ChainedRecord next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            ChainedRecord r = next;
            next = null;
            return r;
        }
    }

    /** Whether the checkpoint is signed by a trusted key; null when it is, else why not. */
    String signatureProblem(Checkpoint cp) {
        PublicKey key = keys.get(cp.keyId());
        if (key == null) {
            return "the checkpoint of " + cp.time() + " (count " + cp.count() + ") is signed by key id '" + cp.keyId()
                    + "', which is none of the trusted keys " + keys.keySet();
        }
        if (!HashChain.isHash(cp.headHash())) {
            return "the checkpoint of " + cp.time() + " (count " + cp.count() + ") names a head hash that is not a SHA-256";
        }
        try {
            byte[] sig = HEX.parseHex(cp.signature());
            ed25519.initVerify(key);
            ed25519.update(cp.signedBytes());
            if (ed25519.verify(sig)) {
                return null;
            }
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            // a signature that is not hex, or not 64 bytes, is as invalid as a wrong one
        }
        return "the signature of the checkpoint of " + cp.time() + " (count " + cp.count() + ", key id " + cp.keyId()
                + ") is invalid: the checkpoint was forged or altered";
    }

    /** The state of one verification. */
    private final class Run {
        private final String chain;
        private final Iterator<ChainedRecord> records;
        private final List<Checkpoint> valid = new ArrayList<>();
        private Checkpoint firstBad;
        private String firstBadWhy;
        private int nextCheckpoint;

        private long checked;
        private long firstSequence;
        private long lastSequence;
        private long checkpointsChecked;
        private Checkpoint lastMatched;
        /** The sequence the newest matched checkpoint (or the chain's start) vouches for. */
        private long vouchedUpTo;

        Run(String chain, Iterator<ChainedRecord> records, Collection<Checkpoint> checkpoints) {
            this.chain = chain;
            this.records = records;
            for (Checkpoint cp : checkpoints) {
                if (!cp.chain().equals(chain)) {
                    continue;
                }
                String why = signatureProblem(cp);
                if (why == null) {
                    valid.add(cp);
                } else if (firstBad == null || cp.count() < firstBad.count()) {
                    firstBad = cp;
                    firstBadWhy = why;
                }
            }
            valid.sort(Comparator.comparingLong(Checkpoint::count));
        }

        VerifyReport run() {
            ChainedRecord cur = records.hasNext() ? records.next() : null;
            if (cur == null) {
                if (firstBad != null) {
                    return badCheckpoint();
                }
                Checkpoint newest = valid.isEmpty() ? null : valid.get(valid.size() - 1);
                if (newest != null && newest.count() > 0) {
                    return report(Kind.TRUNCATED, 1, "the checkpoint signed at " + newest.time() + " vouches for "
                            + newest.count() + " records, but not one record of the chain is present");
                }
                return report(null);
            }
            firstSequence = cur.sequence();
            String link;
            if (cur.sequence() == 1) {
                link = HashChain.GENESIS;
            } else if (cur.sequence() < 1) {
                return report(Kind.INSERTED, cur.sequence(), "the first record has sequence " + cur.sequence()
                        + ", which is no position in a chain (the first record is 1)");
            } else {
                if (firstBad != null && firstBad.count() < cur.sequence()) {
                    return badCheckpoint();
                }
                Checkpoint anchor = checkpointAt(cur.sequence() - 1);
                if (anchor == null) {
                    return report(Kind.DELETED, 1, "the chain starts at sequence " + cur.sequence() + ": records 1-"
                            + (cur.sequence() - 1) + " are missing, and no signed checkpoint at sequence "
                            + (cur.sequence() - 1) + " vouches for their removal by retention");
                }
                link = anchor.headHash();
                checkpointsChecked++;
                lastMatched = anchor;
                vouchedUpTo = anchor.count();
            }
            while (nextCheckpoint < valid.size() && valid.get(nextCheckpoint).count() < cur.sequence()) {
                nextCheckpoint++; // older than the retained records (or the anchor itself)
            }
            String linkOfPredecessor = null;
            long expected = cur.sequence();
            ChainedRecord ahead = records.hasNext() ? records.next() : null;
            while (true) {
                Problem p = check(cur, ahead, expected, link, linkOfPredecessor);
                if (p != null) {
                    return report(p);
                }
                checked++;
                lastSequence = cur.sequence();
                while (nextCheckpoint < valid.size() && valid.get(nextCheckpoint).count() <= cur.sequence()) {
                    Checkpoint cp = valid.get(nextCheckpoint++);
                    if (cp.headHash().equals(cur.hash())) {
                        checkpointsChecked++;
                        lastMatched = cp;
                        vouchedUpTo = cp.count();
                        continue;
                    }
                    // A broken link just after usually says more precisely what happened (an insertion shifts the
                    // vouched-for record one place on).
                    if (ahead != null && !ahead.previousHash().equals(cur.hash())) {
                        ChainedRecord after = records.hasNext() ? records.next() : null;
                        Problem next = check(ahead, after, cur.sequence() + 1, cur.hash(), cur.previousHash());
                        if (next != null && next.kind() != Kind.EDITED) {
                            return report(next);
                        }
                    }
                    return report(Kind.EDITED, vouchedUpTo + 1, "the chain no longer reaches the head that the checkpoint"
                            + " signed at " + cp.time() + " vouches for at sequence " + cp.count() + ": a record from sequence "
                            + (vouchedUpTo + 1) + " to " + cp.count() + " was changed and the hashes after it recomputed");
                }
                if (firstBad != null && firstBad.count() <= cur.sequence()) {
                    return badCheckpoint();
                }
                if (ahead == null) {
                    break;
                }
                linkOfPredecessor = cur.previousHash();
                link = cur.hash();
                expected = cur.sequence() + 1;
                cur = ahead;
                ahead = records.hasNext() ? records.next() : null;
            }
            if (firstBad != null) {
                return badCheckpoint();
            }
            if (nextCheckpoint < valid.size()) {
                Checkpoint newest = valid.get(valid.size() - 1);
                return report(Kind.TRUNCATED, lastSequence + 1, "the checkpoint signed at " + newest.time() + " vouches for "
                        + newest.count() + " records, but the chain ends at sequence " + lastSequence + ": the tail after "
                        + lastSequence + " was cut (" + span(lastSequence + 1, newest.count()) + " missing)");
            }
            return report(null);
        }

        /** The first problem at {@code cur}, or null when it is sound; {@code ahead} (may be null) is the record after it. */
        private Problem check(ChainedRecord cur, ChainedRecord ahead, long expected, String link, String linkOfPredecessor) {
            long seq = cur.sequence();
            if (seq < expected) {
                if (seq == expected - 1) {
                    return new Problem(Kind.INSERTED, seq, "a second record carries sequence " + seq
                            + " (the first one is sound): it was not in the original chain");
                }
                return new Problem(Kind.REORDERED, seq, "record " + seq + " comes after record " + (expected - 1)
                        + ": the records are out of chain order");
            }
            if (seq > expected) {
                for (ChainedRecord w : window(ahead)) {
                    if (w.sequence() >= expected && w.sequence() < seq) {
                        return new Problem(Kind.REORDERED, expected, "record " + w.sequence() + " comes after record " + seq
                                + ": the records are out of chain order");
                    }
                }
                return new Problem(Kind.DELETED, expected, span(expected, seq - 1) + " missing: the sequence jumps from "
                        + (expected - 1) + " to " + seq);
            }
            if (!cur.chain().equals(chain)) {
                return new Problem(Kind.INSERTED, seq, "the record at sequence " + seq + " belongs to chain '" + cur.chain()
                        + "', not to '" + chain + "'");
            }
            boolean sound;
            try {
                sound = hashing.matches(cur);
            } catch (IllegalArgumentException e) {
                return new Problem(Kind.EDITED, seq, "record " + seq + " cannot be hashed: " + e.getMessage());
            }
            if (!sound) {
                return new Problem(Kind.EDITED, seq, "the content of record " + seq + " no longer matches its hash");
            }
            if (cur.previousHash().equals(link)) {
                return null;
            }
            return brokenLink(cur, ahead, link, linkOfPredecessor);
        }

        /** {@code cur} is sound in itself but not chained to {@code link}, the hash of what should come before it. */
        private Problem brokenLink(ChainedRecord cur, ChainedRecord ahead, String link, String linkOfPredecessor) {
            long seq = cur.sequence();
            if (linkOfPredecessor != null && cur.previousHash().equals(linkOfPredecessor)) {
                return new Problem(Kind.INSERTED, seq - 1, "record " + (seq - 1) + " was not in the original chain: record "
                        + seq + " is chained directly to record " + (seq - 2));
            }
            List<ChainedRecord> window = window(ahead);
            for (ChainedRecord w : window) {
                if (w.hash().equals(cur.previousHash())) {
                    return new Problem(Kind.REORDERED, seq, "record " + seq + " was chained after the record now at sequence "
                            + w.sequence() + ": the records are out of chain order");
                }
                if (w.previousHash().equals(link)) {
                    return new Problem(Kind.REORDERED, seq, "the record that followed " + (seq - 1)
                            + " in the original chain is now at sequence " + w.sequence() + ": the records are out of chain order");
                }
            }
            if (ahead != null && ahead.previousHash().equals(link)) {
                return new Problem(Kind.INSERTED, seq, "record " + seq + " was not in the original chain: record "
                        + (seq + 1) + " is chained directly to " + (seq == firstSequence ? "what precedes it" : "record " + (seq - 1)));
            }
            if (seq == firstSequence) {
                String start = seq == 1 ? "the start of the chain" : "the checkpoint at sequence " + (seq - 1);
                return new Problem(Kind.DELETED, seq, "record " + seq + " is not chained to " + start
                        + ": the record(s) before it were removed and the rest renumbered, or it was forged");
            }
            if (vouchedUpTo == seq - 1) {
                return new Problem(Kind.DELETED, seq, "record " + seq + " is chained to a record that is not here, while a"
                        + " signed checkpoint vouches for record " + (seq - 1) + ": records after " + (seq - 1)
                        + " were deleted and the rest renumbered");
            }
            return new Problem(Kind.EDITED, seq - 1, "record " + seq + " is not chained to record " + (seq - 1) + ": record "
                    + (seq - 1) + " was replaced by one with a recomputed hash, or records after it were deleted and the rest"
                    + " renumbered");
        }

        /** {@code ahead} and up to {@link #LOOKAHEAD} records after it (read only once a problem is found). */
        private List<ChainedRecord> window(ChainedRecord ahead) {
            List<ChainedRecord> w = new ArrayList<>();
            if (ahead != null) {
                w.add(ahead);
                while (w.size() < LOOKAHEAD && records.hasNext()) {
                    w.add(records.next());
                }
            }
            return w;
        }

        private Checkpoint checkpointAt(long count) {
            for (Checkpoint cp : valid) {
                if (cp.count() == count) {
                    return cp;
                }
            }
            return null;
        }

        private VerifyReport badCheckpoint() {
            return report(Kind.BAD_CHECKPOINT, firstBad.count(), firstBadWhy);
        }

        private VerifyReport report(Kind kind, long sequence, String message) {
            return report(new Problem(kind, sequence, message));
        }

        private VerifyReport report(Problem p) {
            if (p != null && p.kind() != Kind.BAD_CHECKPOINT && checked > 0 && p.sequence() <= lastSequence) {
                // The problem lies in a record already counted as sound (found through its successor's link).
                checked = Math.max(0, checked - (lastSequence - p.sequence() + 1));
                lastSequence = p.sequence() - 1;
            }
            Instant time = lastMatched == null ? null : lastMatched.time();
            long count = lastMatched == null ? 0 : lastMatched.count();
            return new VerifyReport(chain, p, checked, checked == 0 ? 0 : firstSequence, checked == 0 ? 0 : lastSequence,
                    checkpointsChecked, count, time);
        }
    }

    private static String span(long from, long to) {
        return from == to ? "record " + from + " is" : "records " + from + "-" + to + " are";
    }
}
