package dev.yakata.audit.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventTypes;
import dev.yakata.api.event.Severity;
import dev.yakata.bus.testing.RecordingBus;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.security.auth.Subject;
import org.apache.karaf.jaas.boot.principal.ClientPrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.junit.Test;

/**
 * Karaf's shell events as Karaf 4.4.8 builds them: {@code org.apache.karaf.shell.impl.console.osgi.EventAdminListener}
 * posts {@code org/apache/karaf/shell/console/EXECUTED} with {@code command} (or {@code script}), {@code result} or
 * {@code exception}; Karaf's EventAdmin ({@code EventAdminImpl.prepareEvent}) adds {@code subject} and
 * {@code timestamp}.
 */
public class ShellAuditTest {

    @Test
    public void passwordSetInTheShellIsRecordedMasked() {
        Event event = ShellAudit.toAuditEvent(executed("config:property-set password xyz", null, "result")).orElseThrow();

        assertEquals(EventTypes.SHELL_EXECUTED, event.type());
        assertEquals("config:property-set password ******", event.data().get("command"));
        assertFalse(event.data().toString().contains("xyz"));
        assertEquals("SUCCEEDED", event.data().get("outcome"));
        assertEquals(Severity.INFO, event.severity());
    }

    @Test
    public void commandNamesItsUserChannelAndAddressFromTheSessionSubject() {
        Event event = ShellAudit.toAuditEvent(executed("yakata:device-list", null, null)).orElseThrow();

        assertEquals("viewer", event.data().get("user"));
        assertEquals("viewer", event.actor());
        assertEquals("ssh", event.data().get("channel"));
        assertEquals("127.0.0.1:41504", event.data().get("address"));
        assertFalse(event.data().containsKey("error"));
    }

    @Test
    public void commandTheAclRefusedIsAWarningSayingRefused() {
        Event event = ShellAudit.toAuditEvent(executed("grep admin etc/users.properties",
                new SecurityException("Insufficient credentials."), null)).orElseThrow();

        assertEquals("REFUSED", event.data().get("outcome"));
        assertEquals(Severity.WARNING, event.severity());
        assertEquals("Insufficient credentials.", event.data().get("error"));
    }

    @Test
    public void failedCommandSaysFailedWithoutRepeatingTheSecretInItsMessage() {
        Event event = ShellAudit.toAuditEvent(executed("jaas:user-add bob hunter2",
                new IllegalStateException("cannot add bob/hunter2: no realm selected"), null)).orElseThrow();

        assertEquals("FAILED", event.data().get("outcome"));
        assertEquals("jaas:user-add bob ******", event.data().get("command"));
        assertEquals("cannot add bob/******: no realm selected", event.data().get("error"));
    }

    @Test
    public void initScriptRunAtEveryLogInIsNotRecorded() {
        Map<String, Object> props = new HashMap<>();
        props.put("script", "etc/shell.init.script");
        props.put("subject", subject());
        assertEquals(Optional.empty(), ShellAudit.toAuditEvent(
                new org.osgi.service.event.Event(ShellAudit.EXECUTED, props)));
    }

    @Test
    public void handledCommandReachesTheBus() {
        RecordingBus bus = new RecordingBus();

        new ShellAudit(bus).handleEvent(executed("bundle:list", null, null));

        assertEquals(1, bus.events.size());
        assertEquals("bundle:list", bus.events.get(0).data().get("command"));
    }

    private static org.osgi.service.event.Event executed(String command, Exception exception, Object result) {
        Map<String, Object> props = new HashMap<>();
        props.put("command", command);
        if (exception != null) {
            props.put("exception", exception);
        }
        if (result != null) {
            props.put("result", result);
        }
        props.put("subject", subject());
        props.put("timestamp", System.currentTimeMillis());
        return new org.osgi.service.event.Event(ShellAudit.EXECUTED, props);
    }

    private static Subject subject() {
        Subject subject = new Subject();
        subject.getPrincipals().add(new UserPrincipal("viewer"));
        subject.getPrincipals().add(new ClientPrincipal("ssh", "/127.0.0.1:41504"));
        return subject;
    }
}
