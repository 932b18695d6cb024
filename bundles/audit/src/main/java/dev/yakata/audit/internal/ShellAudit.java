package dev.yakata.audit.internal;

import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventTypes;
import dev.yakata.api.event.Severity;
import dev.yakata.bus.api.EventBus;
import java.time.Instant;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/**
 * Publishes {@code shell.executed} for every command typed in a Karaf shell (local console or SSH), with secret
 * arguments masked ({@link CommandLineMask}).
 *
 * <p>Karaf 4.4.8 posts {@code org/apache/karaf/shell/console/EXECUTED} from
 * {@code org.apache.karaf.shell.impl.console.osgi.EventAdminListener} after each command: property {@code command}
 * (the line as typed) or, for a session's init script, {@code script} (its file name) instead; {@code result} or
 * {@code exception} (a {@link SecurityException} when the command ACL refused it). Karaf's EventAdmin adds
 * {@code subject}, the session's JAAS subject, and {@code timestamp} ({@code AddSubject}, {@code AddTimestamp}).
 * Init-script records are not published: the same file runs at every log-in, and its changes are audited as
 * configuration. The {@code result} is not recorded (it may be any object, and may show secrets).
 */
@Component(service = EventHandler.class, immediate = true,
        property = EventConstants.EVENT_TOPIC + "=" + ShellAudit.EXECUTED)
public final class ShellAudit implements EventHandler {

    static final String EXECUTED = "org/apache/karaf/shell/console/EXECUTED";

    /** How a shell command ended. */
    enum Outcome { SUCCEEDED, FAILED, REFUSED }

    private final EventBus bus;

    @Activate
    public ShellAudit(@Reference EventBus bus) {
        this.bus = bus;
    }

    @Override
    public void handleEvent(org.osgi.service.event.Event event) {
        toAuditEvent(event).ifPresent(bus::publish);
    }

    /** The hub's event for one executed command, or empty for an init script or another topic. */
    static Optional<Event> toAuditEvent(org.osgi.service.event.Event karaf) {
        if (!EXECUTED.equals(karaf.getTopic()) || !(karaf.getProperty("command") instanceof String line)
                || line.isBlank()) {
            return Optional.empty();
        }
        Who who = Who.of(karaf.getProperty("subject"));
        CommandLineMask.Masked masked = CommandLineMask.mask(line);
        Object exception = karaf.getProperty("exception");
        Outcome outcome = exception == null ? Outcome.SUCCEEDED
                : exception instanceof SecurityException ? Outcome.REFUSED : Outcome.FAILED;
        Event.Builder event = Event.builder(EventTypes.SHELL_EXECUTED, AuditSources.SOURCE).actor(who.user())
                .severity(outcome == Outcome.REFUSED ? Severity.WARNING : Severity.INFO)
                .put("user", who.user());
        if (karaf.getProperty(EventConstants.TIMESTAMP) instanceof Long millis) {
            event.time(Instant.ofEpochMilli(millis));
        }
        if (!who.channel().isEmpty()) {
            event.put("channel", who.channel());
        }
        if (!who.address().isEmpty()) {
            event.put("address", who.address());
        }
        event.put("command", masked.line()).put("outcome", outcome.name());
        if (exception != null) {
            event.put("error", masked.hide(describe(exception)));
        }
        return Optional.of(event.build());
    }

    /** An exception as one line: its message, or its class when it has none. */
    private static String describe(Object exception) {
        if (exception instanceof Throwable t && t.getMessage() != null && !t.getMessage().isBlank()) {
            return t.getMessage();
        }
        return exception instanceof Throwable t ? t.getClass().getSimpleName() : exception.toString();
    }
}
