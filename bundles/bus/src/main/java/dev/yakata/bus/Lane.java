package dev.yakata.bus;

import dev.yakata.api.event.Event;
import dev.yakata.api.hub.LaneStatistics;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
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
 * One bus lane: a bounded queue, and one thread that feeds each event through the lane's canonical Camel route
 * ({@code direct:} endpoint, so the route runs on this thread).
 */
final class Lane {

    private static final Logger LOG = LoggerFactory.getLogger(Lane.class);

    private final String name;
    private final int capacity;
    private final BlockingQueue<Event> queue;
    private final LongAdder accepted = new LongAdder();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final RateLimitedLog failLog = new RateLimitedLog(10, TimeUnit.SECONDS);
    private final String threadName;
    private volatile boolean running;
    private volatile java.util.concurrent.CountDownLatch gate;
    private Thread thread;
    private Endpoint endpoint;
    private Producer producer;

    Lane(String name, int capacity, String threadName) {
        this.name = name;
        this.capacity = capacity;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.threadName = threadName;
    }

    /** Non-blocking offer; counts a drop when full. */
    boolean offer(Event event) {
        if (queue.offer(event)) {
            accepted.increment();
            return true;
        }
        dropped.increment();
        return false;
    }

    /** Waits up to the timeout for room; counts a drop when still full. */
    boolean offer(Event event, long timeoutMillis) throws InterruptedException {
        if (queue.offer(event, timeoutMillis, TimeUnit.MILLISECONDS)) {
            accepted.increment();
            return true;
        }
        dropped.increment();
        return false;
    }

    void start(CamelContext context, String endpointUri) throws Exception {
        endpoint = context.getEndpoint(endpointUri);
        producer = endpoint.createProducer();
        ServiceHelper.startService(producer);
        running = true;
        thread = new Thread(this::drain, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    private void drain() {
        while (running) {
            Event event;
            try {
                event = queue.take();
            } catch (InterruptedException e) {
                break;
            }
            java.util.concurrent.CountDownLatch g = gate;
            if (g != null) {
                try {
                    g.await();
                } catch (InterruptedException e) {
                    break;
                }
            }
            Exchange exchange = endpoint.createExchange();
            exchange.getMessage().setBody(event);
            try {
                producer.process(exchange);
            } catch (Exception e) {
                exchange.setException(e);
            }
            if (exchange.getException() == null) {
                delivered.increment();
            } else {
                failed.increment();
                long suppressed = failLog.permit();
                if (suppressed >= 0) {
                    LOG.error("Bus lane {} failed to route {} event {} ({} earlier failures not logged)", name,
                            event.type(), event.id(), suppressed, exchange.getException());
                }
            }
        }
    }

    /** Test hook: the lane thread holds each event it takes until the latch opens. {@code null} removes it. */
    void gate(java.util.concurrent.CountDownLatch latch) {
        gate = latch;
    }

    void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        ServiceHelper.stopService(producer);
        queue.clear();
    }

    LaneStatistics statistics() {
        return new LaneStatistics(name, capacity, queue.size(), accepted.sum(), delivered.sum(), dropped.sum(),
                failed.sum());
    }
}
