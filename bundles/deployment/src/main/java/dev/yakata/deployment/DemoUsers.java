package dev.yakata.deployment;

import java.util.ArrayList;
import java.util.List;

/**
 * The demo's accounts: a user whose password is still the published {@code <name>-demo} (viewer, operator, manager,
 * admin in the distribution, or any other user given such a password). Whether hashed or not, they are known to
 * everyone who has read the operator guide.
 */
final class DemoUsers {

    static final String SUFFIX = "-demo";

    private DemoUsers() { }

    /** The users of the file whose password is their name followed by {@code -demo}, in file order. */
    static List<String> in(UsersFile users, StoredPasswords passwords) {
        List<String> demo = new ArrayList<>();
        for (UsersFile.User u : users.users().values()) {
            if (passwords.matches(u.storedPassword(), u.name() + SUFFIX)) {
                demo.add(u.name());
            }
        }
        return demo;
    }
}
