package dev.yakata.chain;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Signs checkpoints with the hub's Ed25519 key pair, which it creates on first use.
 *
 * <p>The private key lives in a file the caller names (PKCS#8 PEM, readable by its owner only where the file system
 * has POSIX permissions), followed by a copy of the public key so a lost public file can be written again; the public
 * key lives in a second file (X.509 PEM; the hub keeps it in {@code etc/yakata-audit.pub}, where auditors get it).
 * An existing pair is loaded and checked against each other; a missing half, a corrupt file or two halves of
 * different pairs is a {@link KeyFileException} naming the file and the fix. A key is never generated over an
 * existing file: checkpoints signed so far verify only with the old public key.
 *
 * <p>Thread-safe.
 */
public final class CheckpointSigner {

    private static final HexFormat HEX = HexFormat.of();

    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final String keyId;
    private final Signature signature;

    private CheckpointSigner(PrivateKey privateKey, PublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.keyId = keyId(publicKey);
        try {
            this.signature = Signature.getInstance("Ed25519");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This JVM has no Ed25519, which every Java 15+ provides", e);
        }
    }

    /**
     * Loads the pair from the two files, or creates both when neither exists (with their parent folders).
     *
     * @throws KeyFileException when only one of the two exists and the other cannot be restored, a file is corrupt, or
     *         they are not one pair
     * @throws IOException when a file cannot be written
     */
    public static CheckpointSigner loadOrCreate(Path privateKeyFile, Path publicKeyFile) throws IOException {
        boolean havePrivate = Files.exists(privateKeyFile);
        boolean havePublic = Files.exists(publicKeyFile);
        if (!havePrivate && !havePublic) {
            return create(privateKeyFile, publicKeyFile);
        }
        if (!havePrivate) {
            throw new KeyFileException(privateKeyFile, "The audit signing key " + privateKeyFile + " is missing, but its public key "
                    + publicKeyFile + " exists. Restore " + privateKeyFile + " from a backup; or, to start a new key pair, move "
                    + publicKeyFile + " away (keep it: the checkpoints signed so far verify only with it)");
        }
        String privateText = Pem.read(privateKeyFile);
        byte[] privateDer = Pem.find(privateText, Pem.PRIVATE, privateKeyFile);
        if (privateDer == null) {
            throw new KeyFileException(privateKeyFile, "The audit signing key " + privateKeyFile
                    + " holds no '-----BEGIN PRIVATE KEY-----' block: it is corrupt. Restore it from a backup; or, to start a"
                    + " new key pair, move it and " + publicKeyFile + " away (keep the public key: the checkpoints signed so far"
                    + " verify only with it)");
        }
        PrivateKey privateKey = Pem.privateKey(privateDer, privateKeyFile);
        byte[] copyDer = Pem.find(privateText, Pem.PUBLIC, privateKeyFile);
        PublicKey copy = copyDer == null ? null : Pem.publicKey(copyDer, privateKeyFile);
        PublicKey publicKey;
        if (havePublic) {
            publicKey = readPublicKey(publicKeyFile);
        } else if (copy != null) {
            publicKey = copy;
            writeNew(publicKeyFile, Pem.block(Pem.PUBLIC, copy.getEncoded()), false);
        } else {
            throw new KeyFileException(publicKeyFile, "The audit public key " + publicKeyFile + " is missing and " + privateKeyFile
                    + " carries no copy of it. Restore " + publicKeyFile + " from a backup or from an auditor's copy");
        }
        if (!belongTogether(privateKey, publicKey) || copy != null && !Arrays.equals(copy.getEncoded(), publicKey.getEncoded())) {
            throw new KeyFileException(publicKeyFile, "The audit keys do not match: the public key " + publicKeyFile + " (key id "
                    + keyId(publicKey) + ") is not the one of the signing key " + privateKeyFile + ". Restore both files from"
                    + " the same backup; never mix the files of two key pairs");
        }
        return new CheckpointSigner(privateKey, publicKey);
    }

