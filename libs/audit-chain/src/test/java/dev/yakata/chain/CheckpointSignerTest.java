package dev.yakata.chain;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class CheckpointSignerTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Path privateKey() {
        return tmp.getRoot().toPath().resolve("data/audit/yakata-audit.key");
    }

    private Path publicKey() {
        return tmp.getRoot().toPath().resolve("etc/yakata-audit.pub");
    }

    @Test
    public void theFirstStartCreatesBothKeyFilesAsPemWithThePrivateOneReadableByItsOwnerOnly() throws Exception {
        CheckpointSigner signer = CheckpointSigner.loadOrCreate(privateKey(), publicKey());
        String priv = Files.readString(privateKey());
        String pub = Files.readString(publicKey());
        assertTrue(priv, priv.startsWith("-----BEGIN PRIVATE KEY-----\n"));
        assertTrue(pub, pub.startsWith("-----BEGIN PUBLIC KEY-----\n") && pub.endsWith("-----END PUBLIC KEY-----\n"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(privateKey())));
        assertEquals(16, signer.keyId().length());
        String expectedId = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(signer.publicKey().getEncoded())).substring(0, 16);
        assertEquals(expectedId, signer.keyId());
    }

    @Test
    public void aLaterStartLoadsTheSamePairAndItsCheckpointsVerify() throws Exception {
        CheckpointSigner first = CheckpointSigner.loadOrCreate(privateKey(), publicKey());
        String before = Files.readString(privateKey());
        CheckpointSigner again = CheckpointSigner.loadOrCreate(privateKey(), publicKey());
        assertEquals(first.keyId(), again.keyId());
        assertEquals(before, Files.readString(privateKey()));
        List<ChainedRecord> chain = TestChains.chain("audit", 3);
        Checkpoint cp = again.sign(chain.get(2), Instant.parse("2026-12-01T23:00:00.5Z"));
        assertEquals(3, cp.count());
        assertEquals(chain.get(2).hash(), cp.headHash());
        assertEquals(first.keyId(), cp.keyId());
        assertEquals(128, cp.signature().length());
        ChainVerifier verifier = new ChainVerifier(CheckpointSigner.readPublicKey(publicKey()));
        assertTrue(verifier.verify("audit", chain.iterator(), List.of(cp)).intact());
    }

    @Test
    public void aCorruptPrivateKeyIsAnErrorNamingTheFileAndItIsNeverReplaced() throws Exception {
        CheckpointSigner.loadOrCreate(privateKey(), publicKey());
        Files.writeString(privateKey(), "-----BEGIN PRIVATE KEY-----\nnot base64 at all!\n-----END PRIVATE KEY-----\n");
        KeyFileException e = assertThrows(KeyFileException.class, () -> CheckpointSigner.loadOrCreate(privateKey(), publicKey()));
        assertEquals(privateKey(), e.file());
        assertTrue(e.getMessage(), e.getMessage().contains(privateKey().toString()) && e.getMessage().contains("corrupt"));
        assertTrue(Files.readString(privateKey()).contains("not base64 at all!"));

        Files.writeString(privateKey(), "garbage");
        e = assertThrows(KeyFileException.class, () -> CheckpointSigner.loadOrCreate(privateKey(), publicKey()));
        assertTrue(e.getMessage(), e.getMessage().contains("holds no '-----BEGIN PRIVATE KEY-----' block")
                && e.getMessage().contains("Restore it from a backup"));
        assertEquals("garbage", Files.readString(privateKey()));
    }

    @Test
    public void aPrivateKeyThatIsValidBase64ButNoKeyIsReportedAsCorrupt() throws Exception {
        CheckpointSigner.loadOrCreate(privateKey(), publicKey());
        Files.writeString(privateKey(), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        KeyFileException e = assertThrows(KeyFileException.class, () -> CheckpointSigner.loadOrCreate(privateKey(), publicKey()));
        assertTrue(e.getMessage(), e.getMessage().contains("is not an Ed25519 PKCS#8 key"));
    }

    @Test
    public void aCorruptPublicKeyIsAnErrorNamingThatFile() throws Exception {
        CheckpointSigner.loadOrCreate(privateKey(), publicKey());
        Files.writeString(publicKey(), "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n");
        KeyFileException e = assertThrows(KeyFileException.class, () -> CheckpointSigner.loadOrCreate(privateKey(), publicKey()));
        assertEquals(publicKey(), e.file());
        assertTrue(e.getMessage(), e.getMessage().contains(publicKey().toString()));
        e = assertThrows(KeyFileException.class, () -> CheckpointSigner.readPublicKey(publicKey()));
        assertTrue(e.getMessage(), e.getMessage().contains("not an Ed25519 public key"));
    }

    @Test
    public void halvesOfTwoDifferentPairsAreRefusedAsAMismatch() throws Exception {
        CheckpointSigner.loadOrCreate(privateKey(), publicKey());
        Path otherPriv = tmp.getRoot().toPath().resolve("other.key");
        Path otherPub = tmp.getRoot().toPath().resolve("other.pub");
        CheckpointSigner other = CheckpointSigner.loadOrCreate(otherPriv, otherPub);
        Files.copy(otherPub, publicKey(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        KeyFileException e = assertThrows(KeyFileException.class, () -> CheckpointSigner.loadOrCreate(privateKey(), publicKey()));
        assertTrue(e.getMessage(), e.getMessage().contains("do not match") && e.getMessage().contains(other.keyId()));
    }

    @Test
    public void aMissingPublicKeyIsWrittenAgainFromTheCopyInThePrivateKeyFile() throws Exception {
        CheckpointSigner first = CheckpointSigner.loadOrCreate(privateKey(), publicKey());
        String pub = Files.readString(publicKey());
        Files.delete(publicKey());
        CheckpointSigner again = CheckpointSigner.loadOrCreate(privateKey(), publicKey());
        assertEquals(first.keyId(), again.keyId());
        assertEquals(pub, Files.readString(publicKey()));
    }

    @Test
    public void aMissingPrivateKeyBesideAnExistingPublicKeyIsAnErrorAndNoNewPairIsMade() throws Exception {
        CheckpointSigner.loadOrCreate(privateKey(), publicKey());
        String pub = Files.readString(publicKey());
        Files.delete(privateKey());
        KeyFileException e = assertThrows(KeyFileException.class, () -> CheckpointSigner.loadOrCreate(privateKey(), publicKey()));
        assertEquals(privateKey(), e.file());
        assertTrue(e.getMessage(), e.getMessage().contains("is missing") && e.getMessage().contains("move " + publicKey()));
        assertFalse(Files.exists(privateKey()));
        assertEquals(pub, Files.readString(publicKey()));
    }

    @Test
    public void aPublicKeyFileThatIsNotThereIsNamedWithWhereToFindIt() {
        KeyFileException e = assertThrows(KeyFileException.class, () -> CheckpointSigner.readPublicKey(publicKey()));
        assertTrue(e.getMessage(), e.getMessage().contains("does not exist") && e.getMessage().contains("yakata-audit.pub"));
    }

    @Test
    public void twoPairsHaveDifferentKeyIds() throws Exception {
        CheckpointSigner a = CheckpointSigner.loadOrCreate(privateKey(), publicKey());
        CheckpointSigner b = CheckpointSigner.loadOrCreate(tmp.getRoot().toPath().resolve("b.key"), tmp.getRoot().toPath().resolve("b.pub"));
        assertNotEquals(a.keyId(), b.keyId());
    }

    @Test
    public void signingRefusesACountOrHeadThatCannotBeAChainHead() throws Exception {
        CheckpointSigner s = CheckpointSigner.loadOrCreate(privateKey(), publicKey());
        assertThrows(IllegalArgumentException.class, () -> s.sign("audit", -1, HashChain.GENESIS, Instant.now()));
        assertThrows(IllegalArgumentException.class, () -> s.sign("audit", 1, "abc", Instant.now()));
    }
}
