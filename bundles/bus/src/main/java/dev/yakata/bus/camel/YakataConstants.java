package dev.yakata.bus.camel;

/**
 * Names used by the {@code yakata:} Camel component and by the bus's own events.
 *
 * <ul>
 * <li>{@code yakata:events?types=door.*,access.*&queueSize=10000} consumes bus events. Each route gets its own
 * bounded queue and thread, like any listener. The exchange body is the {@code dev.yakata.api.event.Event}.</li>
 * <li>{@code yakata:publish} publishes the body: an {@code Event}, or a {@code java.util.Map} with the keys
 * {@code type} (required), {@code source}, {@code subject}, {@code zone}, {@code severity}, {@code data}.</li>
 * </ul>
 */
public final class YakataConstants {

    /** The URI scheme of the bus component. */
    public static final String SCHEME = "yakata";

    /** Header on consumed exchanges: the event's type, e.g. {@code door.forced}. */
    public static final String HEADER_EVENT_TYPE = "YakataEventType";
    /** Header on consumed exchanges: the event's source, e.g. a device id. */
    public static final String HEADER_EVENT_SOURCE = "YakataEventSource";
    /** Header on consumed exchanges: the event's unique id. */
    public static final String HEADER_EVENT_ID = "YakataEventId";

    /** Source of the events the bus publishes about itself (route files). */
    public static final String BUS_SOURCE = "bus";
    /**
     * Route id of the canonical telemetry lane route (batches of {@code point.changed}). Control has no route of
     * its own: its publisher hands it to each listener's queue directly, one hop.
     */
    public static final String TELEMETRY_ROUTE_ID = "yakata-telemetry-lane";

    private YakataConstants() {
    }
}
