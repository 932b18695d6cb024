package dev.yakata.mqtt.bridge;

import dev.yakata.api.event.Event;
import dev.yakata.eventjson.EventJson;
import dev.yakata.journal.api.JournalCursor;
import dev.yakata.journal.api.JournalEntry;
import dev.yakata.mqtt.client.BrokerException;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves the bridge's cursor of the journal to the broker in order, with up to {@code window} publishes in flight,
 * and commits a position only once the broker has acknowledged it and every record before it. After a reconnect or
 * a failed publish it rewinds to the last committed position: what was in flight may arrive twice (consumers
 * de-duplicate by event id), never out of order and never not at all. The cursor is used from this publisher's
 * thread only, as the journal asks; the client's callbacks only record what the broker acknowledged.
 */
final class JournalPublisher implements Runnable {

    /** Sends one message; the stage completes when the broker has it (QoS 1) or it is written (QoS 0). */
    interface Sender {
        CompletableFuture<Void> publish(String topic, byte[] payload, int qos, boolean retain);

        /** How many publishes the broker takes unacknowledged at once. */
        int receiveMaximum();
    }

    /** The topic an event goes to. */
    interface Topics {
        String eventTopic(Event event);
    }

    private static final Logger LOG = LoggerFactory.getLogger(JournalPublisher.class);
    private static final int BATCH = 256;
    private static final long STALL_NANOS = 15_000_000_000L;

    private final JournalCursor cursor;
    private final Sender sender;
    private final Topics topics;
    private final Predicate<Event> wanted;
    private final int qos;
    private final int maxWindow;
    /** Read from the cursor, not yet sent (the window was full). Publisher thread only. */
    private final ArrayDeque<JournalEntry> backlog = new ArrayDeque<>();

    private final Object lock = new Object();
    // guarded by lock
    private int window;
    private boolean connected;
    private int generation;
    private boolean rewind = true;
    private int inflight;
    /** Positions read but not yet acknowledged by the broker (sent, or waiting in the backlog). */
    private final TreeSet<Long> outstanding = new TreeSet<>();
    /** The last position read from the cursor. */
    private long lastRead;
    /** After a failed publish, nothing is sent before this time (nanoTime), so a refusing broker is not hammered. */
    private long pausedUntil;
    /** When delivery last moved on (nanoTime): a connection, or an acknowledgement. */
    private long lastProgress = System.nanoTime();

    private volatile boolean running = true;
    private final LongAdder published = new LongAdder();
    private final LongAdder skipped = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private volatile String lastFailure;

    JournalPublisher(JournalCursor cursor, Sender sender, Topics topics, Predicate<Event> wanted, int qos, int window) {
        this.cursor = cursor;
        this.sender = sender;
        this.topics = topics;
        this.wanted = wanted;
        this.qos = qos;
        this.maxWindow = window;
        this.window = window;
        this.lastRead = cursor.committed();
    }

    /** The session is up: resend everything after the last committed position. */
    void connected() {
        synchronized (lock) {
            generation++;
            connected = true;
            rewind = true;
            lastProgress = System.nanoTime();
            window = Math.max(1, Math.min(maxWindow, sender.receiveMaximum()));
            inflight = 0;
            lock.notifyAll();
        }
    }

