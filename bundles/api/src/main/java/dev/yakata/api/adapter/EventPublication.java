package dev.yakata.api.adapter;

import dev.yakata.api.event.Severity;
import java.time.Instant;
import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/**
 * One event a device handler is about to publish, from {@link DeviceContext#event(String)}. Set what applies, then
 * {@link #publish()}. The hub fills in the id, the time it learned of the event, the device as source, its zone and
 * the sequence number. Not thread-safe; use one per event.
 *
 * <pre>{@code
 * context.event(EventTypes.CARD_SWIPED)
 *        .put("reader", "entry").put("direction", "entry").put("card", cardNumber)
 *        .deviceTime(swipedAt)        // when the controller buffered it while offline
 *        .publish();
 * }</pre>
 */
@ProviderType
public interface EventPublication {

    /** How urgent it is; INFO when not set. */
    EventPublication severity(Severity severity);

    /** Adds one payload entry: a string, number, boolean, null, or a list or map of those. */
    EventPublication put(String key, Object value);

    /** Adds every entry of {@code data}. */
    EventPublication data(Map<String, ?> data);

    /** What it is about within the device (a reader, a point), empty when the device says it all. */
    EventPublication subject(String subject);

    /** When the device says it happened, if it keeps its own time. */
    EventPublication deviceTime(Instant deviceTime);

    /** The command this event answers, if any. */
    EventPublication correlationId(String correlationId);

    /**
     * Publishes it. Returns at once, never throws for bad input. An event the device's profile declares should carry
     * the declared payload keys (the adapter TCK fails one that does not); the hub publishes it as given all the same,
     * so a security event is never lost to a payload mistake, after replacing the keys the profile marks personal (a
     * card number) by their pseudonyms. An event beyond the device's event budget is dropped and logged (rate
     * limited). Calling it after the device closed does nothing.
     */
    void publish();
}
