package dev.yakata.bus;

import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventListener;
import dev.yakata.api.hub.LaneStatistics;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One listener's bounded queue and the thread that drains it. The lanes only ever {@code offer} (never block) into
 * it, so a listener that is slow or stuck loses its own events, counted, and delays nobody else.
 */
public final class Subscription {

    private static final Logger LOG = LoggerFactory.getLogger(Subscription.class);
    private static final long STOP_WAIT_MILLIS = 2000;

    private final String name;
    private final EventTypeFilter filter;
    private final BlockingQueue<Event> queue;
    private final int capacity;
    private final EventListener listener;
    private final Thread thread;
    private final LongAdder accepted = new LongAdder();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final RateLimitedLog dropLog = new RateLimitedLog(10, TimeUnit.SECONDS);
    private final RateLimitedLog failLog = new RateLimitedLog(10, TimeUnit.SECONDS);
    private volatile boolean running = true;

    Subscription(String name, EventTypeFilter filter, int capacity, EventListener listener, String threadName) {
        this.name = name;
        this.filter = filter;
        this.capacity = capacity;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.listener = listener;
        this.thread = new Thread(this::drain, threadName);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** The statistics name, {@code listener:<name>}. */
    public String name() {
        return name;
    }

    String threadName() {
        return thread.getName();
    }

    /** Called on a lane thread: never blocks. */
    void offer(Event event) {
        if (!running || !filter.test(event.type())) {
            return;
        }
        if (queue.offer(event)) {
            accepted.increment();
            return;
        }
        dropped.increment();
        long suppressed = dropLog.permit();
        if (suppressed >= 0) {
            LOG.warn("Listener {} is {} events behind (queue full); dropping {} for it only ({} earlier drops not logged)",
                    name, capacity, event.type(), suppressed);
        }
    }

    private void drain() {
        while (running) {
            Event event;
            try {
                event = queue.take();
            } catch (InterruptedException e) {
                break;
            }
            try {
                listener.onEvent(event);
                delivered.increment();
            } catch (Throwable t) {
                failed.increment();
                if (t instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                long suppressed = failLog.permit();
                if (suppressed >= 0) {
                    LOG.warn("Listener {} threw on {} event {} ({} earlier failures not logged)", name, event.type(),
                            event.id(), suppressed, t);
                }
            }
        }
    }

    /** Stops the thread; events still queued are discarded. Waits a little for a listener that is mid-event. */
    void stop() {
        running = false;
        thread.interrupt();
        try {
            thread.join(STOP_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("Listener {} did not return within {} ms after being stopped; its thread {} is left to finish",
                    name, STOP_WAIT_MILLIS, thread.getName());
        }
        queue.clear();
    }

    LaneStatistics statistics() {
        return new LaneStatistics(name, capacity, queue.size(), accepted.sum(), delivered.sum(), dropped.sum(),
                failed.sum());
    }
}
