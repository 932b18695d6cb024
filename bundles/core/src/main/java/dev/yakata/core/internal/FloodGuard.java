package dev.yakata.core.internal;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts one device's publications per one-second window. A device over its budget is flooding until a
 * whole window closes at or under the budget.
 *
 * <p>Every publication of the device passes here, from whatever thread the adapter uses, so the common case takes
 * no lock: a volatile read of the window, one atomic increment and a volatile read of the flag. A monitor here made
 * an adapter's control event wait behind its own telemetry thread (a contended monitor parks). Only rolling the
 * window (once a second) and starting a flood (once per flood) lock; an increment that races with the roll may count
 * in the window that just closed, which a budget of events per second can afford.
 */
final class FloodGuard {

    private static final long WINDOW_NANOS = 1_000_000_000L;

    /** What one more publication means. */
    enum Verdict { PASS, DROP, START_FLOOD }

    private final int perSecond;
    private final AtomicInteger count = new AtomicInteger();
    private volatile long windowStart;
    private volatile boolean flooding;
    /** Written under the monitor only. */
    private boolean lastWindowQuiet;

    FloodGuard(int perSecond, long nowNanos) {
        this.perSecond = perSecond;
        this.windowStart = nowNanos;
    }

    Verdict admit(long nowNanos) {
        if (nowNanos - windowStart >= WINDOW_NANOS) {
            roll(nowNanos);
        }
        int n = count.incrementAndGet();
        if (flooding) {
            return Verdict.DROP;
        }
        if (n <= perSecond) {
            return Verdict.PASS;
        }
        synchronized (this) {
            // one thread starts the flood; the others racing past the budget with it drop
            if (flooding) {
                return Verdict.DROP;
            }
            flooding = true;
            lastWindowQuiet = false;
            return Verdict.START_FLOOD;
        }
    }

    /** Called periodically: true, once, when a flooding device has kept to its budget for a whole window. */
    synchronized boolean calmedDown(long nowNanos) {
        roll(nowNanos);
        if (flooding && lastWindowQuiet) {
            flooding = false;
            return true;
        }
        return false;
    }

    private synchronized void roll(long nowNanos) {
        long elapsed = nowNanos - windowStart;
        if (elapsed < WINDOW_NANOS) {
            return;
        }
        // More than one window gone means the windows in between were empty, hence quiet.
        lastWindowQuiet = elapsed >= 2 * WINDOW_NANOS || count.get() <= perSecond;
        count.set(0);
        windowStart = nowNanos - (elapsed % WINDOW_NANOS);
    }
}
