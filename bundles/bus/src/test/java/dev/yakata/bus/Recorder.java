package dev.yakata.bus;

import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventListener;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A listener that records what it receives and when (System.nanoTime). */
final class Recorder implements EventListener {

    record Received(Event event, long atNanos, String thread) {
    }

    final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

    @Override
    public void onEvent(Event event) {
        received.add(new Received(event, System.nanoTime(), Thread.currentThread().getName()));
    }

    Received next(long timeoutMillis) throws InterruptedException {
        return received.poll(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    /** The next event of the given type, skipping others; null on timeout. */
    Event nextOfType(String type, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            Received r = received.poll(left, TimeUnit.NANOSECONDS);
            if (r == null) {
                return null;
            }
            if (r.event().type().equals(type)) {
                return r.event();
            }
        }
    }
}
