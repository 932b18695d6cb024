package dev.yakata.deployment;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Properties;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * Passwords as the {@code karaf} realm stores them in {@code etc/users.properties}, following
 * {@code etc/org.apache.karaf.jaas.cfg}: Karaf's {@code spring-security-crypto} encryption service with
 * {@code bcrypt} (a salted slow hash, cost 10), written as prefix + hexadecimal of the bcrypt string + suffix.
 * The same format is what {@code bin/yakata-admin-password} writes, so Karaf accepts it and never hashes it again.
 *
 * <p>No logging (the command-line tool uses this class outside the container).
 */
final class StoredPasswords {

    /** Spring Security's default, what Karaf's service uses for the passwords it hashes itself. */
    static final int BCRYPT_COST = 10;

    private final String prefix;
    private final String suffix;
    private final boolean hex;

    StoredPasswords(String prefix, String suffix, boolean hex) {
        this.prefix = prefix;
        this.suffix = suffix;
        this.hex = hex;
    }

    /** Reads prefix, suffix and encoding from the realm's configuration; refuses one that is not bcrypt. */
    static StoredPasswords fromJaasConfig(Path etc) throws IOException {
        Path cfg = etc.resolve("org.apache.karaf.jaas.cfg");
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(cfg, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        String name = p.getProperty("encryption.name", "basic").trim();
        String algorithm = p.getProperty("encryption.algorithm", "").trim();
        if (!Boolean.parseBoolean(p.getProperty("encryption.enabled", "false").trim())
                || !name.equals("spring-security-crypto") || !algorithm.equals("bcrypt")) {
            throw new IllegalStateException(cfg + " does not hash passwords with bcrypt (encryption.enabled = "
                    + p.getProperty("encryption.enabled") + ", encryption.name = " + name + ", encryption.algorithm = "
                    + algorithm + "); restore the distribution's file: encryption.enabled = true, encryption.name = "
                    + "spring-security-crypto, encryption.algorithm = bcrypt");
        }
        String encoding = p.getProperty("encryption.encoding", "hexadecimal").trim();
        return new StoredPasswords(p.getProperty("encryption.prefix", "{CRYPT}").trim(),
                p.getProperty("encryption.suffix", "{CRYPT}").trim(), encoding.equalsIgnoreCase("hexadecimal"));
    }

    /** A new stored form of the password: a fresh random salt each time. */
    String hash(String password) {
        String bcrypt = BCrypt.hashpw(password, BCrypt.gensalt(BCRYPT_COST));
        return prefix + (hex ? HexFormat.of().formatHex(bcrypt.getBytes(StandardCharsets.US_ASCII)) : bcrypt) + suffix;
    }

    boolean isHashed(String stored) {
        return stored.length() >= prefix.length() + suffix.length() && stored.startsWith(prefix) && stored.endsWith(suffix);
    }

    /**
     * Whether {@code candidate} is the password stored: a clear one not yet hashed by Karaf, a bcrypt hash, or an
     * unsalted SHA-256 hash left by an earlier distribution (64 hexadecimal digits).
     */
    boolean matches(String stored, String candidate) {
        if (!isHashed(stored)) {
            return MessageDigest.isEqual(stored.getBytes(StandardCharsets.UTF_8), candidate.getBytes(StandardCharsets.UTF_8));
        }
        String inner = stored.substring(prefix.length(), stored.length() - suffix.length());
        if (inner.matches("[0-9a-fA-F]{64}")) {
            return MessageDigest.isEqual(HexFormat.of().parseHex(inner.toLowerCase()), sha256(candidate));
        }
        String bcrypt = inner;
        if (hex && inner.matches("([0-9a-fA-F]{2})+")) {
            bcrypt = new String(HexFormat.of().parseHex(inner), StandardCharsets.US_ASCII);
        }
        if (!bcrypt.startsWith("$2")) {
            return false;
        }
        try {
            return BCrypt.checkpw(candidate, bcrypt);
        } catch (IllegalArgumentException e) {
            return false; // not a well-formed bcrypt string: it cannot match anything
        }
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
