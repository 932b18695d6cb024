package dev.yakata.console.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.servlet.AsyncContext;
import javax.servlet.ServletOutputStream;
import javax.servlet.WriteListener;

/**
 * One live-event stream: what it is waiting to write, and the non-blocking writer that sends it. Memory is bounded:
 * at most {@code maxControl} control events (never dropped one by one) and one pending value per point (a newer value
 * replaces the one not yet sent, up to {@code maxPoints} points). When either bound is reached the client is too slow:
 * everything pending is discarded and the next write tells it to {@code resync} (re-read over REST), so nothing is
 * lost silently. Writes go out at most every {@code flushMillis}, one write per burst, never blocking a thread: a
 * client that does not read keeps its bytes in its own buffers, not in a thread.
 */
final class StreamClient implements WriteListener {

    /** One event as it goes on the wire, with its stream sequence; {@code pointKey} is set for point values only. */
    record Frame(long seq, byte[] bytes, String pointKey) {
    }

    private static final byte[] HEARTBEAT = ": heartbeat\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_WRITE_BYTES = 64 * 1024;

    final long number;
    final String sessionId;
    final String user;
    final StreamFilter filter;
    private final StreamHub hub;
    private final AsyncContext async;
    private final ServletOutputStream out;
    private final ScheduledExecutorService writer;
    private final int maxControl;
    private final int maxPoints;
    private final long flushMillis;

    // guarded by this
    private final ArrayDeque<Frame> control = new ArrayDeque<>();
    private final LinkedHashMap<String, Frame> points = new LinkedHashMap<>();
    private final ArrayDeque<byte[]> notices = new ArrayDeque<>();
    private boolean scheduled;
    /** The container took the write listener (its first onWritePossible): only then are writes non-blocking. */
    private boolean listening;
    private boolean flushNeeded;
    private boolean closing;
    private boolean closed;
    private long notReadySinceNanos;
    private long lastWriteNanos = System.nanoTime();
    private long delivered;
    private long coalesced;
    private long resyncs;

    StreamClient(long number, String sessionId, String user, StreamFilter filter, StreamHub hub, AsyncContext async,
            ServletOutputStream out, ScheduledExecutorService writer, int maxControl, int maxPoints, long flushMillis) {
        this.number = number;
        this.sessionId = sessionId;
        this.user = user;
        this.filter = filter;
        this.hub = hub;
        this.async = async;
        this.out = out;
        this.writer = writer;
        this.maxControl = maxControl;
        this.maxPoints = maxPoints;
        this.flushMillis = flushMillis;
    }

    /** Queues one event (called by the hub in stream order); never blocks. */
    synchronized void offer(Frame f) {
        if (closing) {
            return;
        }
        if (f.pointKey != null) {
            if (points.remove(f.pointKey) != null) {
                coalesced++; // the newer value replaces the one not sent yet, and moves to the end (stream order)
            } else if (points.size() >= maxPoints) {
                overflow(f.seq, "more than " + maxPoints + " points waiting");
                return;
            }
            points.put(f.pointKey, f);
        } else {
            if (control.size() >= maxControl) {
                overflow(f.seq, "more than " + maxControl + " events waiting");
                return;
            }
            control.add(f);
        }
        schedule(flushMillis);
    }

    private void overflow(long seq, String why) {
        control.clear();
        points.clear();
        notices.clear();
        resyncs++;
        notices.add(StreamHub.resyncFrame(hub.epoch, seq, "slow-client", "this stream was " + why
                + " (the client reads too slowly); events up to here were not sent: read the current state over REST"));
        schedule(flushMillis);
    }

    /** A frame ahead of the events (ready, resync); sent on the next write. */
    synchronized void notice(byte[] frame) {
        if (!closing) {
            notices.add(frame);
            schedule(0);
        }
    }

