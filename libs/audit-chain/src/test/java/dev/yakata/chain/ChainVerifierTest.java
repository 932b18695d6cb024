package dev.yakata.chain;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import dev.yakata.chain.VerifyReport.Kind;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Each kind of tampering done to the rows as someone with database access would, and what the verifier says. */
public class ChainVerifierTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private CheckpointSigner signer;
    private ChainVerifier verifier;
    /** 100 records; checkpoints at 25, 50, 75 and 90. */
    private List<ChainedRecord> chain;
    private List<Checkpoint> checkpoints;

    @Before
    public void setUp() throws Exception {
        Path dir = tmp.getRoot().toPath();
        signer = CheckpointSigner.loadOrCreate(dir.resolve("audit.key"), dir.resolve("audit.pub"));
        verifier = new ChainVerifier(signer.publicKey());
        chain = TestChains.chain("audit", 100);
        checkpoints = new ArrayList<>();
        for (int count : new int[] {25, 50, 75, 90}) {
            checkpoints.add(signer.sign(chain.get(count - 1), TestChains.START.plusSeconds(count)));
        }
    }

    private VerifyReport verify(List<ChainedRecord> records) {
        return verifier.verify("audit", records.iterator(), checkpoints);
    }

    private static void assertProblem(VerifyReport r, Kind kind, long sequence, String inMessage) {
        assertTrue("expected " + kind + ", got intact: " + r.summary(), r.problem() != null);
        assertEquals(r.summary(), kind, r.problem().kind());
        assertEquals(r.summary(), sequence, r.problem().sequence());
        assertTrue(r.summary(), r.problem().message().contains(inMessage));
    }

    @Test
    public void anUntouchedChainIsIntactAndTheReportSaysWhatTheLastCheckpointCovers() {
        VerifyReport r = verify(chain);
        assertTrue(r.summary(), r.intact());
        assertNull(r.problem());
        assertEquals(100, r.recordsChecked());
        assertEquals(1, r.firstSequence());
        assertEquals(100, r.lastSequence());
        assertEquals(4, r.checkpointsChecked());
        assertEquals(90, r.lastCheckpointCount());
        assertEquals(TestChains.START.plusSeconds(90), r.lastCheckpointTime());
        assertTrue(r.summary(), r.summary().startsWith("chain audit: INTACT, 100 records (1-100), 4 checkpoints"));
    }

    @Test
    public void anEditedFieldIsReportedAsEditedAtThatRecord() {
        List<ChainedRecord> records = new ArrayList<>(chain);
        records.set(41, TestChains.withUser(records.get(41), "mallory"));
        VerifyReport r = verify(records);
        assertProblem(r, Kind.EDITED, 42, "content of record 42 no longer matches its hash");
        assertEquals(41, r.recordsChecked());
        assertEquals(1, r.checkpointsChecked());
    }

    @Test
    public void anEditWhoseHashWasRecomputedIsCaughtByTheNextRecordsLink() {
        List<ChainedRecord> records = new ArrayList<>(chain);
        ChainedRecord original = records.get(59);
        AuditFields f = original.fields();
        records.set(59, new HashChain().append("audit", 60, original.previousHash(), new AuditFields(f.time(), f.kind(),
                "mallory", f.channel(), f.device(), f.action(), f.arguments(), f.outcome(), f.reason(), f.eventId())));
        assertProblem(verify(records), Kind.EDITED, 60, "record 60 was replaced by one with a recomputed hash");
    }

    @Test
    public void anEditWithTheWholeTailRecomputedIsCaughtByTheNextCheckpoint() {
        List<ChainedRecord> records = new ArrayList<>(chain.subList(0, 59));
        HashChain hashing = new HashChain();
        ChainedRecord prev = records.get(58);
        for (int i = 60; i <= 100; i++) {
            AuditFields f = TestChains.fields(i);
            if (i == 60) {
                f = AuditFields.at(f.time()).kind(f.kind()).user("mallory").build();
            }
            prev = hashing.next(prev, f);
            records.add(prev);
        }
        VerifyReport r = verify(records);
        assertProblem(r, Kind.EDITED, 51, "a record from sequence 51 to 75 was changed");
        assertEquals(2, r.checkpointsChecked());
    }

    @Test
    public void aDeletedMiddleRecordIsReportedAsTheGapItLeaves() {
        List<ChainedRecord> records = new ArrayList<>(chain);
        records.remove(29);
        VerifyReport r = verify(records);
        assertProblem(r, Kind.DELETED, 30, "record 30 is missing: the sequence jumps from 29 to 31");
        assertEquals(29, r.recordsChecked());
    }

    @Test
    public void severalDeletedRecordsAreNamedAsARange() {
        List<ChainedRecord> records = new ArrayList<>(chain);
        records.subList(29, 33).clear();
        assertProblem(verify(records), Kind.DELETED, 30, "records 30-33 are missing");
    }

    @Test
    public void aDeletionHiddenByRenumberingRightAfterACheckpointIsReportedAsDeleted() {
        List<ChainedRecord> records = new ArrayList<>(chain.subList(0, 25));
        records.addAll(TestChains.renumberFrom(chain.subList(26, 100), 26));
        assertProblem(verify(records), Kind.DELETED, 26, "records after 25 were deleted and the rest renumbered");
    }

    @Test
    public void aForgedRecordWithARecomputedHashInsertedIntoTheMiddleIsReportedAsInserted() {
        List<ChainedRecord> records = new ArrayList<>(chain.subList(0, 40));
        ChainedRecord forged = new HashChain().append("audit", 41, chain.get(39).hash(),
                AuditFields.at(TestChains.START.plusSeconds(10)).kind("command").user("admin").action("unlock").build());
        records.add(forged);
        records.addAll(TestChains.renumberFrom(chain.subList(40, 100), 42));
        VerifyReport r = verify(records);
        assertProblem(r, Kind.INSERTED, 41, "record 41 was not in the original chain: record 42 is chained directly to record 40");
        assertEquals(40, r.recordsChecked());
    }

    @Test
    public void aForgedRecordInsertedRightAtACheckpointIsStillReportedAsInserted() {
        List<ChainedRecord> records = new ArrayList<>(chain.subList(0, 49));
        records.add(new HashChain().append("audit", 50, chain.get(48).hash(), AuditFields.at(TestChains.START).user("admin").build()));
        records.addAll(TestChains.renumberFrom(chain.subList(49, 100), 51));
        assertProblem(verify(records), Kind.INSERTED, 50, "record 50 was not in the original chain");
    }

    @Test
    public void twoRecordsWhoseSequenceNumbersWereSwappedAreReportedAsReordered() {
        List<ChainedRecord> records = new ArrayList<>(chain);
        ChainedRecord a = records.get(9);
        ChainedRecord b = records.get(10);
        records.set(9, TestChains.renumbered(b, 10));
        records.set(10, TestChains.renumbered(a, 11));
        VerifyReport r = verify(records);
        assertProblem(r, Kind.REORDERED, 10, "record 10 was chained after the record now at sequence 11");
        assertEquals(9, r.recordsChecked());
    }

    @Test
    public void recordsSwappedFarApartAreStillReportedAsReordered() {
        List<ChainedRecord> records = new ArrayList<>(chain);
        Collections.swap(records, 9, 70);
        assertProblem(verify(TestChains.renumberFrom(records, 1)), Kind.REORDERED, 10, "out of chain order");
    }

    @Test
    public void recordsGivenOutOfSequenceOrderAreReportedAsReordered() {
        List<ChainedRecord> records = new ArrayList<>(chain);
        Collections.swap(records, 9, 10); // sequence 11 before 10, numbers untouched
        assertProblem(verify(records), Kind.REORDERED, 10, "record 10 comes after record 11");
    }

    @Test
    public void aTailCutShortOfTheLastCheckpointsCountIsReportedAsTruncated() {
        VerifyReport r = verify(chain.subList(0, 80));
        assertProblem(r, Kind.TRUNCATED, 81, "the checkpoint signed at " + TestChains.START.plusSeconds(90)
                + " vouches for 90 records, but the chain ends at sequence 80");
        assertTrue(r.problem().message(), r.problem().message().contains("records 81-90 are missing"));
        assertEquals(80, r.recordsChecked());
        assertEquals(3, r.checkpointsChecked());
    }

    @Test
    public void aTailCutWithinTheIntervalAfterTheLastCheckpointCannotBeSeenAndTheReportSaysWhatIsCovered() {
        // What the design cannot prove: records 91-100 are signed by no checkpoint yet.
        VerifyReport r = verify(chain.subList(0, 95));
        assertTrue(r.summary(), r.intact());
        assertEquals(90, r.lastCheckpointCount());
        assertEquals(95, r.lastSequence());
    }

    @Test
    public void aChainWithEveryRecordDeletedIsTruncatedWhenACheckpointVouchesForRecords() {
        assertProblem(verify(List.of()), Kind.TRUNCATED, 1, "not one record of the chain is present");
        assertTrue(verifier.verify("audit", List.<ChainedRecord>of().iterator(), List.of()).intact());
    }

    @Test
    public void aCheckpointWhoseCountWasAlteredFailsItsSignature() {
        Checkpoint real = checkpoints.get(3);
        checkpoints.set(3, new Checkpoint(real.chain(), 80, chain.get(79).hash(), real.time(), real.keyId(), real.signature()));
        VerifyReport r = verify(chain.subList(0, 80));
        assertProblem(r, Kind.BAD_CHECKPOINT, 80, "is invalid: the checkpoint was forged or altered");
    }

    @Test
    public void aCheckpointSignedWithAnotherKeyIsReportedAsBadNamingTheUnknownKey() throws Exception {
        Path dir = tmp.getRoot().toPath();
        CheckpointSigner forger = CheckpointSigner.loadOrCreate(dir.resolve("forger.key"), dir.resolve("forger.pub"));
        checkpoints.add(forger.sign(chain.get(59), Instant.now()));
        VerifyReport r = verify(chain);
        assertProblem(r, Kind.BAD_CHECKPOINT, 60, "signed by key id '" + forger.keyId() + "', which is none of the trusted keys");
        assertEquals(60, r.recordsChecked());
    }

    @Test
    public void aForgedCheckpointWithTheTrustedKeyIdButAnotherKeysSignatureIsBad() throws Exception {
        Path dir = tmp.getRoot().toPath();
        CheckpointSigner forger = CheckpointSigner.loadOrCreate(dir.resolve("forger.key"), dir.resolve("forger.pub"));
        Checkpoint forged = forger.sign(chain.get(99), Instant.now());
        checkpoints.add(new Checkpoint(forged.chain(), forged.count(), forged.headHash(), forged.time(), signer.keyId(),
                forged.signature()));
        assertProblem(verify(chain), Kind.BAD_CHECKPOINT, 100, "is invalid");
    }

    @Test
    public void checkpointsSignedByAnOlderTrustedKeyVerifyBesideTheNewOnes() throws Exception {
        Path dir = tmp.getRoot().toPath();
        CheckpointSigner newer = CheckpointSigner.loadOrCreate(dir.resolve("new.key"), dir.resolve("new.pub"));
        checkpoints.add(newer.sign(chain.get(99), Instant.now()));
        VerifyReport r = new ChainVerifier(List.of(signer.publicKey(), newer.publicKey())).verify("audit", chain.iterator(), checkpoints);
        assertTrue(r.summary(), r.intact());
        assertEquals(5, r.checkpointsChecked());
        assertEquals(100, r.lastCheckpointCount());
    }

    @Test
    public void aChainPrunedByRetentionUpToACheckpointVerifiesFromItsFirstRemainingRecord() {
        VerifyReport r = verify(chain.subList(50, 100));
        assertTrue(r.summary(), r.intact());
        assertEquals(50, r.recordsChecked());
        assertEquals(51, r.firstSequence());
        assertEquals(3, r.checkpointsChecked()); // 50 (the anchor), 75, 90; 25 lies before the retained records
    }

    @Test
    public void aChainWhoseOldestRecordsWereRemovedWithoutACheckpointVouchingForItIsReportedAsDeleted() {
        assertProblem(verify(chain.subList(40, 100)), Kind.DELETED, 1,
                "records 1-40 are missing, and no signed checkpoint at sequence 40 vouches for their removal");
    }

    @Test
    public void aPrunedChainWhoseFirstRecordWasAlsoDeletedIsReportedAsDeleted() {
        assertProblem(verify(chain.subList(51, 100)), Kind.DELETED, 1, "no signed checkpoint at sequence 51");
        assertProblem(verify(TestChains.renumberFrom(chain.subList(51, 100), 51)), Kind.DELETED, 51,
                "record 51 is not chained to the checkpoint at sequence 50");
    }

    @Test
    public void aRecordOfAnotherChainIsReportedAsInserted() {
        List<ChainedRecord> records = new ArrayList<>(chain);
        ChainedRecord r = records.get(4);
        records.set(4, new ChainedRecord("access", 5, r.fields(), r.previousHash(), r.hash()));
        assertProblem(verify(records), Kind.INSERTED, 5, "belongs to chain 'access'");
    }

    @Test
    public void aDuplicatedRowIsReportedAsInserted() {
        List<ChainedRecord> records = new ArrayList<>(chain);
        records.add(20, chain.get(19));
        assertProblem(verify(records), Kind.INSERTED, 20, "a second record carries sequence 20");
    }

    @Test
    public void theFirstProblemInChainOrderIsReportedWhenThereAreSeveral() {
        List<ChainedRecord> records = new ArrayList<>(chain.subList(0, 80)); // cut tail: TRUNCATED at 81
        records.set(69, TestChains.withUser(records.get(69), "mallory")); // edit at 70
        records.remove(9); // gap at 10
        assertProblem(verify(records), Kind.DELETED, 10, "record 10 is missing");
    }

    @Test
    public void aHashRewrittenInCapitalsOrTextThatIsNoUnicodeIsReportedAsEdited() {
        List<ChainedRecord> records = new ArrayList<>(chain);
        ChainedRecord r = records.get(6);
        records.set(6, new ChainedRecord("audit", 7, r.fields(), r.previousHash(), r.hash().toUpperCase()));
        assertProblem(verify(records), Kind.EDITED, 7, "no longer matches its hash");

        records = new ArrayList<>(chain);
        r = records.get(2);
        AuditFields f = r.fields();
        records.set(2, new ChainedRecord("audit", 3, new AuditFields(f.time(), f.kind(), "\uDC00", f.channel(), f.device(),
                f.action(), f.arguments(), f.outcome(), f.reason(), f.eventId()), r.previousHash(), r.hash()));
        assertProblem(verify(records), Kind.EDITED, 3, "record 3 cannot be hashed: Text with an unpaired surrogate");
    }
}
