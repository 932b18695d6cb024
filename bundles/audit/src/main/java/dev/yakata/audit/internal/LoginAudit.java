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
 * Publishes {@code login.succeeded}, {@code login.refused} (WARNING) and {@code login.ended} for the log-in events
 * of Karaf's {@code karaf} realm.
 *
 * <p>Karaf 4.4.8 posts them from {@code org.apache.karaf.jaas.modules.audit.EventAdminAuditLoginModule}, which its
 * {@code KarafRealm} (realm {@code karaf}, the only one that adds it) runs when {@code audit.eventadmin.enabled} is
 * true (the default): topic {@code org/apache/karaf/login/<ATTEMPT|SUCCESS|FAILURE|LOGOUT>}, properties
 * {@code username} (the name typed), {@code subject} (the JAAS subject, with the {@code ClientPrincipal} saying from
 * where), {@code type} and {@code timestamp}. The password is never in them, and neither is why a log-in failed.
 * {@code ATTEMPT} is not recorded: every attempt ends in a success or a failure.
 */
@Component(service = EventHandler.class, immediate = true, property = {
        EventConstants.EVENT_TOPIC + "=" + LoginAudit.SUCCESS,
        EventConstants.EVENT_TOPIC + "=" + LoginAudit.FAILURE,
        EventConstants.EVENT_TOPIC + "=" + LoginAudit.LOGOUT})
public final class LoginAudit implements EventHandler {

    static final String TOPICS = "org/apache/karaf/login/";
    static final String SUCCESS = TOPICS + "SUCCESS";
    static final String FAILURE = TOPICS + "FAILURE";
    static final String LOGOUT = TOPICS + "LOGOUT";
    /** The realm whose login module posts on {@link #TOPICS} in Karaf 4.4.8. */
    static final String REALM = "karaf";
    static final String REFUSED_REASON = "the karaf realm refused the log-in; Karaf does not say why (a wrong"
            + " password, an unknown user and a user without a role it needs look the same)";

    private final EventBus bus;

    @Activate
    public LoginAudit(@Reference EventBus bus) {
        this.bus = bus;
    }

    @Override
    public void handleEvent(org.osgi.service.event.Event event) {
        toAuditEvent(event).ifPresent(bus::publish);
    }

    /** The hub's event for one of Karaf's log-in events, or empty for a topic it does not record. */
    static Optional<Event> toAuditEvent(org.osgi.service.event.Event karaf) {
        String type;
        switch (karaf.getTopic()) {
            case SUCCESS -> type = EventTypes.LOGIN_SUCCEEDED;
            case FAILURE -> type = EventTypes.LOGIN_REFUSED;
            case LOGOUT -> type = EventTypes.LOGIN_ENDED;
            default -> {
                return Optional.empty();
            }
        }
        Who who = Who.of(karaf.getProperty("subject"));
        Object username = karaf.getProperty("username");
        String user = username instanceof String name && !name.isEmpty() ? name : who.user();
        Event.Builder event = Event.builder(type, AuditSources.SOURCE).actor(user)
                .severity(type.equals(EventTypes.LOGIN_REFUSED) ? Severity.WARNING : Severity.INFO)
                .put("user", user).put("realm", REALM);
        if (karaf.getProperty(EventConstants.TIMESTAMP) instanceof Long millis) {
            event.time(Instant.ofEpochMilli(millis));
        }
        if (!who.channel().isEmpty()) {
            event.put("channel", who.channel());
        }
        if (!who.address().isEmpty()) {
            event.put("address", who.address());
        }
        if (type.equals(EventTypes.LOGIN_REFUSED)) {
            event.put("reason", REFUSED_REASON);
        }
        return Optional.of(event.build());
    }
}
