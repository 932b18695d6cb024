package dev.yakata.audit.internal;

import dev.yakata.util.secret.SecretKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Masks the secret arguments of a shell command line before it is recorded, keeping the rest as typed:
 * <ul>
 * <li>the value after a word whose name says secret ({@code config:property-set password xyz},
 *     {@code --password xyz}): {@code password ******};</li>
 * <li>the value of {@code name=value} when the name says secret ({@code mqtt.password=xyz});</li>
 * <li>the arguments Karaf's own commands take as passwords by position ({@code jaas:user-add bob xyz}).</li>
 * </ul>
 * It errs towards masking: {@code grep password etc/users.properties} records {@code grep password ******}.
 */
final class CommandLineMask {

    /** Karaf commands with a password argument by position (0 is the command itself). */
    private static final Map<String, Integer> POSITIONAL = Map.of("jaas:user-add", 2, "jaas:useradd", 2);

    private CommandLineMask() {
    }

    /** The line with secrets masked, and the secret values found (to hide them in an error message too). */
    record Masked(String line, List<String> secrets) {

        /** {@code text} with every secret value of the line replaced by the mask. */
        String hide(String text) {
            String hidden = text;
            for (String secret : secrets) {
                hidden = hidden.replace(secret, SecretKeys.MASK);
            }
            return hidden;
        }
    }

    static Masked mask(String line) {
        List<int[]> tokens = tokens(line);
        List<int[]> masked = new ArrayList<>();
        int position = 0;
        String command = "";
        for (int i = 0; i < tokens.size(); i++) {
            String token = text(line, tokens.get(i));
            if (token.equals(";") || token.equals("|")) {
                position = 0;
                continue;
            }
            if (position == 0) {
                command = token;
            }
            Integer secretPosition = POSITIONAL.get(command);
            int equals = token.indexOf('=');
            if (secretPosition != null && secretPosition == position) {
                masked.add(tokens.get(i));
            } else if (equals > 0 && SecretKeys.nameSaysSecret(name(token.substring(0, equals)))) {
                if (equals + 1 < token.length()) {
                    masked.add(new int[] {tokens.get(i)[0] + equals + 1, tokens.get(i)[1]});
                }
            } else if (position > 0 && equals < 0 && SecretKeys.nameSaysSecret(name(token)) && i + 1 < tokens.size()) {
                String next = text(line, tokens.get(i + 1));
                if (!next.equals(";") && !next.equals("|")) {
                    masked.add(tokens.get(i + 1));
                    i++;
                    position++;
                }
            }
            position++;
        }
        StringBuilder out = new StringBuilder(line);
        List<String> secrets = new ArrayList<>();
        for (int k = masked.size() - 1; k >= 0; k--) {
            int[] range = masked.get(k);
            secrets.add(unquote(line.substring(range[0], range[1])));
            out.replace(range[0], range[1], SecretKeys.MASK);
        }
        secrets.removeIf(String::isEmpty);
        return new Masked(out.toString(), secrets);
    }

    /** A word as a setting name: without leading dashes or quotes ({@code --password} is {@code password}). */
    private static String name(String token) {
        return unquote(token).replaceFirst("^-+", "");
    }

    private static String unquote(String token) {
        if (token.length() >= 2 && (token.charAt(0) == '"' || token.charAt(0) == '\'')
                && token.charAt(token.length() - 1) == token.charAt(0)) {
            return token.substring(1, token.length() - 1);
        }
        return token;
    }

    private static String text(String line, int[] range) {
        return line.substring(range[0], range[1]);
    }

    /** Start and end of each word: split at blanks outside quotes; a quoted word keeps its quotes. */
    private static List<int[]> tokens(String line) {
        List<int[]> tokens = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (i < n) {
            while (i < n && Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            if (i >= n) {
                break;
            }
            int start = i;
            char quote = 0;
            while (i < n && (quote != 0 || !Character.isWhitespace(line.charAt(i)))) {
                char c = line.charAt(i);
                if (quote == 0 && (c == '"' || c == '\'')) {
                    quote = c;
                } else if (c == quote) {
                    quote = 0;
                }
                i++;
            }
            tokens.add(new int[] {start, i});
        }
        return tokens;
    }
}
