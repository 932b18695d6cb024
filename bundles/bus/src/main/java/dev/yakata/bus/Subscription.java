package dev.yakata.bus;

import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventListener;
import dev.yakata.journal.api.JournalCursor;
import dev.yakata.util.log.RateLimitedLog;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One listener's bounded queue and the thread that drains it. Nobody ever blocks on it: a control publisher offers
 * its event straight into it (one hop), the dispatcher offers telemetry batches. A listener that is slow or stuck
 * loses its own telemetry, counted, and delays nobody else. Its control events are never lost for room: once one
 * finds the queue full, the listener is <em>behind</em> and takes every later control event from the journal, in
 * order, as its queue makes room (the dispatcher reads them for it), until it has caught up. A listener that
 * unsubscribes still gets what was queued for it, so a bridge that stops cleanly loses nothing it was sent.
 */
public final class Subscription extends EventWorker {

    private static final Logger LOG = LoggerFactory.getLogger(Subscription.class);
    private static final long STOP_WAIT_MILLIS = 2000;

    private final EventTypeFilter filter;
    private final EventListener listener;
    /** Asks the dispatcher to read the journal for the listeners that are behind. */
    private final Runnable catchUpRequest;
    private final RateLimitedLog dropLog = new RateLimitedLog(LOG, Duration.ofSeconds(10));
    /** Dispatcher thread only. */
    private long dropsSinceCheck;
    /** Dispatcher thread only: something was queued since the last {@link #flush}. */
    private boolean offered;

    // ---- control: set under the dispatcher's control lock; read by the dispatcher and the worker --------------
    /** The queue was full for a journaled control event: until caught up, control comes from the journal only. */
    private volatile boolean behind;
    /** While behind: every control event after this journal position is still to be delivered. */
    private volatile long caughtUpTo;
    /** Dispatcher thread only, while behind: where it reads the journal for this listener. */
    JournalCursor catchUp;

    Subscription(String name, EventTypeFilter filter, int capacity, EventListener listener, String threadName,
            Runnable catchUpRequest) {
        super(name, capacity, threadName);
        this.filter = filter;
        this.listener = listener;
        this.catchUpRequest = catchUpRequest;
    }

    boolean wants(String type) {
        return isRunning() && filter.test(type);
    }

    /** Dispatcher thread, after a batch: wakes the listener's thread once for all it was given. */
    void flush() {
        if (offered) {
            offered = false;
            wake();
        }
    }

    /**
     * Telemetry, on the dispatcher thread only: never blocks. The dispatcher calls {@link #flush} after a batch. A
     * listener that is behind on control gets no telemetry until it has caught up.
     */
    void deliver(Event event) {
        if (!wants(event.type())) {
            return;
        }
        // control first: while the listener's control waits in the journal, a slot it makes is for that control
        // (the catch-up), not for telemetry, which is dropped for it as when its queue is full
        if (behind) {
            countDropped(1);
        } else if (offer(event)) {
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

    /**
     * A control event the listener wants, on the publisher's thread under the dispatcher's control lock, so that
     * every listener sees control in the journal's order. Never blocks, never wakes the listener (the publisher
     * does that after the lock).
     *
     * @param position the event's journal position, or 0 when the journal could not append it
     * @return whether the event went into the queue (then the listener should be woken)
     */
    boolean deliverControl(Event event, long position) {
        if (behind) {
            if (position == 0) {
                countDropped(1); // neither in the queue nor in the journal: it cannot reach this listener
            } else {
                countOverflowed();
            }
            return false;
        }
        if (tryOffer(event)) {
            return true;
        }
        if (position == 0) {
            countDropped(1); // the dispatcher logs the disk failure
            return false;
        }
        caughtUpTo = position - 1;
        behind = true;
        countOverflowed();
        catchUpRequest.run();
        if (dropLog.permit("behind") >= 0) {
            LOG.warn("Listener {} is {} events behind (queue full); its control events from journal position {} on"
                    + " come from the journal, in order, as it makes room", name(), capacity(), position);
        }
        return false;
    }

    boolean isBehind() {
        return behind;
    }

    long caughtUpTo() {
        return caughtUpTo;
    }

    /** Dispatcher thread: the listener has been given everything up to {@code position} from the journal. */
    void caughtUpTo(long position) {
        caughtUpTo = position;
    }

    /** Under the control lock, once the listener has everything up to the last append: live delivery again. */
    void caughtUp() {
        behind = false;
        catchUp = null;
        LOG.info("Listener {} has caught up with the journal at position {}", name(), caughtUpTo);
    }

    @Override
    protected void drained() {
        if (behind) {
            catchUpRequest.run();
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
