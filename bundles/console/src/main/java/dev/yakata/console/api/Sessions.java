package dev.yakata.console.api;

import dev.yakata.api.command.Issuer;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import javax.security.auth.login.LoginContext;

/** The console's log-in sessions, each ending after {@code idle} without a request. Thread-safe. */
final class Sessions {

    /** One log-in: who, the CSRF token its changes must carry, and Karaf's login context (logged out at the end). */
    static final class Session {
        final String id;
        final Issuer issuer;
        final String csrfToken;
        final LoginContext login;
        volatile Instant lastSeen;

        Session(String id, Issuer issuer, String csrfToken, LoginContext login, Instant now) {
            this.id = id;
            this.issuer = issuer;
            this.csrfToken = csrfToken;
            this.login = login;
            this.lastSeen = now;
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Duration idle;
    private final Consumer<Session> onEnd;

    Sessions(Duration idle, Consumer<Session> onEnd) {
        this.idle = idle;
        this.onEnd = onEnd;
    }

    static String token() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    Session open(Issuer issuer, LoginContext login, Instant now) {
        Session s = new Session(token(), issuer, token(), login, now);
        sessions.put(s.id, s);
        return s;
    }

    /** The live session with this id, touched; an expired one is ended and not returned. */
    Optional<Session> find(String id, Instant now) {
        if (id == null) {
            return Optional.empty();
        }
        Session s = sessions.get(id);
        if (s == null) {
            return Optional.empty();
        }
        if (s.lastSeen.plus(idle).isBefore(now)) {
            end(s.id);
            return Optional.empty();
        }
        s.lastSeen = now;
        return Optional.of(s);
    }

    /** The live session with this id, not touched (a live-event stream reads, it is not the user's activity). */
    Optional<Session> peek(String id, Instant now) {
        Session s = id == null ? null : sessions.get(id);
        return s == null || s.lastSeen.plus(idle).isBefore(now) ? Optional.empty() : Optional.of(s);
    }

    void end(String id) {
        Session s = sessions.remove(id);
        if (s != null) {
            onEnd.accept(s);
        }
    }

    void endAll() {
        sessions.keySet().forEach(this::end);
    }

    /** Ends every session idle for longer than the limit. */
    void expire(Instant now) {
        sessions.values().stream().filter(s -> s.lastSeen.plus(idle).isBefore(now)).map(s -> s.id).toList()
                .forEach(this::end);
    }
}
