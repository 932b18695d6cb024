package dev.yakata.deployment;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;

/**
 * {@code bin/yakata-admin-password <user>}: sets an administrator's password in {@code etc/users.properties}, hashed
 * with bcrypt as the {@code karaf} realm stores it, so the clear password is never written anywhere. A new user joins
 * the administrators' group ({@code _g_:yakata-admins}); an existing one keeps its groups. It works whether the hub
 * runs or not: the realm reads the file at every log-in.
 *
 * <p>The password is read twice from the terminal without echo, or once from standard input when there is no
 * terminal (a provisioning script: {@code printf '%s\n' "$PW" | bin/yakata-admin-password s.mori}).
 */
public final class AdminPassword {

    static final int MIN_LENGTH = 12;
    /** bcrypt reads only the first 72 bytes of a password: a longer one would be accepted by its first 72. */
    static final int MAX_BYTES = 72;
    static final List<String> NEW_ADMIN_GROUPS = List.of(UsersFile.GROUP_PREFIX + "yakata-admins");

    private AdminPassword() { }

    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: bin/yakata-admin-password <user>   (sets that administrator's password in etc/users.properties)");
            System.exit(2);
        }
        try {
            char[] password = readPassword(args[1]);
            String message = set(Paths.get(args[0]), args[1], new String(password));
            Arrays.fill(password, '\0');
            System.out.println(message);
        } catch (IllegalArgumentException | IllegalStateException | IOException e) {
            System.err.println("yakata-admin-password: " + e.getMessage());
            System.exit(1);
        }
    }

    /**
     * Checks the password, hashes it and writes the user's line; returns what to tell the administrator.
     *
     * @throws IllegalArgumentException a password that is too short, too long or the demo's, or a bad user name
     */
    static String set(Path etc, String user, String password) throws IOException {
        if (password.length() < MIN_LENGTH) {
            throw new IllegalArgumentException("the password has " + password.length() + " characters; use at least "
                    + MIN_LENGTH + " (a passphrase of a few words is easiest)");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new IllegalArgumentException("the password is longer than " + MAX_BYTES + " bytes, of which bcrypt "
                    + "would check only the first " + MAX_BYTES + "; use a shorter one");
        }
        if (password.equals(user + DemoUsers.SUFFIX)) {
            throw new IllegalArgumentException("'" + password + "' is the demo's published password; choose another");
        }
        Path file = etc.resolve("users.properties");
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(file + " does not exist; run this from the hub's folder (bin/yakata-admin-password)");
        }
        StoredPasswords passwords = StoredPasswords.fromJaasConfig(etc);
        UsersFile users = UsersFile.read(file);
        boolean existed = users.users().containsKey(user);
        users.setPassword(user, passwords.hash(password), NEW_ADMIN_GROUPS);
        users.write();
        return (existed ? "password of '" + user + "' changed" : "administrator '" + user + "' added (group yakata-admins)")
                + " in " + file + "; log in with ssh -p 8101 " + user + "@127.0.0.1 or at https://127.0.0.1:8443/console/";
    }

    private static char[] readPassword(String user) throws IOException {
        Console console = System.console();
        if (console == null) {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (line == null) {
                throw new IllegalArgumentException("no password on standard input");
            }
            return line.toCharArray();
        }
        char[] first = console.readPassword("New password for %s: ", user);
        char[] second = console.readPassword("Again: ");
        if (first == null || second == null || !Arrays.equals(first, second)) {
            throw new IllegalArgumentException("the two passwords differ; nothing was changed");
        }
        Arrays.fill(second, '\0');
        return first;
    }
}
