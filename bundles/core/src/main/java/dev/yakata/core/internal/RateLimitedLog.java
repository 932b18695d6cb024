package dev.yakata.core.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;

/**
 * Logs a warning at most once per interval for each key (device and reason), saying how many it suppressed,
 * so a misbehaving device cannot fill the log.
 */
final class RateLimitedLog {

    private final Logger log;
    private final long intervalNanos;
    private final Map<String, long[]> lastByKey = new ConcurrentHashMap<>();

    RateLimitedLog(Logger log, long intervalMillis) {
        this.log = log;
        this.intervalNanos = intervalMillis * 1_000_000L;
    }

    /** Counts one occurrence and logs it unless the same key was logged within the interval. */
    void warn(String key, String message) {
        long now = System.nanoTime();
        long[] state = lastByKey.computeIfAbsent(key, k -> new long[] {now - intervalNanos - 1, 0});
        synchronized (state) {
            if (now - state[0] > intervalNanos) {
                long suppressed = state[1];
                state[0] = now;
                state[1] = 0;
                log.warn(suppressed == 0 ? message : message + " (" + suppressed + " more like it since the last report)");
            } else {
                state[1]++;
            }
        }
    }
}