    /** Sends a last frame (when it can) and ends the stream. */
    synchronized void close(byte[] lastFrame) {
        if (closing) {
            return;
        }
        control.clear();
        points.clear();
        notices.clear();
        if (lastFrame != null) {
            notices.add(lastFrame);
        }
        closing = true;
        schedule(0);
    }

    /** Heartbeat tick: a comment when nothing was written for a while; true if the stream is stuck and was ended. */
    synchronized boolean tick(long nowNanos, long heartbeatNanos, long stallNanos) {
        if (closed) {
            return false;
        }
        if (notReadySinceNanos != 0 && nowNanos - notReadySinceNanos > stallNanos) {
            finish();
            return true;
        }
        if (nowNanos - lastWriteNanos >= heartbeatNanos && notices.isEmpty()) {
            notices.add(HEARTBEAT);
            schedule(0);
        }
        return false;
    }

    private void schedule(long delayMillis) {
        if (!scheduled && !closed) {
            scheduled = true;
            writer.schedule(this::drain, delayMillis, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void onWritePossible() {
        synchronized (this) {
            listening = true;
        }
        drain();
    }

    @Override
    public void onError(Throwable t) {
        synchronized (this) {
            closing = true;
        }
        finish();
    }

    /** Writes what is pending while the connection takes it; called by the writer thread and by the container. */
    void drain() {
        boolean end = false;
        synchronized (this) {
            scheduled = false;
            if (closed || !listening) {
                return; // before the listener is set a write would block this thread: onWritePossible comes soon
            }
            try {
                while (true) {
                    if (!out.isReady()) {
                        if (notReadySinceNanos == 0) {
                            notReadySinceNanos = System.nanoTime();
                        }
                        return; // the container calls onWritePossible when it can take more
                    }
                    notReadySinceNanos = 0;
                    if (flushNeeded) {
                        flushNeeded = false;
                        out.flush();
                        continue;
                    }
                    byte[] batch = take();
                    if (batch == null) {
                        end = closing;
                        break;
                    }
                    out.write(batch);
                    lastWriteNanos = System.nanoTime();
                    flushNeeded = true;
                }
            } catch (IOException | IllegalStateException e) {
                end = true; // the client went away
            }
        }
        if (end) {
            finish();
        }
    }

    /** Up to MAX_WRITE_BYTES of notices, then control events and point values merged in stream order. */
    private byte[] take() {
        if (notices.isEmpty() && control.isEmpty() && points.isEmpty()) {
            return null;
        }
        ByteArrayOutputStream batch = new ByteArrayOutputStream(4096);
        while (!notices.isEmpty() && batch.size() < MAX_WRITE_BYTES) {
            batch.writeBytes(notices.poll());
        }
        Iterator<Frame> pointsInOrder = points.values().iterator();
        Frame p = pointsInOrder.hasNext() ? pointsInOrder.next() : null;
        while (batch.size() < MAX_WRITE_BYTES && (p != null || !control.isEmpty())) {
            Frame c = control.peek();
            if (c != null && (p == null || c.seq < p.seq)) {
                batch.writeBytes(control.poll().bytes);
            } else {
                batch.writeBytes(p.bytes);
                pointsInOrder.remove();
                p = pointsInOrder.hasNext() ? pointsInOrder.next() : null;
            }
            delivered++;
        }
        return batch.toByteArray(); // more than one write's worth: drain's loop takes the rest
    }

    /** Ends the request and leaves the hub; safe to call more than once. */
    void finish() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            closing = true;
            control.clear();
            points.clear();
            notices.clear();
        }
        hub.remove(this);
        try {
            async.complete();
        } catch (IllegalStateException e) {
            // already completed by the container (the client went away)
        }
    }

    synchronized Map<String, Object> statistics() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("user", user);
        out.put("delivered", delivered);
        out.put("coalesced", coalesced);
        out.put("resyncs", resyncs);
        out.put("pending", control.size() + points.size());
        return out;
    }

    synchronized long resyncCount() {
        return resyncs;
    }

    synchronized long coalescedCount() {
        return coalesced;
    }
}
