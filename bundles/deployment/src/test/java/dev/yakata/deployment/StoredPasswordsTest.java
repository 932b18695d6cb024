package dev.yakata.deployment;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import org.apache.karaf.jaas.modules.Encryption;
import org.apache.karaf.jaas.spring_security_crypto.impl.SpringSecurityCryptoEncryptionService;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class StoredPasswordsTest {

    @Rule public TemporaryFolder tmp = new TemporaryFolder();

    /** Karaf's own service, configured as etc/org.apache.karaf.jaas.cfg configures it. */
    private static Encryption karafBcrypt() {
        return new SpringSecurityCryptoEncryptionService().createEncryption(
                Map.of("algorithm", "bcrypt", "encoding", "hexadecimal"));
    }

    private StoredPasswords distributionFormat() throws Exception {
        return StoredPasswords.fromJaasConfig(Etc.copy(tmp.getRoot().toPath()));
    }

    private static String inner(String stored) {
        return stored.substring("{CRYPT}".length(), stored.length() - "{CRYPT}".length());
    }

    @Test
    public void aHashIsSaltedBcryptOfCostTenThatKarafsOwnServiceAccepts() throws Exception {
        StoredPasswords p = distributionFormat();
        String a = p.hash("correct horse battery");
        String b = p.hash("correct horse battery");
        assertNotEquals("a fresh salt each time", a, b);
        String bcrypt = new String(HexFormat.of().parseHex(inner(a)), StandardCharsets.US_ASCII);
        assertTrue(bcrypt, bcrypt.startsWith("$2a$10$") && bcrypt.length() == 60);
        assertTrue(karafBcrypt().checkPassword("correct horse battery", inner(a)));
        assertFalse(karafBcrypt().checkPassword("correct horse batterz", inner(a)));
        assertFalse("no comma: the realm splits the line at commas", a.contains(","));
    }

    @Test
    public void whatKarafHashesIsRecognised() throws Exception {
        String stored = "{CRYPT}" + karafBcrypt().encryptPassword("operator-demo") + "{CRYPT}";
        StoredPasswords p = distributionFormat();
        assertTrue(p.isHashed(stored));
        assertTrue(p.matches(stored, "operator-demo"));
        assertFalse(p.matches(stored, "operator-dem0"));
    }

    @Test
    public void clearAndLegacySha256PasswordsAreRecognisedToo() throws Exception {
        StoredPasswords p = distributionFormat();
        assertTrue(p.matches("viewer-demo", "viewer-demo"));
        assertFalse(p.matches("viewer-demo", "viewer"));
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest("admin-demo".getBytes(StandardCharsets.UTF_8)));
        assertTrue(p.matches("{CRYPT}" + sha + "{CRYPT}", "admin-demo"));
        assertFalse(p.matches("{CRYPT}" + sha + "{CRYPT}", "admin"));
        assertFalse("garbage never matches", p.matches("{CRYPT}zz{CRYPT}", "zz"));
    }

    @Test
    public void aRealmThatDoesNotHashWithBcryptIsRefusedWithTheFix() throws Exception {
        Path etc = Etc.copy(tmp.getRoot().toPath());
        java.nio.file.Files.writeString(etc.resolve("org.apache.karaf.jaas.cfg"),
                "encryption.enabled = true\nencryption.name = basic\nencryption.algorithm = SHA-256\n");
        try {
            StoredPasswords.fromJaasConfig(etc);
            throw new AssertionError("accepted");
        } catch (IllegalStateException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("encryption.name = spring-security-crypto"));
        }
    }

    @Test
    public void theDistributionsDemoUsersAreTheFourWithPublishedPasswords() throws Exception {
        Path etc = Etc.copy(tmp.getRoot().toPath());
        assertEquals(java.util.List.of("viewer", "operator", "manager", "admin"),
                DemoUsers.in(UsersFile.read(etc.resolve("users.properties")), StoredPasswords.fromJaasConfig(etc)));
    }
}
