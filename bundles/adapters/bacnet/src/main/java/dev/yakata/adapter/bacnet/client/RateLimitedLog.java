package dev.yakata.adapter.bacnet.client;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * Logs a warning once per key (peer and reason) and interval, and says how many were suppressed in between, so a
 * device that sends garbage every 10 ms cannot fill the log.
 */
public final class RateLimitedLog {

    private static final int MAX_KEYS = 10_000;

    private final Logger log;
    private final long intervalNanos;
    private final ConcurrentMap<String, Window> windows = new ConcurrentHashMap<>();

    private static final class Window {
        volatile long lastLoggedNanos;
        final AtomicLong suppressed = new AtomicLong();
    }

    /** @param intervalMillis how long one key stays quiet after it was logged */
    public RateLimitedLog(Logger log, long intervalMillis) {
        this.log = log;
        this.intervalNanos = intervalMillis * 1_000_000L;
    }

    /** Logs {@code message} at WARN unless {@code key} was logged within the interval. */
    public void warn(String key, String message) {
        if (windows.size() > MAX_KEYS) {
            windows.clear(); // many distinct peers sending garbage: forget old keys rather than grow without bound
        }
        Window window = windows.computeIfAbsent(key, k -> new Window());
        long now = System.nanoTime();
        synchronized (window) {
            if (window.lastLoggedNanos != 0 && now - window.lastLoggedNanos < intervalNanos) {
                window.suppressed.incrementAndGet();
                return;
            }
            window.lastLoggedNanos = now;
        }
        long suppressed = window.suppressed.getAndSet(0);
        log.warn(suppressed > 0 ? message + " (" + suppressed + " similar messages suppressed)" : message);
    }
}
