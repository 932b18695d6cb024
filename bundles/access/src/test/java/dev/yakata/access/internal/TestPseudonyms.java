package dev.yakata.access.internal;

import dev.yakata.core.api.Pseudonyms;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Pseudonyms shaped as the core's (prefix and 24 hex digits), from an unkeyed digest: enough for tests. */
final class TestPseudonyms implements Pseudonyms {

    @Override
    public String ofCard(String cardNumber) {
        return "card:" + digest("card\u0000" + cardNumber.trim());
    }

    @Override
    public String ofPerson(String personId) {
        return "person:" + digest("person\u0000" + personId.trim());
    }

    private static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
