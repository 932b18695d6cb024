package dev.yakata.bus;

import dev.yakata.api.event.Event;
import dev.yakata.bus.api.LaneStatistics;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded queue of events drained by one thread of its own, with the counters {@link LaneStatistics} reports.
 * The lanes and every listener's subscription are workers; they differ only in what {@link #handle} does.
 */
abstract class EventWorker {

    private static final Logger LOG = LoggerFactory.getLogger(EventWorker.class);

    private final String name;
    private final int capacity;
    private final BlockingQueue<Event> queue;
    private final Thread thread;
    private final LongAdder accepted = new LongAdder();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final RateLimitedLog failLog = new RateLimitedLog(10, TimeUnit.SECONDS);
    private volatile boolean running = true;
    /** Set when stopping: the thread first delivers what is already queued. */
    private volatile boolean draining;

    EventWorker(String name, int capacity, String threadName) {
        this.name = name;
        this.capacity = capacity;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.thread = new Thread(this::drain, threadName);
        this.thread.setDaemon(true);
    }

    /** Processes one event on the worker's thread; an exception counts as a failure and is logged, rate-limited. */
    protected abstract void handle(Event event) throws Exception;

    final String name() {
        return name;
    }

    final int capacity() {
        return capacity;
    }

    final String threadName() {
        return thread.getName();
    }

    final boolean isRunning() {
        return running;
    }

    void start() {
        thread.start();
    }

    /** Queues the event if there is room now; counts a drop otherwise. Never blocks. */
    final boolean offer(Event event) {
        return counted(queue.offer(event));
    }

    /** Waits up to the timeout for room; counts a drop when still full. */
    final boolean offer(Event event, long timeoutMillis) throws InterruptedException {
        return counted(queue.offer(event, timeoutMillis, TimeUnit.MILLISECONDS));
    }

    private boolean counted(boolean queued) {
        (queued ? accepted : dropped).increment();
        return queued;
    }

    private void drain() {
        while (running || draining && !queue.isEmpty()) {
            Event event;
            try {
                // A timed poll, not take(): stopping then needs no interrupt, which would close a FileChannel a
                // listener is writing to.
                event = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                break;
            }
            if (event == null) {
                continue;
            }
            try {
                handle(event);
                delivered.increment();
            } catch (InterruptedException e) {
                break;
            } catch (Throwable t) {
                failed.increment();
                long suppressed = failLog.permit();
                if (suppressed >= 0) {
                    LOG.warn("{} failed on {} event {} ({} earlier failures not logged)", name, event.type(), event.id(),
                            suppressed, t);
                }
            }
        }
    }

    /**
     * Stops the thread, waiting up to {@code waitMillis} for it; with {@code deliverQueued} it first delivers what
     * is already queued (within the same wait). Whatever is still queued after that is discarded and counted as
     * dropped. Only a thread still busy after the wait is interrupted.
     */
    void stop(long waitMillis, boolean deliverQueued) {
        draining = deliverQueued;
        running = false;
        try {
            thread.join(waitMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            thread.interrupt();
            LOG.warn("{} did not return within {} ms after being stopped; its thread {} is left to finish", name,
                    waitMillis, thread.getName());
        }
        int discarded = queue.size();
        queue.clear();
        dropped.add(discarded);
    }

    final LaneStatistics statistics() {
        return new LaneStatistics(name, capacity, queue.size(), accepted.sum(), delivered.sum(), dropped.sum(),
                failed.sum());
    }
}
