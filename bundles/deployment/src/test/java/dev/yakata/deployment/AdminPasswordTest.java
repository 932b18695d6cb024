package dev.yakata.deployment;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class AdminPasswordTest {

    @Rule public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void productionFirstStartRemovesTheDemoUsersAndTheToolAddsAnAdministrator() throws Exception {
        Path etc = Etc.copy(tmp.getRoot().toPath());
        String before = Files.readString(etc.resolve("users.properties"));

        DeploymentActivator.production(etc);
        UsersFile afterStart = UsersFile.read(etc.resolve("users.properties"));
        assertTrue(afterStart.users().isEmpty());
        String text = Files.readString(etc.resolve("users.properties"));
        assertTrue("the groups and comments stay", text.contains("_g_\\:yakata-admins = group, yakata-admin, admin"));
        assertEquals(before.lines().filter(l -> l.startsWith("#")).count(), text.lines().filter(l -> l.startsWith("#")).count());

        String message = AdminPassword.set(etc, "s.mori", "a long passphrase here");
        assertTrue(message, message.contains("administrator 's.mori' added"));
        UsersFile.User admin = UsersFile.read(etc.resolve("users.properties")).users().get("s.mori");
        assertEquals(List.of("_g_:yakata-admins"), admin.rolesAndGroups());
        StoredPasswords p = StoredPasswords.fromJaasConfig(etc);
        assertTrue(p.isHashed(admin.storedPassword()));
        assertTrue(p.matches(admin.storedPassword(), "a long passphrase here"));
        assertFalse("the clear password is nowhere in the file",
                Files.readString(etc.resolve("users.properties")).contains("passphrase"));

        // a second production start keeps the administrator
        DeploymentActivator.production(etc);
        assertTrue(UsersFile.read(etc.resolve("users.properties")).users().containsKey("s.mori"));
    }

    @Test
    public void changingAnExistingUsersPasswordKeepsItsGroups() throws Exception {
        Path etc = Etc.copy(tmp.getRoot().toPath());
        AdminPassword.set(etc, "operator", "operators-new-pass");
        UsersFile users = UsersFile.read(etc.resolve("users.properties"));
        assertEquals(List.of("_g_:yakata-operators"), users.users().get("operator").rolesAndGroups());
        assertEquals("the other demo users stay", 4, users.users().size());
        assertEquals(List.of("viewer", "manager", "admin"),
                DemoUsers.in(users, StoredPasswords.fromJaasConfig(etc)));
    }

    @Test
    public void shortDemoOverlongPasswordsAndOddNamesAreRefusedAndNothingIsWritten() throws Exception {
        Path etc = Etc.copy(tmp.getRoot().toPath());
        String before = Files.readString(etc.resolve("users.properties"));
        for (String[] bad : new String[][] {{"admin", "short"}, {"administrator", "administrator-demo"}, {"admin", "x".repeat(73)},
                {"bad name", "a long passphrase here"}, {"x=y", "a long passphrase here"}}) {
            try {
                AdminPassword.set(etc, bad[0], bad[1]);
                throw new AssertionError("accepted " + bad[0]);
            } catch (IllegalArgumentException e) {
                assertFalse(e.getMessage(), e.getMessage().isBlank());
            }
        }
        assertEquals(before, Files.readString(etc.resolve("users.properties")));
    }
}
