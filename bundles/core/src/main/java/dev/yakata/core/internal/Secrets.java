package dev.yakata.core.internal;

import java.util.Locale;
import java.util.Set;

/** Which device-file keys hold secrets: those an adapter declares, and those whose name says so. */
final class Secrets {

    static final String MASK = "******";

    private Secrets() {
    }

    static boolean isSecret(String key, Set<String> declared) {
        if (declared.contains(key)) {
            return true;
        }
        String last = key.substring(key.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        return last.contains("password") || last.contains("secret") || last.contains("token") || last.equals("key")
                || last.endsWith("passphrase");
    }
}
