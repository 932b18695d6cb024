package dev.yakata.bus;

import dev.yakata.api.event.Event;
import dev.yakata.api.event.Severity;
import dev.yakata.bus.camel.YakataConstants;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.CamelExchangeException;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.support.DefaultConsumer;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.camel.support.DefaultProducer;

/**
 * The {@code yakata:} Camel component, see {@link YakataConstants}. {@code yakata:events} consumes bus events like a
 * listener (own bounded queue and thread); {@code yakata:publish} publishes to the bus.
 */
final class YakataComponent extends DefaultComponent {

    private final YakataEventBus bus;

    YakataComponent(YakataEventBus bus) {
        this.bus = bus;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        YakataEndpoint endpoint = new YakataEndpoint(uri, this, remaining);
        String types = getAndRemoveParameter(parameters, "types", String.class);
        Integer queueSize = getAndRemoveParameter(parameters, "queueSize", Integer.class);
        endpoint.filter = EventTypeFilter.of(types);
        endpoint.queueSize = queueSize == null ? YakataEventBus.DEFAULT_LISTENER_QUEUE_SIZE : queueSize;
        if (!"events".equals(remaining) && !"publish".equals(remaining)) {
            throw new IllegalArgumentException("Unknown endpoint " + uri
                    + ": use yakata:events?types=... to consume bus events or yakata:publish to publish them");
        }
        if (endpoint.queueSize < 1) {
            throw new IllegalArgumentException("queueSize must be at least 1 in " + uri);
        }
        return endpoint;
    }

    final class YakataEndpoint extends DefaultEndpoint {

        private final String kind;
        EventTypeFilter filter = EventTypeFilter.ALL;
        int queueSize = YakataEventBus.DEFAULT_LISTENER_QUEUE_SIZE;

        YakataEndpoint(String uri, YakataComponent component, String kind) {
            super(uri, component);
            this.kind = kind;
        }

        @Override
        public Producer createProducer() {
            if (!"publish".equals(kind)) {
                throw new IllegalArgumentException("Cannot send to " + getEndpointUri()
                        + ": it is a consumer only; publish with yakata:publish");
            }
            return new PublishProducer(this);
        }

        @Override
        public Consumer createConsumer(Processor processor) throws Exception {
            if (!"events".equals(kind)) {
                throw new IllegalArgumentException("Cannot consume from " + getEndpointUri()
                        + ": it is a producer only; consume with yakata:events");
            }
            EventsConsumer consumer = new EventsConsumer(this, processor);
            configureConsumer(consumer);
            return consumer;
        }
    }

    final class EventsConsumer extends DefaultConsumer {

        private Subscription subscription;

        EventsConsumer(YakataEndpoint endpoint, Processor processor) {
            super(endpoint, processor);
        }

        @Override
        public YakataEndpoint getEndpoint() {
            return (YakataEndpoint) super.getEndpoint();
        }

        @Override
        protected void doStart() throws Exception {
            super.doStart();
            String name = "listener:route:" + (getRouteId() == null ? getEndpoint().getEndpointUri() : getRouteId());
            subscription = bus.subscribe(name, getEndpoint().filter, getEndpoint().queueSize, this::deliver);
        }

        private void deliver(Event event) {
            Exchange exchange = createExchange(false);
            try {
                exchange.getMessage().setBody(event);
                exchange.getMessage().setHeader(YakataConstants.HEADER_EVENT_TYPE, event.type());
                exchange.getMessage().setHeader(YakataConstants.HEADER_EVENT_SOURCE, event.source());
                exchange.getMessage().setHeader(YakataConstants.HEADER_EVENT_ID, event.id());
                getProcessor().process(exchange);
            } catch (Exception e) {
                exchange.setException(e);
            }
            Exception failure = exchange.getException();
            releaseExchange(exchange, false);
            if (failure != null) {
                throw new IllegalStateException("Route " + getRouteId() + " failed on " + event.type() + ": "
                        + failure.getMessage(), failure);
            }
        }

        @Override
        protected void doStop() throws Exception {
            bus.removeListener(subscription);
            subscription = null;
            super.doStop();
        }
    }

    final class PublishProducer extends DefaultProducer {

        PublishProducer(YakataEndpoint endpoint) {
            super(endpoint);
        }

        @Override
        public void process(Exchange exchange) throws Exception {
            Object body = exchange.getMessage().getBody();
            Event event;
            if (body instanceof Event e) {
                event = e;
            } else if (body instanceof Map<?, ?> m) {
                event = toEvent(m, exchange.getFromRouteId());
            } else {
                throw new CamelExchangeException("yakata:publish needs a body that is an Event or a Map with at least"
                        + " 'type'; got " + (body == null ? "null" : body.getClass().getName()), exchange);
            }
            if (!bus.publish(event)) {
                throw new CamelExchangeException("The bus refused " + event.type() + " event " + event.id()
                        + ": its lane is full", exchange);
            }
        }
    }

    /** Map keys: type (required), source (default {@code route:<id>}), subject, zone, severity, data. */
    @SuppressWarnings("unchecked")
    static Event toEvent(Map<?, ?> m, String routeId) {
        Object type = m.get("type");
        if (type == null || type.toString().isBlank()) {
            throw new IllegalArgumentException("An event map needs a 'type'; got keys " + m.keySet());
        }
        Object source = m.get("source");
        Object severity = m.get("severity");
        Object data = m.get("data");
        if (data != null && !(data instanceof Map)) {
            throw new IllegalArgumentException("An event map's 'data' must be a map; got " + data.getClass().getName());
        }
        return new Event(UUID.randomUUID().toString(), Instant.now(),
                source == null ? "route:" + routeId : source.toString(), type.toString(),
                m.get("subject") == null ? "" : m.get("subject").toString(),
                m.get("zone") == null ? "" : m.get("zone").toString(),
                severity == null ? Severity.INFO : Severity.valueOf(severity.toString().trim().toUpperCase(Locale.ROOT)),
                (Map<String, Object>) data);
    }
}
