package dev.yakata.console.api;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Refuses log-ins after {@code limit} failures within {@code window}, per user and per address, for {@code lockout}.
 * Thread-safe.
 */
final class LoginThrottle {

    private final int limit;
    private final Duration window;
    private final Duration lockout;
    private final Map<String, Deque<Instant>> failures = new HashMap<>();
    private final Map<String, Instant> lockedUntil = new HashMap<>();

    LoginThrottle(int limit, Duration window, Duration lockout) {
        this.limit = limit;
        this.window = window;
        this.lockout = lockout;
    }

    /** Seconds until a log-in of this user from this address is allowed again, 0 when it is allowed now. */
    synchronized long lockedSeconds(String user, String address, Instant now) {
        return Math.max(remaining("user:" + user, now), remaining("address:" + address, now));
    }

    /** Records a failure; true when it starts a lockout. */
    synchronized boolean failed(String user, String address, Instant now) {
        boolean a = count("user:" + user, now);
        boolean b = count("address:" + address, now);
        return a || b;
    }

    /** A success forgets the user's failures (not the address's). */
    synchronized void succeeded(String user) {
        failures.remove("user:" + user);
    }

    private long remaining(String key, Instant now) {
        Instant until = lockedUntil.get(key);
        if (until == null || !until.isAfter(now)) {
            lockedUntil.remove(key);
            return 0;
        }
        return Math.max(1, Duration.between(now, until).toSeconds() + 1);
    }

    private boolean count(String key, Instant now) {
        Deque<Instant> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
        while (!times.isEmpty() && times.peekFirst().isBefore(now.minus(window))) {
            times.removeFirst();
        }
        times.addLast(now);
        if (times.size() >= limit) {
            times.clear();
            lockedUntil.put(key, now.plus(lockout));
            return true;
        }
        return false;
    }
}
