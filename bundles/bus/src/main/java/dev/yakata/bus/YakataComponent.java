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
import org.apache.camel.MultipleConsumersSupport;
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
        endpoint.publishType = getAndRemoveParameter(parameters, "type", String.class);
        endpoint.publishSource = getAndRemoveParameter(parameters, "source", String.class);
        String severity = getAndRemoveParameter(parameters, "severity", String.class);
        endpoint.publishSeverity = severity == null ? null : Severity.valueOf(severity.trim().toUpperCase(Locale.ROOT));
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

    final class YakataEndpoint extends DefaultEndpoint implements MultipleConsumersSupport {

        private final String kind;
        EventTypeFilter filter = EventTypeFilter.ALL;
        int queueSize = YakataEventBus.DEFAULT_LISTENER_QUEUE_SIZE;
        String publishType;
        String publishSource;
        Severity publishSeverity;

        YakataEndpoint(String uri, YakataComponent component, String kind) {
            super(uri, component);
            this.kind = kind;
        }

        /** Every consumer subscribes on its own, so several routes may consume the same URI. */
        @Override
        public boolean isMultipleConsumersSupported() {
            return true;
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
            YakataEndpoint ep = (YakataEndpoint) getEndpoint();
            Event event = toEvent(exchange.getMessage().getBody(), exchange.getFromRouteId(), ep.publishType,
                    ep.publishSource, ep.publishSeverity);
            if (!bus.publish(event)) {
                throw new CamelExchangeException("The bus did not take " + event.type() + " event " + event.id()
                        + ": " + (dev.yakata.api.event.EventTypes.POINT_CHANGED.equals(event.type())
                                ? "the telemetry lane is full (telemetry sheds under overload)"
                                : "the journal could not record it (see the log for the disk error)"), exchange);
            }
        }
    }

    /**
     * The event to publish for a body. Without a {@code type} option: an {@code Event} as is, or a Map (keys type
     * (required), source (default {@code route:<id>}), subject, zone, severity, data). With {@code type}: a new
     * event of that type; from an {@code Event} body it keeps subject, zone and data and adds {@code cause} (the
     * original id) and {@code causeType}; from a Map, the map's keys fill the rest; any other body becomes
     * {@code data.body}.
     */
    static Event toEvent(Object body, String routeId, String type, String source, Severity severity) {
        String src = source != null ? source : "route:" + routeId;
        if (type == null) {
            if (body instanceof Event e) {
                return e;
            }
            if (body instanceof Map<?, ?> m) {
                return toEvent(m, routeId);
            }
            throw new IllegalArgumentException("yakata:publish needs a body that is an Event or a Map with at least"
                    + " 'type', or a type option (yakata:publish?type=alarm.raised); got "
                    + (body == null ? "null" : body.getClass().getName()));
        }
        Severity sev = severity == null ? Severity.INFO : severity;
        if (body instanceof Event e) {
            Map<String, Object> data = new java.util.LinkedHashMap<>(e.data());
            data.put("cause", e.id());
            data.put("causeType", e.type());
            return Event.builder(type, src).subject(e.subject()).zone(e.zone())
                    .severity(severity == null ? e.severity() : severity).data(data).correlationId(e.correlationId())
                    .build();
        }
        if (body instanceof Map<?, ?> m) {
            Map<Object, Object> copy = new java.util.LinkedHashMap<>(m);
            copy.putIfAbsent("type", type);
            copy.putIfAbsent("source", src);
            copy.putIfAbsent("severity", sev.name());
            return toEvent(copy, routeId);
        }
        Map<String, Object> data = new java.util.LinkedHashMap<>();
        if (body != null) {
            data.put("body", body);
        }
        return Event.builder(type, src).severity(sev).data(data).build();
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
        return Event.builder(type.toString(), source == null ? "route:" + routeId : source.toString())
                .subject(m.get("subject") == null ? "" : m.get("subject").toString())
                .zone(m.get("zone") == null ? "" : m.get("zone").toString())
                .severity(severity == null ? Severity.INFO : Severity.valueOf(severity.toString().trim().toUpperCase(Locale.ROOT)))
                .data((Map<String, Object>) data).build();
    }
}
