package dev.yakata.journal.internal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Lets one message through per interval and counts the rest, so a journal that keeps dropping segments for space
 * costs one log line per interval, not one per segment.
 */
final class RateLimitedLog {

    private final long intervalNanos;
    private final AtomicLong nextAllowed = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong suppressed = new AtomicLong();

    RateLimitedLog(long intervalMillis) {
        this.intervalNanos = intervalMillis * 1_000_000L;
    }

    /** -1 if this message must be suppressed, else how many were suppressed since the last one let through. */
    long permit() {
        long now = System.nanoTime();
        long next = nextAllowed.get();
        if ((next == Long.MIN_VALUE || now - next >= 0) && nextAllowed.compareAndSet(next, now + intervalNanos)) {
            return suppressed.getAndSet(0);
        }
        suppressed.incrementAndGet();
        return -1;
    }
}
