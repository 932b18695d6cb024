package dev.yakata.postures.internal;

import dev.yakata.postures.rules.Plan;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The confirmations previews give: a random token per preview, bound to the plan it showed (its fingerprint) and
 * its user, valid for a while and once. A run names the token; the plan is made again then, and a different
 * fingerprint makes the token stale. Thread-safe.
 */
final class PreviewTokens {

    /** What a token confirms. */
    record Issued(String token, Plan plan, String fingerprint, Instant expiresAt) {
    }

    private static final int MAX = 1_000;

    private final SecureRandom random = new SecureRandom();
    private final Clock clock;
    private final Duration life;
    private final Map<String, Issued> issued = new LinkedHashMap<>();

    PreviewTokens(Clock clock, Duration life) {
        this.clock = clock;
        this.life = life;
    }

    synchronized Issued issue(Plan plan) {
        purge();
        byte[] bytes = new byte[6];
        random.nextBytes(bytes);
        Issued token = new Issued(HexFormat.of().formatHex(bytes), plan, plan.fingerprint(),
                clock.instant().plus(life));
        issued.put(token.token(), token);
        while (issued.size() > MAX) {
            issued.remove(issued.keySet().iterator().next());
        }
        return token;
    }

    /** Takes the token (it confirms one run at most); null when unknown, used or expired. */
    synchronized Issued take(String token) {
        purge();
        return issued.remove(token.trim().toLowerCase(java.util.Locale.ROOT));
    }

    Duration life() {
        return life;
    }

    private void purge() {
        Instant now = clock.instant();
        for (Iterator<Issued> it = issued.values().iterator(); it.hasNext(); ) {
            if (!it.next().expiresAt().isAfter(now)) {
                it.remove();
            }
        }
    }
}
