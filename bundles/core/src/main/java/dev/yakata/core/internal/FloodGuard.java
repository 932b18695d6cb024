package dev.yakata.core.internal;

/**
 * Counts one device's publications per one-second window. A device over its budget is flooding until a
 * whole window closes at or under the budget.
 */
final class FloodGuard {

    private static final long WINDOW_NANOS = 1_000_000_000L;

    /** What one more publication means. */
    enum Verdict { PASS, DROP, START_FLOOD }

    private final int perSecond;
    private long windowStart;
    private int count;
    private boolean flooding;
    private boolean lastWindowQuiet;

    FloodGuard(int perSecond, long nowNanos) {
        this.perSecond = perSecond;
        this.windowStart = nowNanos;
    }

    synchronized Verdict admit(long nowNanos) {
        roll(nowNanos);
        count++;
        if (flooding) {
            return Verdict.DROP;
        }
        if (count <= perSecond) {
            return Verdict.PASS;
        }
        flooding = true;
        lastWindowQuiet = false;
        return Verdict.START_FLOOD;
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

    private void roll(long nowNanos) {
        long elapsed = nowNanos - windowStart;
        if (elapsed < WINDOW_NANOS) {
            return;
        }
        // More than one window gone means the windows in between were empty, hence quiet.
        lastWindowQuiet = elapsed >= 2 * WINDOW_NANOS || count <= perSecond;
        count = 0;
        windowStart = nowNanos - (elapsed % WINDOW_NANOS);
    }
}
