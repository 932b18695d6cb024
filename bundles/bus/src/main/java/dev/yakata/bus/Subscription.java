package dev.yakata.bus;

import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventListener;
import dev.yakata.util.log.RateLimitedLog;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One listener's bounded queue and the thread that drains it. The lanes only ever {@code offer} (never block) into
 * it, so a listener that is slow or stuck loses its own events, counted, and delays nobody else. A listener that
 * unsubscribes still gets what was queued for it, so a bridge that stops cleanly loses nothing it was sent.
 */
public final class Subscription extends EventWorker {

    private static final Logger LOG = LoggerFactory.getLogger(Subscription.class);
    private static final long STOP_WAIT_MILLIS = 2000;

    private final EventTypeFilter filter;
    private final EventListener listener;
    private final RateLimitedLog dropLog = new RateLimitedLog(LOG, Duration.ofSeconds(10));
    /** Dispatcher thread only. */
    private long dropsSinceCheck;
    /** Dispatcher thread only: something was queued since the last {@link #flush}. */
    private boolean offered;

    /** Dispatcher thread, after a batch: wakes the listener's thread once for all it was given. */
    void flush() {
        if (offered) {
            offered = false;
            wake();
        }
    }

    Subscription(String name, EventTypeFilter filter, int capacity, EventListener listener, String threadName) {
        super(name, capacity, threadName);
        this.filter = filter;
        this.listener = listener;
    }

    /** Called on the dispatcher thread only: never blocks. The dispatcher calls {@link #flush} after a batch. */
    void deliver(Event event) {
        if (!isRunning() || !filter.test(event.type())) {
            return;
        }
        if (offer(event)) {
            offered = true;
            return;
        }
        // a stuck listener drops every event: ask the clock (inside permit) once per 1,024 drops, not per drop
        if ((dropsSinceCheck++ & 1023) != 0) {
            return;
        }
        if (dropLog.permit("queue-full") >= 0) {
            LOG.warn("Listener {} is {} events behind (queue full); dropping {} for it only ({} dropped so far;"
                    + " yakata:bus-stats counts them)", name(), capacity(), event.type(), statistics().dropped());
        }
    }

    @Override
    protected void handle(Event event) {
        listener.onEvent(event);
    }

    /** Delivers what is already queued for the listener (up to the stop wait), then stops. */
    void stop() {
        stop(STOP_WAIT_MILLIS, true);
    }
}
