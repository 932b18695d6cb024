package dev.yakata.adapter.mqtt.bridge;

import dev.yakata.adapter.mqtt.client.BrokerException;
import dev.yakata.adapter.mqtt.outbox.Outbox;
import dev.yakata.adapter.mqtt.outbox.OutboxRecord;
import java.io.IOException;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves outbox records to the broker in order, with up to {@code window} publishes in flight, and acknowledges a
 * record in the outbox only once the broker has it and every record before it. After a reconnect it starts again
 * right after the last acknowledged record: what was in flight may arrive twice (consumers de-duplicate by event
 * id), never out of order and never not at all. Runs on one thread of its own.
 */
final class OutboxPublisher implements Runnable {

    /** Sends one message; the stage completes when the broker has it (QoS 1) or it is written (QoS 0). */
    interface Sender {
        CompletableFuture<Void> publish(String topic, byte[] payload, int qos, boolean retain);

        /** How many publishes the broker takes unacknowledged at once. */
        int receiveMaximum();
    }

    private static final Logger LOG = LoggerFactory.getLogger(OutboxPublisher.class);
    private static final int BATCH = 256;

    private final Outbox outbox;
    private final Sender sender;
    private final int qos;
    private final int maxWindow;
    /** Publishes (not records: a point change is two) allowed in flight in this session. */
    private int window;
    private final Object lock = new Object();
    // guarded by lock
    private boolean connected;
    private int generation;
    private long next = 1;
    private long acked;
    private int inflight;
    /** After a failed publish, nothing is sent before this time (nanoTime), so a refusing broker is not hammered. */
    private long pausedUntil;
    /** When delivery last moved on (nanoTime): a connection, or the acknowledged point advancing. */
    private long lastProgress = System.nanoTime();
    private static final long STALL_NANOS = 15_000_000_000L;
    private final TreeSet<Long> doneAhead = new TreeSet<>();
    private volatile boolean running = true;
    private volatile boolean idle;
    private final LongAdder published = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private volatile String lastFailure;

    OutboxPublisher(Outbox outbox, Sender sender, int qos, int window) {
        this.outbox = outbox;
        this.sender = sender;
        this.qos = qos;
        this.maxWindow = window;
        this.window = window;
        this.acked = outbox.acknowledged();
        this.next = acked + 1;
    }

    /** The session is up: resend everything after the last acknowledged record. */
    void connected() {
        synchronized (lock) {
            generation++;
            connected = true;
            lastProgress = System.nanoTime();
            window = Math.max(2, Math.min(maxWindow, sender.receiveMaximum()));
            acked = outbox.acknowledged();
            next = acked + 1;
            inflight = 0;
            doneAhead.clear();
            lock.notifyAll();
        }
    }

    /** The session is down: forget what is in flight; it is resent after the next {@link #connected()}. */
    void disconnected() {
        synchronized (lock) {
            generation++;
            connected = false;
            inflight = 0;
            doneAhead.clear();
        }
    }

    /** A record was appended; wakes the publisher if it waits for one. Cheap enough to call per event. */
    void appended() {
        if (idle) {
            synchronized (lock) {
                lock.notifyAll();
            }
        }
    }

