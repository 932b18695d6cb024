package dev.yakata.util.log;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Lets one log line per key through per interval and counts the rest, so a flood (a full queue, a listener that
 * throws on every event, a device that sends garbage every 10 ms) costs one line per interval instead of one per
 * occurrence, and the line that does get through says how many were held back since the last one.
 *
 * <p>A key names one kind of message, usually with its subject: {@code "queue-full"}, or
 * {@code deviceId + "/decode"}. Each key has its own interval window, so one noisy device does not silence the
 * others. At most {@value #MAX_KEYS} keys are remembered; past that the windows are forgotten (and their counts with
 * them) rather than letting many distinct peers grow the map without bound.
 *
 * <p>Thread safe and lock free: {@link #permit(String)} costs a map lookup and a clock read, so a caller on a hot path
 * may still choose to ask only every so often.
 */
public final class RateLimitedLog {

    /** How many keys are remembered before all windows are forgotten. */
    public static final int MAX_KEYS = 10_000;

    private final Logger log;
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final ConcurrentMap<String, Window> windows = new ConcurrentHashMap<>();

    /** One key's window: when the next line may go out, and what was held back meanwhile. */
    private static final class Window {
        final AtomicLong nextAllowedNanos;
        final AtomicLong suppressed = new AtomicLong();

        Window(long now) {
            nextAllowedNanos = new AtomicLong(now);
        }
    }

    /**
     * @param log      where {@link #warn(String, String)} writes
     * @param interval how long a key stays quiet after a line went out for it; positive
     */
    public RateLimitedLog(Logger log, Duration interval) {
        this(log, interval, System::nanoTime);
    }

    /** With a clock of its own, for tests. */
    RateLimitedLog(Logger log, Duration interval, LongSupplier nanoClock) {
        if (log == null || interval == null || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("RateLimitedLog needs a logger and a positive interval, not " + log
                    + " and " + interval);
        }
        this.log = log;
        this.intervalNanos = interval.toNanos();
        this.nanoClock = nanoClock;
    }

    /**
     * Counts one occurrence of {@code key} and decides whether it may be logged: the first occurrence may, and then
     * one per interval.
     *
     * @return -1 when this occurrence must not be logged (it was counted), else how many occurrences of the key were
     *         held back since the last one permitted, for the caller to say so in its line
     */
    public long permit(String key) {
        long now = nanoClock.getAsLong();
        Window window = windows.get(key);
        if (window == null) {
            if (windows.size() >= MAX_KEYS) {
                windows.clear();
            }
            window = windows.computeIfAbsent(key, k -> new Window(now));
        }
        long next = window.nextAllowedNanos.get();
        if (now - next >= 0) {
            // Take the count before claiming the window, not after: an occurrence counted once the window is claimed
            // belongs to the next line, and must not be reported (and zeroed) by this one.
            long held = window.suppressed.getAndSet(0);
            if (window.nextAllowedNanos.compareAndSet(next, now + intervalNanos)) {
                return held;
            }
            window.suppressed.addAndGet(held + 1); // another thread claimed it: give the count back, with this one
            return -1;
        }
        window.suppressed.incrementAndGet();
        return -1;
    }

    /**
     * Logs {@code message} at WARN unless {@code key} was logged within the interval; when earlier ones were held
     * back, the line ends with {@code " (N more like it since the last report)"}.
     */
    public void warn(String key, String message) {
        long suppressed = permit(key);
        if (suppressed >= 0) {
            log.warn(withCount(message, suppressed));
        }
    }

    /** {@code message}, and how many like it were held back when there were any. */
    static String withCount(String message, long suppressed) {
        return suppressed == 0 ? message : message + " (" + suppressed + " more like it since the last report)";
    }
}
