package dev.yakata.bus;

import dev.yakata.api.event.Event;
import dev.yakata.bus.api.LaneStatistics;
import dev.yakata.util.log.RateLimitedLog;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded ring of events drained by one thread of its own, with the counters {@link LaneStatistics} reports.
 * Every listener's subscription is one; they differ only in what {@link #handle} does.
 */
abstract class EventWorker {

    private static final Logger LOG = LoggerFactory.getLogger(EventWorker.class);
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final int BATCH = 256;

    private final String name;
    private final EventRing.Signal signal = new EventRing.Signal();
    private final EventRing<Event> queue;
    private final Thread thread;
    private final LongAdder accepted = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder overflowed = new LongAdder();
    private final RateLimitedLog failLog = new RateLimitedLog(LOG, Duration.ofSeconds(10));
    private volatile boolean running = true;
    /** Set when stopping: the thread first delivers what is already queued. */
    private volatile boolean draining;

    EventWorker(String name, int capacity, String threadName) {
        this.name = name;
        this.queue = new EventRing<>(capacity, signal);
        this.thread = new Thread(this::run, threadName);
        this.thread.setDaemon(true);
        signal.owner(thread);
    }

    /** Processes one event on the worker's thread; an exception counts as a failure and is logged, rate-limited. */
    protected abstract void handle(Event event) throws Exception;

    final String name() {
        return name;
    }

    final int capacity() {
        return queue.capacity();
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

    /**
     * Queues the event if there is room now; counts a drop otherwise. Never blocks, and does not wake the worker:
     * the one offering thread calls {@link #wake} once it has offered a batch.
     */
    final boolean offer(Event event) {
        boolean queued = queue.offerQuietly(event);
        (queued ? accepted : dropped).increment();
        return queued;
    }

    /** Like {@link #offer}, but a full queue is not counted as a drop: the caller has somewhere else to go. */
    final boolean tryOffer(Event event) {
        if (queue.offerQuietly(event)) {
            accepted.increment();
            return true;
        }
        return false;
    }

    /** Free slots in the queue now; only grows unless someone offers. */
    final int room() {
        return queue.capacity() - queue.size();
    }

    final void countDropped(long n) {
        dropped.add(n);
    }

    final void countOverflowed() {
        overflowed.increment();
    }

    /** The worker's thread, after it has taken events from its queue: there is room again. */
    protected void drained() {
    }

    /** Wakes the worker's thread if it is parked, after {@link #offer}s. */
    final void wake() {
        queue.wake();
    }

    private void run() {
        while (running || draining && !queue.isEmpty()) {
            int n = queue.drain(this::deliver, BATCH);
            if (n > 0) {
                drained();
            } else if (running) {
                // A timed park, never an interrupt to stop: an interrupt would close a FileChannel a listener
                // is writing to.
                signal.await(() -> !queue.isEmpty() || !running, IDLE_PARK_NANOS);
            }
        }
    }

    private void deliver(Event event) {
        try {
            handle(event);
            delivered.increment();
        } catch (Throwable t) {
            if (t instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            failed.increment();
            long suppressed = failLog.permit("handler-failed");
            if (suppressed >= 0) {
                LOG.warn("{} failed on {} event {} ({} earlier failures not logged)", name, event.type(), event.id(),
                        suppressed, t);
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
        signal.wake();
        java.util.concurrent.locks.LockSupport.unpark(thread);
        try {
            thread.join(waitMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            thread.interrupt();
            LOG.warn("{} did not return within {} ms after being stopped; its thread {} is left to finish", name,
                    waitMillis, thread.getName());
            return;
        }
        dropped.add(queue.clear());
    }

    final LaneStatistics statistics() {
        return new LaneStatistics(name, queue.capacity(), queue.size(), accepted.sum(), delivered.sum(),
                dropped.sum(), failed.sum(), overflowed.sum(), 0);
    }
}
