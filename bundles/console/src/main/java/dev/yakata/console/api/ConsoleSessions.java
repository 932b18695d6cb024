package dev.yakata.console.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.security.auth.login.LoginException;
import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServletRequest;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's log-in sessions as one service of this bundle, shared by the REST servlet (which opens and ends them)
 * and the live-event stream (which only looks them up and closes its streams when one ends). It owns the sweeper that
 * expires idle sessions and logs each ended one out of Karaf's realm (which audits {@code login.ended}).
 */
@Component(service = ConsoleSessions.class, configurationPid = "dev.yakata.console")
public final class ConsoleSessions {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleSessions.class);

    /** The one setting read here; the REST servlet's {@code Config} documents it (same configuration file). */
    public @interface Config {
        long sessionIdleSeconds() default 900;
    }

    private final Set<Consumer<String>> endListeners = new CopyOnWriteArraySet<>();
    private Sessions sessions;
    private ScheduledExecutorService sweeper;
    private long idleSeconds;

    @Activate
    void activate(Config cfg) {
        idleSeconds = cfg.sessionIdleSeconds();
        sessions = new Sessions(Duration.ofSeconds(idleSeconds), this::ended);
        sweeper = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "yakata-console-sessions"));
        long period = Math.max(1, Math.min(60, idleSeconds / 2));
        sweeper.scheduleWithFixedDelay(() -> sessions.expire(Instant.now()), period, period, TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() {
        sweeper.shutdownNow();
        sessions.endAll();
    }

    /** For tests and benchmarks outside OSGi: the same as activation with this idle limit. */
    static ConsoleSessions started(long sessionIdleSeconds) {
        ConsoleSessions s = new ConsoleSessions();
        s.activate(new Config() {
            @Override
            public Class<? extends java.lang.annotation.Annotation> annotationType() {
                return Config.class;
            }

            @Override
            public long sessionIdleSeconds() {
                return sessionIdleSeconds;
            }
        });
        return s;
    }

    Sessions sessions() {
        return sessions;
    }

    long idleSeconds() {
        return idleSeconds;
    }

    /** Called with the session id whenever a session ends (log-out, expiry, shutdown), on the thread that ended it. */
    void onEnd(Consumer<String> listener) {
        endListeners.add(listener);
    }

    void removeOnEnd(Consumer<String> listener) {
        endListeners.remove(listener);
    }

    /** The request's live session without touching it (a stream is not activity), or empty. */
    Optional<Sessions.Session> peek(HttpServletRequest req) {
        return sessions.peek(cookie(req), Instant.now());
    }

    boolean alive(String id) {
        return sessions.peek(id, Instant.now()).isPresent();
    }

    static String cookie(HttpServletRequest req) {
        String id = null;
        if (req.getCookies() != null) {
            for (Cookie c : req.getCookies()) {
                if (c.getName().equals(ConsoleApiServlet.COOKIE)) {
                    id = c.getValue();
                }
            }
        }
        return id;
    }

    private void ended(Sessions.Session s) {
        try {
            if (s.login != null) {
                s.login.logout(); // Karaf posts LOGOUT: the audit bundle records login.ended
            }
        } catch (LoginException | RuntimeException e) {
            LOG.debug("logout of {} failed: {}", s.issuer.user(), e.toString());
        }
        for (Consumer<String> l : endListeners) {
            try {
                l.accept(s.id);
            } catch (RuntimeException e) {
                LOG.warn("a session-end listener failed for a session of {}", s.issuer.user(), e);
            }
        }
    }
}
