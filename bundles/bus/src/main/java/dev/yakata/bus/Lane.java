package dev.yakata.bus;

import dev.yakata.api.event.Event;
import java.util.concurrent.CountDownLatch;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Producer;
import org.apache.camel.support.service.ServiceHelper;

/**
 * One bus lane: its worker thread feeds each event through the lane's canonical Camel route ({@code direct:}
 * endpoint, so the route runs on this thread).
 */
final class Lane extends EventWorker {

    private static final long STOP_WAIT_MILLIS = 5000;

    private volatile CountDownLatch gate;
    private Endpoint endpoint;
    private Producer producer;

    Lane(String name, int capacity, String threadName) {
        super(name, capacity, threadName);
    }

    void start(CamelContext context, String endpointUri) throws Exception {
        endpoint = context.getEndpoint(endpointUri);
        producer = endpoint.createProducer();
        ServiceHelper.startService(producer);
        start();
    }

    @Override
    protected void handle(Event event) throws Exception {
        CountDownLatch g = gate;
        if (g != null) {
            g.await();
        }
        Exchange exchange = endpoint.createExchange();
        exchange.getMessage().setBody(event);
        producer.process(exchange);
        if (exchange.getException() != null) {
            throw exchange.getException();
        }
    }

    /** Test hook: the lane thread holds each event it takes until the latch opens. {@code null} removes it. */
    void gate(CountDownLatch latch) {
        gate = latch;
    }

    void stop() {
        stop(STOP_WAIT_MILLIS, false);
        ServiceHelper.stopService(producer);
    }
}
