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
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Producer;
import org.apache.camel.support.service.ServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Both lanes and the one thread that drains them ({@code yakata-bus-dispatcher}). See the top of
 * {@link YakataEventBus} for the design; in short: every cycle delivers all the control there is first (from memory,
 * or from the journal after a burst), then at most one telemetry batch, so control never waits behind more than
 * one telemetry batch, whatever the telemetry load.
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
    /** Control events per exchange, from memory or the journal; the cycle goes on until control is empty. */
    static final int CONTROL_BATCH = 256;

    private final Journal journal;
    private final int telemetryBatch;
    private final EventRing.Signal signal = new EventRing.Signal();
    private final EventRing<Event> control;
    private final EventRing<Event> telemetry;
    private final Thread thread;

    // ---- control path, publisher side: everything under controlLock --------------------------------------
    private final Object controlLock = new Object();
    /** Next sequence number per source; under controlLock. */
    private final Map<String, long[]> sequences = new HashMap<>();
    /** Set when a journaled event found the ring full: from then on control goes to the journal only, until caught up. */
    private volatile boolean overflow;
    /** The first position that is in the journal but not in the ring; valid while {@code overflow}. */
    private volatile long overflowFrom;
    /** The position of the bus's last append; written under controlLock. */
    private volatile long lastAppended;

    // ---- dispatcher thread only --------------------------------------------------------------------------
    private JournalCursor catchUp;
    private long lastCaughtUp;
    private Endpoint controlEndpoint;
    private Producer controlProducer;
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
    private final LongAdder controlFailed = new LongAdder();
    private final LongAdder controlOverflowed = new LongAdder();
    private final LongAdder controlUnjournaled = new LongAdder();
    private final LongAdder telemetryAccepted = new LongAdder();
    private final LongAdder telemetryDelivered = new LongAdder();
    private final LongAdder telemetryDropped = new LongAdder();
    private final LongAdder telemetryFailed = new LongAdder();
    /** Keys: journal-append, control-overflow, route-failed (the catch-up read and the lane routes share one). */
    private final RateLimitedLog rateLimited = new RateLimitedLog(LOG, Duration.ofSeconds(10));

    Dispatcher(Journal journal, int controlSize, int telemetrySize, int telemetryBatch) {
        this.journal = journal;
        this.telemetryBatch = telemetryBatch;
        this.control = new EventRing<>(controlSize, signal);
        this.telemetry = new EventRing<>(telemetrySize, signal);
        this.thread = new Thread(this::run, "yakata-bus-dispatcher");
        this.thread.setDaemon(true);
        signal.owner(thread);
    }

    void start(CamelContext context, String controlUri, String telemetryUri) throws Exception {
        controlEndpoint = context.getEndpoint(controlUri);
        controlProducer = controlEndpoint.createProducer();
        ServiceHelper.startService(controlProducer);
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
     * Control: numbered, journaled, then queued in memory unless the ring is full (or still catching up), in which
     * case the dispatcher delivers it from the journal. Never waits for the dispatcher or a listener; the lock only
     * orders the journal's positions with the ring, and the journal takes one of its own for an append anyway.
     *
     * @return false only when the journal failed (the event is then still delivered live if the ring has room)
     */
    boolean publishControl(Event event) {
        synchronized (controlLock) {
            Event numbered = event.sequence() != 0 ? event : event.withSequence(nextSequence(event.source()));
            long position;
            try {
                position = journal.append(numbered);
            } catch (IOException | RuntimeException e) {
                controlUnjournaled.increment();
                boolean live = !overflow && control.offer(numbered);
                (live ? controlAccepted : controlDropped).increment();
                long suppressed = rateLimited.permit("journal-append");
                if (suppressed >= 0) {
                    LOG.error("The journal could not append {} event {} from {}: {}. It is {} without a record;"
                            + " check the journal's disk ({} earlier failures not logged)", numbered.type(),
                            numbered.id(), numbered.source(), e.getMessage(),
                            live ? "delivered live" : "lost (the control lane is full as well)", suppressed);
                }
                return false;
            }
            lastAppended = position;
            controlAccepted.increment();
            if (!overflow) {
                if (control.offer(numbered)) {
                    return true;
                }
                overflowFrom = position;
                overflow = true;
                signal.wake();
                long suppressed = rateLimited.permit("control-overflow");
                if (suppressed >= 0) {
                    LOG.warn("Control lane full ({} events): delivering from the journal from position {} on, in"
                            + " order, until it has caught up ({} earlier bursts not logged)", control.capacity(),
                            position, suppressed);
                }
            }
            controlOverflowed.increment();
            signal.wake();
            return true;
        }
    }

    private long nextSequence(String source) {
        long[] next = sequences.computeIfAbsent(source, s -> new long[1]);
        return ++next[0];
    }

    private void run() {
        List<Event> batch = new ArrayList<>(Math.max(CONTROL_BATCH, telemetryBatch));
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
            // control first, all of it, one batch per exchange
            while ((c = drainControl(batch)) > 0) {
                work += c;
            }
            if (work > 0 && !telemetry.isEmpty()) {
                // The fan-out has just woken the control listeners; on two busy cores the scheduler may let this
                // thread (and a telemetry flood) finish their slices first, which is milliseconds. Yielding hands
                // this CPU to a woken listener at once; it costs one system call per control batch.
                Thread.yield();
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
     * Waits (unless control comes) while telemetry holds less than a batch and the last batch went out less than
     * {@link #LINGER_NANOS} ago; at a trickle the wait never starts.
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
        signal.await(this::hasControlOrFullBatch, left);
        lingering = false;
        return true;
    }

    private boolean hasControlOrFullBatch() {
        return !running || !control.isEmpty() || overflow && catchUp == null || telemetry.size() >= telemetryBatch;
    }

    private boolean hasWork() {
        // while catching up, an append in overflow wakes the dispatcher itself
        return !running || !control.isEmpty() || !telemetry.isEmpty() || overflow && catchUp == null;
    }

    /** One control batch: from the ring, or (once the ring is empty after a burst) from the journal. */
    private int drainControl(List<Event> batch) {
        if (catchUp == null) {
            int n = control.drain(batch::add, CONTROL_BATCH);
            if (n > 0) {
                send(controlEndpoint, controlProducer, batch, controlDelivered, controlFailed, "control");
                return n;
            }
            if (!overflow) {
                return 0;
            }
            // the ring is empty and everything after overflowFrom is in the journal only
            lastCaughtUp = overflowFrom - 1;
            catchUp = journal.transientCursor(lastCaughtUp);
        }
        List<JournalEntry> entries;
        try {
            entries = catchUp.poll(CONTROL_BATCH, 0);
        } catch (IOException e) {
            long suppressed = rateLimited.permit("route-failed");
            if (suppressed >= 0) {
                LOG.error("Cannot read the journal after position {} to deliver the control events of a burst: {};"
                        + " retrying ({} earlier failures not logged)", lastCaughtUp, e.getMessage(), suppressed);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
            return 0;
        }
        for (JournalEntry entry : entries) {
            batch.add(entry.event());
            lastCaughtUp = entry.position();
        }
        int n = entries.size();
        if (n > 0) {
            send(controlEndpoint, controlProducer, batch, controlDelivered, controlFailed, "control");
        }
        if (n < CONTROL_BATCH) {
            synchronized (controlLock) {
                // under the lock no append can slip in between this check and the switch back to memory
                if (lastCaughtUp >= lastAppended) {
                    overflow = false;
                    catchUp = null;
                    LOG.info("Control lane caught up with the journal at position {}", lastCaughtUp);
                }
            }
        }
        return n;
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

    /** Stops the thread; what is still in the rings is discarded (control is in the journal). */
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
            control.clear();
            telemetryDropped.add(telemetry.clear());
        }
        ServiceHelper.stopService(controlProducer, telemetryProducer);
    }

    LaneStatistics controlStatistics() {
        return new LaneStatistics("lane:control", control.capacity(), control.size(), controlAccepted.sum(),
                controlDelivered.sum(), controlDropped.sum(), controlFailed.sum(), controlOverflowed.sum(),
                controlUnjournaled.sum());
    }

    LaneStatistics telemetryStatistics() {
        return LaneStatistics.of("lane:telemetry", telemetry.capacity(), telemetry.size(), telemetryAccepted.sum(),
                telemetryDelivered.sum(), telemetryDropped.sum(), telemetryFailed.sum());
    }
}