    void stop() {
        running = false;
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    @Override
    public void run() {
        while (running) {
            try {
                deliverOnce();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException | Error e) {
                // The thread must outlive anything unforeseen, and say what it was.
                LOG.error("MQTT bridge: the publisher hit an unexpected failure; resending from the acknowledged point", e);
                synchronized (lock) {
                    generation++;
                    next = acked + 1;
                    inflight = 0;
                    doneAhead.clear();
                }
                pause(1000);
            }
        }
    }

    /** Waits until there is room and something to send, then sends one batch. */
    private void deliverOnce() throws InterruptedException {
        long from;
        int room;
        int gen;
        synchronized (lock) {
            restartIfStalled(); // also when the loop keeps going without sending
            while (running && (!connected || inflight + 2 > window || next > outbox.lastSequence()
                    || System.nanoTime() - pausedUntil < 0)) {
                restartIfStalled();
                idle = true;
                try {
                    lock.wait(100);
                } finally {
                    idle = false;
                }
            }
            if (!running) {
                return;
            }
            from = next;
            room = window - inflight;
            gen = generation;
        }
        List<OutboxRecord> records;
        try {
            records = outbox.read(from, Math.min(Math.max(1, room / 2), BATCH));
        } catch (IOException | RuntimeException e) {
            failed("cannot read the outbox: " + e.getMessage());
            pause(1000);
            return;
        }
        for (OutboxRecord record : records) {
            if (!send(record, gen)) {
                break;
            }
        }
    }

    /**
     * A connected session with records waiting whose acknowledged point has not moved for 15 s has lost track of
     * what is in flight (a publish whose completion never came): say so with the state, and resend from the
     * acknowledged point, as after a reconnect. Called under the lock.
     */
    private void restartIfStalled() {
        if (connected && acked < outbox.lastSequence() && System.nanoTime() - lastProgress > STALL_NANOS) {
            LOG.warn("MQTT bridge: no delivery for 15 s with {} records waiting (next {}, acknowledged {}, in flight {} of {}); "
                    + "resending from the acknowledged point", outbox.lastSequence() - acked, next, acked, inflight, window);
            generation++;
            next = acked + 1;
            inflight = 0;
            doneAhead.clear();
            lastProgress = System.nanoTime();
        }
    }

    /** Sends one record; false when sending must stop here (nothing after it may overtake it). */
    private boolean send(OutboxRecord record, int gen) {
        BridgeRecord message;
        try {
            message = BridgeRecord.decode(record.payload());
        } catch (IllegalArgumentException e) {
            LOG.error("Outbox record {} is not a bridge record ({}); skipping it", record.sequence(), e.getMessage());
            message = null;
        }
        int messages = message == null ? 0 : message.pointTopic() == null ? 1 : 2;
        synchronized (lock) {
            if (gen == generation && record.sequence() > next && next > acked) {
                // The outbox skipped records it could not read (it logged them): count them as done, or the
                // acknowledged point could never pass them.
                LOG.warn("MQTT bridge: outbox records {} to {} could not be read and are skipped", next, record.sequence() - 1);
                for (long s = next; s < record.sequence(); s++) {
                    doneAhead.add(s);
                }
                next = record.sequence();
            }
            if (gen != generation || record.sequence() != next || inflight + messages > window) {
                return false; // reconnected meanwhile, or no room: the loop starts again from next
            }
            next++;
            inflight += messages;
        }
        if (message == null) {
            completed(record.sequence(), gen, 0, null);
            return true;
        }
        CompletableFuture<Void> sent = sender.publish(message.eventTopic(), message.payload(), qos, false);
        if (message.pointTopic() != null) {
            sent = sent.thenCombine(sender.publish(message.pointTopic(), message.payload(), qos, true), (a, b) -> null);
        }
        if (sent.isCompletedExceptionally() && tooManyInFlight(sent)) {
            // Refused before it left: nothing after it was sent, so wait for room and send it again.
            synchronized (lock) {
                if (gen == generation) {
                    next = record.sequence();
                    inflight -= messages;
                }
            }
            pause(5);
            return false;
        }
        sent.whenComplete((ok, failure) -> completed(record.sequence(), gen, messages, failure));
        return true;
    }

    private static boolean tooManyInFlight(CompletableFuture<Void> sent) {
        try {
            sent.getNow(null);
            return false;
        } catch (java.util.concurrent.CompletionException e) {
            return e.getCause() instanceof BrokerException b && b.reasonCode() == MqttClientException.REASON_CODE_MAX_INFLIGHT;
        }
    }

    private void completed(long sequence, int gen, int messages, Throwable failure) {
        synchronized (lock) {
            if (gen != generation) {
                return; // a session that is gone; its records are resent
            }
            inflight -= messages;
            if (failure != null) {
                // Later records may already be out; resend from the first unacknowledged one, after a pause.
                generation++;
                pausedUntil = System.nanoTime() + 1_000_000_000L;
                next = acked + 1;
                inflight = 0;
                doneAhead.clear();
            } else {
                published.increment();
                doneAhead.add(sequence);
                long before = acked;
                while (!doneAhead.isEmpty() && doneAhead.first() == acked + 1) {
                    acked = doneAhead.pollFirst();
                }
                if (acked != before) {
                    outbox.acknowledge(acked); // under the lock, so the outbox sees acknowledgements in order
                    lastProgress = System.nanoTime();
                }
            }
            lock.notifyAll();
        }
        if (failure != null) {
            failed(failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                    ? failure.getCause().getMessage() : failure.getMessage());
        }
    }

    private void failed(String reason) {
        failures.increment();
        if (!reason.equals(lastFailure)) {
            LOG.warn("MQTT bridge: publishing failed ({}); resending from the first record the broker does not have", reason);
        }
        lastFailure = reason;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    long published() {
        return published.sum();
    }

    long failures() {
        return failures.sum();
    }

    String lastFailure() {
        return lastFailure;
    }
}
