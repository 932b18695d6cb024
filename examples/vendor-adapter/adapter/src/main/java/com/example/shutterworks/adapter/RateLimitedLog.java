package com.example.shutterworks.adapter;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Logs a warning at most once per interval and key, with the count of those left out, so a controller that sends
 * garbage all day fills no disk. It logs through {@link System.Logger}, the JDK's own facade (Karaf routes it into
 * its log), so the bundle needs no logging library.
 */
final class RateLimitedLog {

    private final Logger log;
    private final long intervalNanos;
    private final ConcurrentMap<String, Window> windows = new ConcurrentHashMap<>();

    RateLimitedLog(Logger log, Duration interval) {
        this.log = log;
        this.intervalNanos = interval.toNanos();
    }

    void warn(String key, String message) {
        Window window = windows.computeIfAbsent(key, k -> new Window());
        long now = System.nanoTime();
        synchronized (window) {
            if (window.last != 0 && now - window.last < intervalNanos) {
                window.suppressed.incrementAndGet();
                return;
            }
            window.last = now;
        }
        long left = window.suppressed.getAndSet(0);
        log.log(Level.WARNING, left == 0 ? message : message + " (" + left + " similar messages left out)");
    }

    private static final class Window {
        long last;
        final AtomicLong suppressed = new AtomicLong();
    }
}
