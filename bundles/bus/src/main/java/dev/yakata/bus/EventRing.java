package dev.yakata.bus;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A bounded queue for many producers and one consumer, without a lock: a producer claims a slot by a CAS on the
 * tail and writes it; the one consumer reads slots in order. Unlike an {@code ArrayBlockingQueue}, producer and
 * consumer never share a lock, so a publisher never parks behind the thread that drains it, and a full ring
 * answers {@code false} at once. A consumer with nothing to do parks on its {@link Signal}, which the producers
 * unpark only when it says it is parked, so a busy pipeline makes no system call per event.
 */
final class EventRing<T> {

    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Object[].class);

    private final int capacity;
    private final int mask;
    private final Object[] slots;
    private final AtomicLong tail = new AtomicLong();
    /** Advanced by the consumer only, with a release store (no fence per element). */
    private final AtomicLong head = new AtomicLong();
    private final Signal signal;

    EventRing(int capacity, Signal signal) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        this.capacity = capacity;
        int size = Integer.highestOneBit(Math.max(2, capacity - 1)) << 1;
        this.mask = size - 1;
        this.slots = new Object[size];
        this.signal = signal;
    }

    int capacity() {
        return capacity;
    }

    /** Queues the element if there is room now and wakes the consumer; never blocks. Any thread. */
    boolean offer(T element) {
        if (offerQuietly(element)) {
            signal.wake();
            return true;
        }
        return false;
    }

    /**
     * Queues the element without waking the consumer: the caller wakes it later (the fan-out once per batch, a
     * telemetry publisher once per {@code 64} events), which spares a system call per event when the consumer keeps
     * emptying the ring and parking.
     */
    boolean offerQuietly(T element) {
        long t;
        do {
            t = tail.get();
            if (t - head.get() >= capacity) {
                return false;
            }
        } while (!tail.compareAndSet(t, t + 1));
        SLOTS.setRelease(slots, (int) t & mask, element);
        return true;
    }

    /** Wakes the consumer if it is parked. */
    void wake() {
        signal.wake();
    }

    /**
     * Hands up to {@code max} elements to {@code sink} in order, on the consumer thread only.
     *
     * @return how many
     */
    @SuppressWarnings("unchecked")
    int drain(Consumer<? super T> sink, int max) {
        long h = head.get();
        long t = tail.get();
        int n = 0;
        while (n < max && h != t) {
            int i = (int) h & mask;
            Object e = SLOTS.getAcquire(slots, i);
            while (e == null) {
                // claimed by a producer that has not written it yet: a matter of nanoseconds
                Thread.onSpinWait();
                e = SLOTS.getAcquire(slots, i);
            }
            SLOTS.setRelease(slots, i, null);
            h++;
            head.lazySet(h);
            n++;
            sink.accept((T) e);
        }
        return n;
    }

    boolean isEmpty() {
        return head.get() == tail.get();
    }

    int size() {
        return (int) Math.max(0, Math.min(capacity, tail.get() - head.get()));
    }

    /** Discards what is queued (consumer thread, or once the consumer has stopped); returns how many. */
    int clear() {
        int[] n = {0};
        drain(e -> n[0]++, Integer.MAX_VALUE);
        return n[0];
    }

    /**
     * Where a consumer thread sleeps when its rings are empty. The consumer sets {@code parked}, checks its rings
     * once more and only then parks; a producer reads {@code parked} after its CAS on the tail (both volatile), so
     * either the consumer sees the new element or the producer sees it parked and unparks it.
     */
    static final class Signal {
        private volatile Thread owner;
        private volatile boolean parked;

        void owner(Thread thread) {
            owner = thread;
        }

        void wake() {
            if (parked) {
                parked = false;
                Thread t = owner;
                if (t != null) {
                    java.util.concurrent.locks.LockSupport.unpark(t);
                }
            }
        }

        /** Consumer thread: parks up to {@code nanos} unless {@code ready} says there is work already. */
        void await(java.util.function.BooleanSupplier ready, long nanos) {
            // a short spin first: a publisher a few microseconds behind costs no system call on either side
            for (int i = 0; i < 64; i++) {
                if (ready.getAsBoolean()) {
                    return;
                }
                Thread.onSpinWait();
            }
            parked = true;
            if (!ready.getAsBoolean()) {
                java.util.concurrent.locks.LockSupport.parkNanos(this, nanos);
            }
            parked = false;
        }
    }
}
