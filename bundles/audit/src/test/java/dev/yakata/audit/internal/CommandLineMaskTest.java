package dev.yakata.audit.internal;

import static org.junit.Assert.assertEquals;

import java.util.List;
import org.junit.Test;

public class CommandLineMaskTest {

    @Test
    public void valueAfterAWordNamingASecretIsMasked() {
        assertEquals("config:property-set password ******", masked("config:property-set password xyz"));
        assertEquals("config:property-set -p dev.yakata.bridge broker.password ******",
                masked("config:property-set -p dev.yakata.bridge broker.password xyz"));
        assertEquals("ssh:ssh --password ****** admin@host", masked("ssh:ssh --password xyz admin@host"));
    }

    @Test
    public void valueOfANameEqualsValueWordIsMasked() {
        assertEquals("config:property-append api.token=******", masked("config:property-append api.token=abc"));
    }

    @Test
    public void passwordKarafTakesByPositionIsMasked() {
        assertEquals("jaas:user-add bob ******", masked("jaas:user-add bob hunter2"));
        assertEquals("jaas:realm-manage --realm karaf ; jaas:useradd bob ******",
                masked("jaas:realm-manage --realm karaf ; jaas:useradd bob hunter2"));
    }

    @Test
    public void quotedSecretIsMaskedWholeAndRememberedWithoutQuotes() {
        CommandLineMask.Masked masked = CommandLineMask.mask("config:property-set secret \"a b c\"");

        assertEquals("config:property-set secret ******", masked.line());
        assertEquals(List.of("a b c"), masked.secrets());
    }

    @Test
    public void commandLineWithoutSecretsIsKeptAsTyped() {
        String line = "config:property-set  keepalive 60 | grep   -i key-count";
        assertEquals(line, masked(line));
        assertEquals("config:property-get password", masked("config:property-get password"));
    }

    private static String masked(String line) {
        return CommandLineMask.mask(line).line();
    }
}