    /**
     * Reads a public key file as {@link #loadOrCreate} writes it.
     *
     * @throws KeyFileException if it is missing, unreadable or holds no Ed25519 public key
     */
    public static PublicKey readPublicKey(Path publicKeyFile) throws KeyFileException {
        if (!Files.exists(publicKeyFile)) {
            throw new KeyFileException(publicKeyFile, "The audit public key " + publicKeyFile
                    + " does not exist: give the hub's etc/yakata-audit.pub");
        }
        byte[] der = Pem.find(Pem.read(publicKeyFile), Pem.PUBLIC, publicKeyFile);
        if (der == null) {
            throw new KeyFileException(publicKeyFile, "The audit public key " + publicKeyFile
                    + " holds no '-----BEGIN PUBLIC KEY-----' block: it is corrupt or not a public key file. Take a fresh copy"
                    + " of the hub's etc/yakata-audit.pub");
        }
        return Pem.publicKey(der, publicKeyFile);
    }

    /** A key's id: the first 16 hex characters of SHA-256 over its X.509 encoding. */
    public static String keyId(PublicKey key) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(key.getEncoded())).substring(0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This JVM has no SHA-256, which every Java 17 must provide", e);
        }
    }

    /** Signs "chain has {@code head.sequence()} records, the last with {@code head.hash()}", dated {@code time}. */
    public Checkpoint sign(ChainedRecord head, Instant time) {
        return sign(head.chain(), head.sequence(), head.hash(), time);
    }

    /**
     * Signs a checkpoint. The store must sign the head it computed itself while appending, not one read back from the
     * database: a row forged into the database would otherwise be vouched for.
     */
    public Checkpoint sign(String chain, long count, String headHash, Instant time) {
        if (count < 0) {
            throw new IllegalArgumentException("Chain " + chain + ": a checkpoint's count is the head's sequence, never " + count);
        }
        if (!HashChain.isHash(headHash)) {
            throw new IllegalArgumentException("Chain " + chain + ": head hash '" + headHash + "' is not 64 lowercase hex characters");
        }
        Checkpoint unsigned = new Checkpoint(chain, count, headHash, time, keyId, "");
        byte[] sig;
        synchronized (signature) {
            try {
                signature.initSign(privateKey);
                signature.update(unsigned.signedBytes());
                sig = signature.sign();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("Signing the checkpoint of chain " + chain + " failed", e);
            }
        }
        return new Checkpoint(chain, count, headHash, unsigned.time(), keyId, HEX.formatHex(sig));
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    /** This pair's key id, written into every checkpoint it signs. */
    public String keyId() {
        return keyId;
    }

    private static CheckpointSigner create(Path privateKeyFile, Path publicKeyFile) throws IOException {
        KeyPair pair;
        try {
            pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This JVM has no Ed25519, which every Java 15+ provides", e);
        }
        String publicPem = Pem.block(Pem.PUBLIC, pair.getPublic().getEncoded());
        // The private file first: should the hub stop in between, the public key is restored from the copy in it.
        writeNew(privateKeyFile, Pem.block(Pem.PRIVATE, pair.getPrivate().getEncoded()) + publicPem, true);
        writeNew(publicKeyFile, publicPem, false);
        return new CheckpointSigner(pair.getPrivate(), pair.getPublic());
    }

    /** Writes a file that must not exist yet; owner-only from its creation on when {@code secret}. */
    private static void writeNew(Path file, String text, boolean secret) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        FileAttribute<?>[] attributes = secret && file.getFileSystem().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
        try {
            Files.createFile(file, attributes);
        } catch (FileAlreadyExistsException e) {
            throw new KeyFileException(file, "Key file " + file + " appeared while the key pair was being created; not overwriting it."
                    + " Start once more to load it", e);
        }
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.WRITE, StandardOpenOption.SYNC)) {
            out.write(text.getBytes(StandardCharsets.US_ASCII));
        }
    }

    private static boolean belongTogether(PrivateKey privateKey, PublicKey publicKey) {
        try {
            byte[] probe = "yakata.audit-key-check".getBytes(StandardCharsets.US_ASCII);
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(privateKey);
            s.update(probe);
            byte[] sig = s.sign();
            s.initVerify(publicKey);
            s.update(probe);
            return s.verify(sig);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
