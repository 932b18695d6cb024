package dev.yakata.deployment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Karaf's {@code etc/users.properties}, read and rewritten line by line so that comments, groups and every user this
 * class is not asked to touch stay exactly as they were. A user line is {@code name = password, role or _g_:group, ...}.
 *
 * <p>No logging (the command-line tool uses this class outside the container).
 */
final class UsersFile {

    static final String GROUP_PREFIX = "_g_:";
    /** User names the tool writes: what Karaf's properties format takes without escaping and a shell types easily. */
    static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");

    /** One user: the stored password (clear, or prefix + hash + suffix) and the rest of the line (roles, groups). */
    record User(String name, String storedPassword, List<String> rolesAndGroups) { }

    private final Path file;
    private final List<String> lines;

    private UsersFile(Path file, List<String> lines) {
        this.file = file;
        this.lines = lines;
    }

    static UsersFile read(Path file) throws IOException {
        return new UsersFile(file, new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8)));
    }

    /** Every user (not the groups), in file order. */
    Map<String, User> users() {
        Map<String, User> users = new LinkedHashMap<>();
        for (String line : lines) {
            String[] kv = keyValue(line);
            if (kv == null || kv[0].startsWith(GROUP_PREFIX)) {
                continue;
            }
            String[] parts = kv[1].split(",");
            List<String> rest = new ArrayList<>();
            for (int i = 1; i < parts.length; i++) {
                if (!parts[i].isBlank()) {
                    rest.add(parts[i].trim());
                }
            }
            users.put(kv[0], new User(kv[0], parts[0].trim(), List.copyOf(rest)));
        }
        return users;
    }

    /** Removes the users' lines; returns how many lines went. */
    int remove(java.util.Collection<String> names) {
        int before = lines.size();
        lines.removeIf(line -> {
            String[] kv = keyValue(line);
            return kv != null && names.contains(kv[0]);
        });
        return before - lines.size();
    }

    /** Sets a user's stored password, keeping its roles and groups; a new user gets {@code newUserRoles}. */
    void setPassword(String name, String storedPassword, List<String> newUserRoles) {
        if (!USER_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("user name '" + name + "' is not allowed: use letters, digits and . _ @ -"
                    + " (at most 64, starting with a letter or digit)");
        }
        User existing = users().get(name);
        List<String> roles = existing == null ? newUserRoles : existing.rolesAndGroups();
        String line = name + " = " + storedPassword + (roles.isEmpty() ? "" : ", " + String.join(", ", roles));
        for (int i = 0; i < lines.size(); i++) {
            String[] kv = keyValue(lines.get(i));
            if (kv != null && kv[0].equals(name)) {
                lines.set(i, line);
                return;
            }
        }
        // new users go before the group definitions so the file still reads users first
        int at = lines.size();
        for (int i = 0; i < lines.size(); i++) {
            String[] kv = keyValue(lines.get(i));
            if (kv != null && kv[0].startsWith(GROUP_PREFIX)) {
                at = i;
                break;
            }
        }
        lines.add(at, line);
    }

    /** Writes the file through a temporary file in the same folder, so a reader never sees half of it. */
    void write() throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, lines, StandardCharsets.UTF_8);
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Key (unescaped) and value of a property line, or {@code null} for a comment or blank line. */
    static String[] keyValue(String line) {
        String s = line.stripLeading();
        if (s.isEmpty() || s.charAt(0) == '#' || s.charAt(0) == '!') {
            return null;
        }
        StringBuilder key = new StringBuilder();
        int i = 0;
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                key.append(s.charAt(++i));
            } else if (c == '=' || c == ':' || Character.isWhitespace(c)) {
                break;
            } else {
                key.append(c);
            }
        }
        String value = s.substring(Math.min(i, s.length())).stripLeading();
        if (!value.isEmpty() && (value.charAt(0) == '=' || value.charAt(0) == ':')) {
            value = value.substring(1);
        }
        return new String[] {key.toString(), value.trim()};
    }
}
