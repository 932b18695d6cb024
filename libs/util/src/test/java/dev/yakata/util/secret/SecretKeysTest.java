package dev.yakata.util.secret;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.Set;
import org.junit.Test;

public class SecretKeysTest {

    @Test
    public void keysWhoseLastSegmentNamesASecretAreSecret() {
        for (String key : new String[] {"password", "mqtt.password", "broker.Password", "api.token", "client.secret",
                "tls.key", "ssh.passphrase", "db.adminPassword"}) {
            assertTrue(key, SecretKeys.isSecret(key, Set.of()));
        }
    }

    @Test
    public void keysThatOnlyResembleASecretAreNot() {
        for (String key : new String[] {"keepalive", "point.key.unit", "keys", "felix.fileinstall.filename",
                "password.hint.enabled", "device.id"}) {
            assertFalse(key, SecretKeys.isSecret(key, Set.of()));
        }
    }

    @Test
    public void aKeyAnAdapterDeclaresIsSecretWhateverItsName() {
        assertTrue(SecretKeys.isSecret("pin", Set.of("pin")));
        assertFalse(SecretKeys.isSecret("pin", Set.of()));
    }
}
