package dev.yakata.audit.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventTypes;
import dev.yakata.api.event.Severity;
import dev.yakata.bus.testing.RecordingBus;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.security.auth.Subject;
import org.apache.karaf.jaas.boot.principal.ClientPrincipal;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.junit.Test;

/**
 * Karaf's log-in events as Karaf 4.4.8 builds them: {@code EventAdminAuditLoginModule.EventAdminAuditor.audit}
 * (jaas/modules) posts topic {@code org/apache/karaf/login/<ACTION>} with {@code type}, {@code timestamp},
 * {@code username} and {@code subject}; the SSH server's {@code KarafJaasAuthenticator} puts
 * {@code ClientPrincipal("ssh", session.getClientAddress().toString())} into the subject before logging in.
 */
public class LoginAuditTest {

    private static final long WHEN = 1_796_000_000_000L;

    @Test
    public void refusedLogInIsAWarningNamingTheUser() {
        Subject subject = new Subject();
        subject.getPrincipals().add(new ClientPrincipal("ssh", "/127.0.0.1:41504"));

        Event event = LoginAudit.toAuditEvent(karaf("FAILURE", "mallory", subject)).orElseThrow();

        assertEquals(EventTypes.LOGIN_REFUSED, event.type());
        assertEquals(Severity.WARNING, event.severity());
        assertEquals("mallory", event.data().get("user"));
        assertEquals("mallory", event.actor());
        assertEquals("karaf", event.data().get("realm"));
        assertEquals("ssh", event.data().get("channel"));
        assertEquals("127.0.0.1:41504", event.data().get("address"));
        assertEquals(LoginAudit.REFUSED_REASON, event.data().get("reason"));
    }

    @Test
    public void successfulLogInNamesUserRealmChannelAndAddressAtKarafsTime() {
        Subject subject = new Subject();
        subject.getPrincipals().add(new ClientPrincipal("ssh", "/127.0.0.1:41504"));
        subject.getPrincipals().add(new UserPrincipal("viewer"));
        subject.getPrincipals().add(new RolePrincipal("viewer"));

        Event event = LoginAudit.toAuditEvent(karaf("SUCCESS", "viewer", subject)).orElseThrow();

        assertEquals(EventTypes.LOGIN_SUCCEEDED, event.type());
        assertEquals(Severity.INFO, event.severity());
        assertEquals("hub", event.source());
        assertEquals(Map.of("user", "viewer", "realm", "karaf", "channel", "ssh", "address", "127.0.0.1:41504"),
                Map.copyOf(event.data()));
        assertEquals(Instant.ofEpochMilli(WHEN), event.time());
    }

    @Test
    public void logOutFromTheLocalConsoleEndsTheSession() {
        Subject subject = new Subject();
        subject.getPrincipals().add(new ClientPrincipal("local", "localhost"));
        subject.getPrincipals().add(new UserPrincipal("karaf"));

        Event event = LoginAudit.toAuditEvent(karaf("LOGOUT", "karaf", subject)).orElseThrow();

        assertEquals(EventTypes.LOGIN_ENDED, event.type());
        assertEquals("local", event.data().get("channel"));
        assertEquals("localhost", event.data().get("address"));
        assertFalse(event.data().containsKey("reason"));
    }

    @Test
    public void logInWithoutAClientPrincipalSaysNoAddress() {
        Event event = LoginAudit.toAuditEvent(karaf("SUCCESS", "opcua-client", new Subject())).orElseThrow();

        assertEquals("opcua-client", event.data().get("user"));
        assertFalse(event.data().containsKey("channel"));
        assertFalse(event.data().containsKey("address"));
    }

    @Test
    public void attemptIsNotRecordedSinceASuccessOrFailureFollows() {
        assertEquals(Optional.empty(), LoginAudit.toAuditEvent(karaf("ATTEMPT", "viewer", new Subject())));
    }

    @Test
    public void handledLogInReachesTheBus() {
        RecordingBus bus = new RecordingBus();

        new LoginAudit(bus).handleEvent(karaf("FAILURE", "mallory", new Subject()));

        assertEquals(1, bus.events.size());
        assertTrue(bus.events.get(0).type().equals(EventTypes.LOGIN_REFUSED));
    }

    private static org.osgi.service.event.Event karaf(String action, String username, Subject subject) {
        Map<String, Object> props = new HashMap<>();
        props.put("type", action.toLowerCase());
        props.put("timestamp", WHEN);
        props.put("username", username);
        props.put("subject", subject);
        return new org.osgi.service.event.Event("org/apache/karaf/login/" + action, props);
    }
}
