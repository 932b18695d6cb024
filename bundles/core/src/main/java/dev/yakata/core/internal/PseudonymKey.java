package dev.yakata.core.internal;

import dev.yakata.core.api.Pseudonyms;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Card pseudonyms: HMAC-SHA256 of the card number under a 256-bit key of this hub's, cut to 96 bits. The key is made
 * on first start, kept readable by the hub's user only, and never leaves the hub.
 */
final class PseudonymKey implements Pseudonyms {

    static final String PREFIX = "card:";
    private static final String ALGORITHM = "HmacSHA256";
    private static final int KEY_BYTES = 32;

    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs;

    private PseudonymKey(byte[] keyBytes) {
        this.key = new SecretKeySpec(keyBytes, ALGORITHM);
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    /** The key in {@code file}, created with fresh random bytes when the file does not exist. */
    static PseudonymKey loadOrCreate(Path file) throws IOException {
        if (Files.exists(file)) {
            byte[] bytes = Files.readAllBytes(file);
            if (bytes.length != KEY_BYTES) {
                throw new IOException("The pseudonym key " + file + " has " + bytes.length + " bytes, not " + KEY_BYTES
                        + "; restore it from the hub's backup (a new key would give every card a new pseudonym)");
            }
            return new PseudonymKey(bytes);
        }
        byte[] bytes = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(bytes);
        Files.createDirectories(file.getParent());
        Path temporary = file.resolveSibling(file.getFileName() + ".new");
        Files.write(temporary, bytes, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.SYNC);
        try {
            Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the folder's own protection applies
        }
        Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return new PseudonymKey(bytes);
    }

    /** A key that lives only in memory, for tests and benchmarks. */
    static PseudonymKey random() {
        byte[] bytes = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(bytes);
        return new PseudonymKey(bytes);
    }

    @Override
    public String ofCard(String cardNumber) {
        return pseudonym(PREFIX, cardNumber.trim());
    }

    /**
     * A person's pseudonym, for systems that need to tell people apart without knowing who they are. The MAC input
     * is marked as a person's, so a person id and a card number that happen to be the same text differ.
     */
    @Override
    public String ofPerson(String personId) {
        return pseudonym(PERSON_PREFIX, "person\u0000" + personId.trim());
    }

    private static final String PERSON_PREFIX = "person:";

    private String pseudonym(String prefix, String input) {
        byte[] digest = macs.get().doFinal(input.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        StringBuilder text = new StringBuilder(prefix.length() + 24).append(prefix);
        for (int i = 0; i < 12; i++) {
            text.append(Character.forDigit((digest[i] >> 4) & 0xF, 16)).append(Character.forDigit(digest[i] & 0xF, 16));
        }
        return text.toString();
    }

    /** Whether a value already is a pseudonym (an adapter or route re-publishing a hub event). */
    static boolean isPseudonym(Object value) {
        return value instanceof String s && s.startsWith(PREFIX) && s.length() == PREFIX.length() + 24;
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
