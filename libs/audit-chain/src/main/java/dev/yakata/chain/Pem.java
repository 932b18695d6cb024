package dev.yakata.chain;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** PEM text for the two key files: {@code PRIVATE KEY} (PKCS#8) and {@code PUBLIC KEY} (X.509 SubjectPublicKeyInfo). */
final class Pem {

    static final String PRIVATE = "PRIVATE KEY";
    static final String PUBLIC = "PUBLIC KEY";

    private Pem() {
    }

    static String block(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    /** The DER bytes of the first block with this label, or null when the text has none. */
    static byte[] find(String text, String label, Path file) throws KeyFileException {
        Matcher m = Pattern.compile("-----BEGIN " + label + "-----([^-]*)-----END " + label + "-----").matcher(text);
        if (!m.find()) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(m.group(1).replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw new KeyFileException(file, "The " + label + " block of " + file + " is not valid Base64 (" + e.getMessage()
                    + "): the file is corrupt", e);
        }
    }

    static String read(Path file) throws KeyFileException {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new KeyFileException(file, "Cannot read key file " + file + ": " + e, e);
        }
    }

    static PublicKey publicKey(byte[] der, Path file) throws KeyFileException {
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
        } catch (InvalidKeySpecException | RuntimeException e) {
            throw new KeyFileException(file, "The PUBLIC KEY in " + file + " is not an Ed25519 public key (" + e.getMessage()
                    + "): the file is corrupt or holds another kind of key", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This JVM has no Ed25519, which every Java 15+ provides", e);
        }
    }

    static PrivateKey privateKey(byte[] der, Path file) throws KeyFileException {
        try {
            return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (InvalidKeySpecException | RuntimeException e) {
            throw new KeyFileException(file, "The PRIVATE KEY in " + file + " is not an Ed25519 PKCS#8 key (" + e.getMessage()
                    + "): the file is corrupt or holds another kind of key", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This JVM has no Ed25519, which every Java 15+ provides", e);
        }
    }
}
