package dev.yakata.bus;

import dev.yakata.api.event.Event;
import dev.yakata.bus.api.LaneStatistics;
import dev.yakata.journal.api.Journal;
import dev.yakata.journal.api.JournalCursor;
import dev.yakata.journal.api.JournalEntry;
import dev.yakata.util.log.RateLimitedLog;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Producer;
import org.apache.camel.support.service.ServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control lane's publisher side, the telemetry lane, and the one thread ({@code yakata-bus-dispatcher}) that
 * drains telemetry and reads the journal for the listeners that are behind. See the top of {@link YakataEventBus}
 * for the design; in short: a control event goes from its publisher straight into each matching listener's queue
 * (one hop, under the lock that orders the journal), and the dispatcher only steps in for a listener whose queue was
 * full; every cycle it does that catch-up first, then at most one telemetry batch.
 */
final class Dispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** How long the dispatcher naps while telemetry flows (a telemetry event may wait this long at low rates). */
    private static final long NAP_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** Naps with nothing to do before the dispatcher sleeps long and asks every telemetry publish to wake it. */
    private static final int NAPS_BEFORE_SLEEP = 20;
    private static final int WAKE_EVERY = 64;
    /**
     * How long a partial telemetry batch waits for more when the last one went out just before. A dispatcher that
     * keeps up with a publisher would otherwise send a dozen events per exchange, and the exchange (Camel's unit of
     * work, a message, a latch) then costs more CPU and garbage than the events themselves; each 250 us of a flood
     * fills a batch. Shorter than a nap, which a telemetry event may already wait.
     */
    private static final long LINGER_NANOS = TimeUnit.MICROSECONDS.toNanos(250);
    private static final long STOP_WAIT_MILLIS = 5000;
    /** Journal records read per listener per cycle while it catches up. */
    static final int CATCH_UP_BATCH = 256;

    private final Journal journal;
    private final int telemetryBatch;
    private final EventRing.Signal signal = new EventRing.Signal();
    private final EventRing<Event> telemetry;
    private final Thread thread;
    /** The bus's current listeners (a copy-on-write array). */
    private final Supplier<Subscription[]> subscriptions;

    // ---- control path, publisher side: everything under controlLock --------------------------------------
    private final Object controlLock = new Object();
    /** Next sequence number per source; under controlLock. */
    private final Map<String, long[]> sequences = new HashMap<>();
    /** The position of the bus's last append; written under controlLock. */
    private volatile long lastAppended;
    /** Set when a listener is behind and may have room: the dispatcher reads the journal for it. */
    private volatile boolean catchUpWanted;

    // ---- dispatcher thread only --------------------------------------------------------------------------
    private Endpoint telemetryEndpoint;
    private Producer telemetryProducer;
    private volatile CountDownLatch gate;
    /** Set while the dispatcher sleeps long: then every telemetry publish wakes it. */
    private volatile boolean sleepy = true;
    /** Racy across publisher threads on purpose: it only spaces the wake-ups out. */
    private int telemetryOffers;
    private int naps;
    private long lastTelemetrySend = System.nanoTime() - LINGER_NANOS;
    /** Set while a partial telemetry batch waits: publishers leave the dispatcher be, control still wakes it. */
    private volatile boolean lingering;
    private volatile boolean running = true;

    // ---- counters ----------------------------------------------------------------------------------------
    private final LongAdder controlAccepted = new LongAdder();
    private final LongAdder controlDelivered = new LongAdder();
    private final LongAdder controlDropped = new LongAdder();
    private final LongAdder controlOverflowed = new LongAdder();
    private final LongAdder controlUnjournaled = new LongAdder();
    private final LongAdder telemetryAccepted = new LongAdder();
    private final LongAdder telemetryDelivered = new LongAdder();
    private final LongAdder telemetryDropped = new LongAdder();
    private final LongAdder telemetryFailed = new LongAdder();
    /** Keys: journal-append, catch-up-read, catch-up-lost, route-failed. */
    private final RateLimitedLog rateLimited = new RateLimitedLog(LOG, Duration.ofSeconds(10));

    Dispatcher(Journal journal, int telemetrySize, int telemetryBatch, Supplier<Subscription[]> subscriptions) {
        this.journal = journal;
        this.telemetryBatch = telemetryBatch;
        this.subscriptions = subscriptions;
        this.telemetry = new EventRing<>(telemetrySize, signal);
        this.thread = new Thread(this::run, "yakata-bus-dispatcher");
        this.thread.setDaemon(true);
        signal.owner(thread);
    }

    void start(CamelContext context, String telemetryUri) throws Exception {
        telemetryEndpoint = context.getEndpoint(telemetryUri);
        telemetryProducer = telemetryEndpoint.createProducer();
        ServiceHelper.startService(telemetryProducer);
        thread.start();
    }

    /** Telemetry: into the ring if there is room now, else shed and counted. Never blocks. */
    boolean publishTelemetry(Event event) {
        if (telemetry.offerQuietly(event)) {
            telemetryAccepted.increment();
            // While telemetry flows the dispatcher naps 1 ms at most, so waking it for every event (a system call
            // each time it has just emptied the ring) buys nothing: wake it once per WAKE_EVERY events, or at once
            // when it has gone to a long sleep.
            if (sleepy || !lingering && (telemetryOffers++ & (WAKE_EVERY - 1)) == 0) {
                telemetry.wake();
            }
            return true;
        }
        telemetryDropped.increment();
        // A publisher that outruns the lane gives up its CPU once: it returns at once all the same, but a flood
        // thread no longer holds a core that the dispatcher or a woken control listener needs (on two cores the
        // scheduler would otherwise let it finish its slice, milliseconds).
        Thread.yield();
        return false;
    }

    /**
     * Control: numbered, journaled, then offered straight into the queue of every listener that wants it, all
     * under one lock, so every listener sees control in the journal's order whichever thread published. A listener
     * whose queue is full takes this event and the ones after it from the journal (the dispatcher reads them for
     * it as it makes room). Never waits for a listener: the lock covers an append (which takes the journal's own
     * lock anyway) and one non-blocking offer per listener; the wake-ups (a system call each) come after it.
     *
     * @return false only when the journal failed (the event is then still delivered live where there is room)
     */
    boolean publishControl(Event event) {
        Subscription[] subs;
        Event numbered;
        boolean journaled;
        synchronized (controlLock) {
            // inside the lock: a listener subscribing now gets a suffix of the journal's order, never a gap in it
            subs = subscriptions.get();
            numbered = event.sequence() != 0 ? event : event.withSequence(nextSequence(event.source()));
            long position = 0;
            IOException diskFailure = null;
            RuntimeException failure = null;
            try {
                position = journal.append(numbered);
            } catch (IOException e) {
                diskFailure = e;
            } catch (RuntimeException e) {
                failure = e;
            }
            journaled = position != 0;
            if (journaled) {
                lastAppended = position;
            } else {
                controlUnjournaled.increment();
            }
            controlAccepted.increment();
            String type = numbered.type();
            boolean late = false;
            boolean lost = false;
            for (Subscription s : subs) {
                if (s.wants(type) && !s.deliverControl(numbered, position)) {
                    if (journaled) {
                        late = true;
                    } else {
                        lost = true;
                    }
                }
            }
            controlDelivered.increment();
            if (late) {
                controlOverflowed.increment();
            }
            if (!journaled) {
                if (lost) {
                    controlDropped.increment();
                }
                Exception e = diskFailure != null ? diskFailure : failure;
                long suppressed = rateLimited.permit("journal-append");
                if (suppressed >= 0) {
                    LOG.error("The journal could not append {} event {} from {}: {}. It is {} without a record;"
                            + " check the journal's disk ({} earlier failures not logged)", numbered.type(),
                            numbered.id(), numbered.source(), e.getMessage(),
                            lost ? "lost for a listener that is behind" : "delivered live", suppressed);
                }
            }
        }
        // After the lock: wake each listener that got the event (a parked one costs a system call; a busy one
        // nothing). Waking one that is behind does no harm.
        String type = numbered.type();
        for (Subscription s : subs) {
            if (s.wants(type)) {
                s.wake();
            }
        }
        return journaled;
    }

    /** A listener that is behind has room again (or has just gone behind): read the journal for it. */
    void requestCatchUp() {
        catchUpWanted = true;
        signal.wake();
    }

    private long nextSequence(String source) {
        long[] next = sequences.computeIfAbsent(source, s -> new long[1]);
        return ++next[0];
    }

    private void run() {
        List<Event> batch = new ArrayList<>(telemetryBatch);
        while (running) {
            CountDownLatch g = gate;
            if (g != null) {
                try {
                    // timed, never interrupted: an interrupt would close the journal's FileChannel mid-read
                    if (!g.await(50, TimeUnit.MILLISECONDS)) {
                        continue;
                    }
                } catch (InterruptedException e) {
                    break;
                }
            }
            int work = 0;
            int c;
            // control first: the journal, for every listener that is behind and has room, until none has
            while ((c = catchUp()) > 0) {
                work += c;
            }
            // then one telemetry batch at most; the next cycle looks at control again
            if (linger()) {
                continue;
            }
            int t = telemetry.drain(batch::add, telemetryBatch);
            if (t > 0) {
                lastTelemetrySend = System.nanoTime();
                send(telemetryEndpoint, telemetryProducer, batch, telemetryDelivered, telemetryFailed, "telemetry");
                work += t;
                // While a flood keeps this thread busy, a control listener its publisher has just woken may wait
                // for a CPU behind it and the flood, a scheduler slice of milliseconds on two vCPUs. Yielding once
                // per batch (one system call per 256 events) lets a woken listener run at once: measured, unpaced
                // p99 through the core 2.2-3.3 ms without it, 0.95 ms with it (BENCHMARKS.md).
                Thread.yield();
            }
            if (work == 0) {
                if (naps < NAPS_BEFORE_SLEEP) {
                    naps++;
                    signal.await(this::hasWork, NAP_NANOS);
                } else {
                    // sleepy before the last look at the rings (inside await): a publisher either sees it and
                    // wakes this thread, or its event is seen here
                    sleepy = true;
                    signal.await(this::hasWork, IDLE_PARK_NANOS);
                }
            } else {
                naps = 0;
                if (sleepy) {
                    sleepy = false;
                }
            }
        }
    }

    /**
     * Waits (unless catch-up is asked for) while telemetry holds less than a batch and the last batch went out less
     * than {@link #LINGER_NANOS} ago; at a trickle the wait never starts.
     *
     * @return whether it waited: then the caller starts the cycle again, control first
     */
    private boolean linger() {
        if (telemetry.isEmpty() || telemetry.size() >= telemetryBatch) {
            return false;
        }
        long left = LINGER_NANOS - (System.nanoTime() - lastTelemetrySend);
        if (left <= 0) {
            return false;
        }
        lingering = true;
        signal.await(this::hasCatchUpOrFullBatch, left);
        lingering = false;
        return true;
    }

    private boolean hasCatchUpOrFullBatch() {
        return !running || catchUpWanted || telemetry.size() >= telemetryBatch;
    }

    private boolean hasWork() {
        return !running || catchUpWanted || !telemetry.isEmpty();
    }

    /**
     * One round of catch-up: for each listener that is behind, as many of its control events from the journal as
     * its queue has room for (up to {@link #CATCH_UP_BATCH}). Only this thread offers into a queue that is behind
     * (publishers leave it to the journal, and telemetry is offered by this thread too), so the room it sees is
     * there when it offers.
     *
     * @return journal records read (0: nothing more to do until a listener makes room or goes behind)
     */
    private int catchUp() {
        if (!catchUpWanted) {
            return 0;
        }
        // cleared before looking: a listener that makes room after this look asks again
        catchUpWanted = false;
        int read = 0;
        for (Subscription s : subscriptions.get()) {
            if (s.isBehind() && s.isRunning()) {
                read += catchUp(s);
            }
        }
        if (read > 0) {
            catchUpWanted = true;
        }
        return read;
    }

    private int catchUp(Subscription s) {
        int room = s.room();
        if (room == 0) {
            return 0; // its worker asks again once it has taken something
        }
        if (s.catchUp == null) {
            s.catchUp = journal.transientCursor(s.caughtUpTo());
        }
        JournalCursor cursor = s.catchUp;
        int max = Math.min(room, CATCH_UP_BATCH);
        long lostBefore = cursor.lost();
        List<JournalEntry> entries;
        try {
            entries = cursor.poll(max, 0);
        } catch (IOException e) {
            long suppressed = rateLimited.permit("catch-up-read");
            if (suppressed >= 0) {
                LOG.error("Cannot read the journal after position {} to deliver {}'s control events: {}; retrying"
                        + " ({} earlier failures not logged)", s.caughtUpTo(), s.name(), e.getMessage(), suppressed);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            catchUpWanted = true;
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
            return 0;
        }
        long lost = cursor.lost() - lostBefore;
        if (lost > 0) {
            s.countDropped(lost);
            long suppressed = rateLimited.permit("catch-up-lost");
            if (suppressed >= 0) {
                LOG.error("Listener {} was so far behind that the journal removed {} records it had not had yet"
                        + " (the journal's size limit); they are lost for it, counted in its dropped ({} earlier"
                        + " not logged)", s.name(), lost, suppressed);
            }
        }
        long last = s.caughtUpTo();
        for (JournalEntry entry : entries) {
            Event event = entry.event();
            if (s.wants(event.type()) && !s.offer(event)) {
                // cannot happen while this thread is the queue's only producer; if it does, read it again later
                s.catchUp = null;
                s.caughtUpTo(last);
                catchUpWanted = true;
                s.wake();
                return entries.size();
            }
            last = entry.position();
        }
        s.caughtUpTo(last);
        s.wake();
        if (entries.size() < max) {
            synchronized (controlLock) {
                // under the lock no append can slip in between this check and the switch back to live delivery
                if (last >= lastAppended) {
                    s.caughtUp();
                }
            }
        }
        return entries.size();
    }

    private void send(Endpoint endpoint, Producer producer, List<Event> batch, LongAdder delivered,
            LongAdder failed, String lane) {
        int n = batch.size();
        Exchange exchange = endpoint.createExchange();
        // the canonical routes carry a batch; the fan-out at their end delivers per event
        exchange.getMessage().setBody(List.copyOf(batch));
        batch.clear();
        try {
            producer.process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        }
        Exception failure = exchange.getException();
        if (failure == null) {
            delivered.add(n);
            return;
        }
        failed.add(n);
        long suppressed = rateLimited.permit("route-failed");
        if (suppressed >= 0) {
            LOG.warn("The {} lane route failed on a batch of {} events ({} earlier failures not logged)", lane, n,
                    suppressed, failure);
        }
    }

    /** Test hook: the dispatcher holds before each cycle until the latch opens. {@code null} removes it. */
    void gate(CountDownLatch latch) {
        gate = latch;
        signal.wake();
    }

    /** Stops the thread; the telemetry still queued is discarded (control is in the journal). */
    void stop() {
        running = false;
        gate = null;
        java.util.concurrent.locks.LockSupport.unpark(thread);
        try {
            thread.join(STOP_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("The bus dispatcher did not return within {} ms after being stopped", STOP_WAIT_MILLIS);
        } else {
            telemetryDropped.add(telemetry.clear());
        }
        ServiceHelper.stopService(telemetryProducer);
    }

    LaneStatistics controlStatistics() {
        // no queue of its own: each listener's queue holds its control events, the journal the rest
        return new LaneStatistics("lane:control", 0, 0, controlAccepted.sum(), controlDelivered.sum(),
                controlDropped.sum(), 0, controlOverflowed.sum(), controlUnjournaled.sum());
    }

    LaneStatistics telemetryStatistics() {
        return LaneStatistics.of("lane:telemetry", telemetry.capacity(), telemetry.size(), telemetryAccepted.sum(),
                telemetryDelivered.sum(), telemetryDropped.sum(), telemetryFailed.sum());
    }
}
