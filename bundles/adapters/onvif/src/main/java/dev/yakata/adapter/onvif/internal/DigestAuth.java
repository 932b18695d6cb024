package dev.yakata.adapter.onvif.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * HTTP Digest access authentication, client side (RFC 7616): algorithms MD5 and SHA-256, {@code qop=auth}, and the
 * RFC 2069 form without qop that old cameras still send. {@code -sess} algorithms, {@code auth-int} and
 * {@code userhash} are refused with a sentence, never answered wrongly.
 */
final class DigestAuth {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** One {@code WWW-Authenticate: Digest ...} challenge. */
    record Challenge(String realm, String nonce, String opaque, String algorithm, boolean qopAuth, boolean stale) {

        /** The JDK's name of the challenge's hash. */
        String jdkAlgorithm() {
            return algorithm.equals("SHA-256") ? "SHA-256" : "MD5";
        }
    }

    private DigestAuth() {
    }

    /**
     * The best digest challenge among the {@code WWW-Authenticate} header values (SHA-256 before MD5), or empty when
     * there is none this client can answer; {@code problem} receives why one was refused.
     */
    static Optional<Challenge> choose(List<String> headerValues, StringBuilder problem) {
        List<Challenge> usable = new ArrayList<>();
        for (String value : headerValues) {
            for (String one : splitChallenges(value)) {
                if (!one.regionMatches(true, 0, "Digest ", 0, 7)) {
                    continue;
                }
                Map<String, String> p = params(one.substring(7));
                String algorithm = p.getOrDefault("algorithm", "MD5").toUpperCase(Locale.ROOT);
                String qop = p.get("qop");
                boolean qopAuth = qop != null && List.of(qop.toLowerCase(Locale.ROOT).split("\\s*,\\s*")).contains("auth");
                if (!algorithm.equals("MD5") && !algorithm.equals("SHA-256")) {
                    problem.append("digest algorithm ").append(algorithm).append(" is not supported (MD5 or SHA-256); ");
                    continue;
                }
                if (qop != null && !qopAuth) {
                    problem.append("digest qop '").append(qop).append("' is not supported (auth); ");
                    continue;
                }
                if ("true".equalsIgnoreCase(p.get("userhash"))) {
                    problem.append("digest userhash is not supported; ");
                    continue;
                }
                if (p.get("nonce") == null || p.get("realm") == null) {
                    problem.append("a digest challenge without realm or nonce; ");
                    continue;
                }
                usable.add(new Challenge(p.get("realm"), p.get("nonce"), p.get("opaque"), algorithm, qopAuth,
                        "true".equalsIgnoreCase(p.get("stale"))));
            }
        }
        return usable.stream().filter(c -> c.algorithm().equals("SHA-256")).findFirst()
                .or(() -> usable.stream().findFirst());
    }

    /** The {@code Authorization} header value answering {@code challenge}, with a fresh client nonce. */
    static String authorization(Challenge challenge, String user, String password, String method, String uri, int nc) {
        byte[] cnonceBytes = new byte[16];
        RANDOM.nextBytes(cnonceBytes);
        return authorization(challenge, user, password, method, uri, nc, HexFormat.of().formatHex(cnonceBytes));
    }

    /** As above with a given client nonce (the RFC's examples). */
    static String authorization(Challenge challenge, String user, String password, String method, String uri, int nc,
            String cnonce) {
        String alg = challenge.jdkAlgorithm();
        String ha1 = hash(alg, user + ":" + challenge.realm() + ":" + password);
        String ha2 = hash(alg, method + ":" + uri);
        String ncText = String.format(Locale.ROOT, "%08x", nc);
        String response = challenge.qopAuth()
                ? hash(alg, ha1 + ":" + challenge.nonce() + ":" + ncText + ":" + cnonce + ":auth:" + ha2)
                : hash(alg, ha1 + ":" + challenge.nonce() + ":" + ha2);
        StringBuilder h = new StringBuilder("Digest username=").append(quote(user))
                .append(", realm=").append(quote(challenge.realm()))
                .append(", uri=").append(quote(uri))
                .append(", algorithm=").append(challenge.algorithm())
                .append(", nonce=").append(quote(challenge.nonce()));
        if (challenge.qopAuth()) {
            h.append(", nc=").append(ncText).append(", cnonce=").append(quote(cnonce)).append(", qop=auth");
        }
        h.append(", response=").append(quote(response));
        if (challenge.opaque() != null) {
            h.append(", opaque=").append(quote(challenge.opaque()));
        }
        return h.toString();
    }

    static String hash(String algorithm, String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is missing from this JDK", e);
        }
    }

    private static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** Splits a header value that may hold several challenges ({@code Digest a=1, b=2, Basic realm="x"}). */
    static List<String> splitChallenges(String value) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        int i = 0;
        while (i < value.length()) {
            char c = value.charAt(i);
            if (c == '"' ) {
                quoted = !quoted;
            } else if (c == '\\' && quoted && i + 1 < value.length()) {
                current.append(c).append(value.charAt(i + 1));
                i += 2;
                continue;
            }
            if (c == ',' && !quoted) {
                // a new challenge starts when the next token is a scheme (a token followed by a space, not by '=')
                int j = i + 1;
                while (j < value.length() && value.charAt(j) == ' ') {
                    j++;
                }
                int k = j;
                while (k < value.length() && isTokenChar(value.charAt(k))) {
                    k++;
                }
                if (k > j && (k == value.length() || value.charAt(k) == ' ')) {
                    out.add(current.toString().trim());
                    current.setLength(0);
                    i = j;
                    continue;
                }
            }
            current.append(c);
            i++;
        }
        if (!current.toString().isBlank()) {
            out.add(current.toString().trim());
        }
        return out;
    }

    private static boolean isTokenChar(char c) {
        return Character.isLetterOrDigit(c) || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    /** The {@code name=value} parameters of one challenge, names lower-cased, quoted values unescaped. */
    static Map<String, String> params(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            while (i < n && (text.charAt(i) == ' ' || text.charAt(i) == ',')) {
                i++;
            }
            int eq = text.indexOf('=', i);
            if (eq < 0) {
                break;
            }
            String name = text.substring(i, eq).trim().toLowerCase(Locale.ROOT);
            i = eq + 1;
            StringBuilder value = new StringBuilder();
            if (i < n && text.charAt(i) == '"') {
                i++;
                while (i < n && text.charAt(i) != '"') {
                    if (text.charAt(i) == '\\' && i + 1 < n) {
                        i++;
                    }
                    value.append(text.charAt(i));
                    i++;
                }
                i++;
            } else {
                while (i < n && text.charAt(i) != ',') {
                    value.append(text.charAt(i));
                    i++;
                }
            }
            out.put(name, value.toString().trim());
        }
        return out;
    }
}
