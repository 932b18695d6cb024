package dev.yakata.util.secret;

import java.util.Locale;
import java.util.Set;

/** Which setting keys hold secrets: those an adapter declares, and those whose name says so. */
public final class SecretKeys {

    /** What is shown instead of a secret value. */
    public static final String MASK = "******";

    private SecretKeys() {
    }

    /**
     * Whether {@code key} holds a secret: it is one of {@code declared}, or its last dotted segment names a password,
     * secret, token, passphrase or is exactly {@code key} ({@code mqtt.key}, not {@code keepalive} or {@code keys}).
     */
    public static boolean isSecret(String key, Set<String> declared) {
        if (declared.contains(key)) {
            return true;
        }
        return nameSaysSecret(key);
    }

    /** Whether the name alone says the value is secret (the rule of {@link #isSecret} without declared keys). */
    public static boolean nameSaysSecret(String key) {
        String last = key.substring(key.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        return last.contains("password") || last.contains("secret") || last.contains("token") || last.equals("key")
                || last.endsWith("passphrase");
    }
}