    /**
     * The session is down: what is in flight is resent after the next {@link #connected()}. Publishes in flight count
     * as failed here, since their own failures, arriving after this, belong to a session that is gone (a broker that
     * refuses a publish by dropping the connection, as Mosquitto 2.0 does, is seen either way, whichever comes first).
     */
    void disconnected() {
        int lost;
        synchronized (lock) {
            generation++;
            connected = false;
            rewind = true;
            lost = inflight;
            inflight = 0;
        }
        if (lost > 0) {
            failed("the session dropped with " + lost + " publish(es) unacknowledged", lost);
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
            } catch (IOException | RuntimeException | Error e) {
                // The thread must outlive anything unforeseen, and say what it was.
                failed("the journal or the client failed: " + e);
                LOG.error("MQTT bridge: the publisher hit a failure; resending from the last committed position", e);
                synchronized (lock) {
                    generation++;
                    rewind = true;
                    inflight = 0;
                }
                pause(1000);
            }
        }
        commitProgress();
    }

    /** Waits until connected with room, then sends what the backlog or one poll of the cursor holds. */
    private void deliverOnce() throws InterruptedException, IOException {
        int gen;
        int room;
        synchronized (lock) {
            restartIfStalled();
            while (running && (!connected || inflight >= window || System.nanoTime() - pausedUntil < 0)) {
                lock.wait(100);
                restartIfStalled();
            }
            if (!running) {
                return;
            }
            if (rewind) {
                // Commit what the broker has before going back, so the rewind resends only the rest.
                commitUnderLock();
                cursor.rewind();
                backlog.clear();
                outstanding.clear();
                lastRead = cursor.committed();
                rewind = false;
            }
            gen = generation;
            room = window - inflight;
        }
        if (backlog.isEmpty()) {
            List<JournalEntry> entries = cursor.poll(Math.min(room, BATCH), 100);
            synchronized (lock) {
                if (gen != generation) {
                    return; // reconnected while polling: the next round rewinds
                }
                for (JournalEntry entry : entries) {
                    outstanding.add(entry.position());
                    lastRead = entry.position();
                }
            }
            backlog.addAll(entries);
        }
        while (!backlog.isEmpty()) {
            JournalEntry entry = backlog.peekFirst();
            Event event = entry.event();
            if (!wanted.test(event)) {
                backlog.pollFirst();
                skipped.increment();
                acknowledged(entry.position(), gen, 0, null);
                continue;
            }
            synchronized (lock) {
                if (gen != generation || inflight >= window) {
                    break;
                }
                inflight++;
            }
            backlog.pollFirst();
            CompletableFuture<Void> sent = sender.publish(topics.eventTopic(event), EventJson.toJson(event), qos, false);
            if (sent.isCompletedExceptionally() && tooManyInFlight(sent)) {
                // Refused before it left: nothing after it was sent, so wait for room and send it again.
                synchronized (lock) {
                    if (gen == generation) {
                        inflight--;
                    }
                }
                backlog.addFirst(entry);
                pause(5);
                break;
            }
            long position = entry.position();
            sent.whenComplete((ok, failure) -> acknowledged(position, gen, 1, failure));
        }
        commitProgress();
    }

    /**
     * A connected session with records outstanding that has not moved for 15 s has lost track of what is in flight
     * (a publish whose completion never came): say so, and resend from the last committed position. Under the lock.
     */
    private void restartIfStalled() {
        if (connected && !outstanding.isEmpty() && System.nanoTime() - lastProgress > STALL_NANOS) {
            LOG.warn("MQTT bridge: no acknowledgement for 15 s with {} records outstanding (committed {}, in flight {} of {}); "
                    + "resending from the last committed position", outstanding.size(), cursor.committed(), inflight, window);
            generation++;
            rewind = true;
            inflight = 0;
            lastProgress = System.nanoTime();
        }
    }

    private static boolean tooManyInFlight(CompletableFuture<Void> sent) {
        try {
            sent.getNow(null);
            return false;
        } catch (CompletionException e) {
            return e.getCause() instanceof BrokerException b && b.reasonCode() == MqttClientException.REASON_CODE_MAX_INFLIGHT;
        }
    }

    /** The broker has a record (or refused it); called on the client's threads, or here for a skipped record. */
    private void acknowledged(long position, int gen, int messages, Throwable failure) {
        synchronized (lock) {
            if (gen != generation) {
                return; // a session that is gone; its records are resent
            }
            inflight -= messages;
            if (failure != null) {
                // Later records may already be out; resend from the first unacknowledged one, after a pause.
                generation++;
                rewind = true;
                inflight = 0;
                pausedUntil = System.nanoTime() + 1_000_000_000L;
            } else {
                if (messages > 0) {
                    published.increment();
                }
                outstanding.remove(position);
                lastProgress = System.nanoTime();
            }
            lock.notifyAll();
        }
        if (failure != null) {
            failed(failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause().getMessage() : failure.getMessage());
        }
    }

    /** Commits every position the broker has, with all before it. Publisher thread only. */
    private void commitProgress() {
        synchronized (lock) {
            commitUnderLock();
        }
    }

    private void commitUnderLock() {
        long done = outstanding.isEmpty() ? lastRead : outstanding.first() - 1;
        if (done > cursor.committed()) {
            cursor.commit(done);
        }
    }

    private void failed(String reason) {
        failed(reason, 1);
    }

    private void failed(String reason, int publishes) {
        failures.add(publishes);
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

    long skipped() {
        return skipped.sum();
    }

    long failures() {
        return failures.sum();
    }

    String lastFailure() {
        return lastFailure;
    }
}
