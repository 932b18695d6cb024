package dev.yakata.store.internal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The opaque {@code next} token of a page: the sort key of its last row (time and a tie-breaker), tagged with the kind
 * of query so a token is not passed to another.
 */
record PageToken(String kind, long time, long tieBreaker) {

    String encode() {
        String text = kind + ":" + time + ":" + tieBreaker;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** The token, or {@code null} for an empty one. */
    static PageToken decode(String token, String kind) {
        if (token == null || token.isEmpty()) {
            return null;
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.US_ASCII).split(":");
            if (parts.length == 3 && parts[0].equals(kind)) {
                return new PageToken(kind, Long.parseLong(parts[1]), Long.parseLong(parts[2]));
            }
        } catch (IllegalArgumentException e) {
            // falls through to the refusal
        }
        throw new IllegalArgumentException("next = \"" + token + "\" is not a token this store gave for a page of "
                + kind + ": pass the next of the previous page of the same query, or empty for the first page");
    }
}
