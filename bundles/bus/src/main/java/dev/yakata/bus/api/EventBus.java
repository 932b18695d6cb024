package dev.yakata.bus.api;

import dev.yakata.api.event.Event;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The hub's event bus. Events travel in two lanes: {@code telemetry} ({@code point.changed}) and {@code control}
 * (everything else). Telemetry is bounded and sheds: when its lane is full an event is dropped and counted. Control
 * events are never refused: each is appended to the durable journal before it is delivered, and a burst that fills
 * the control lane is delivered from the journal, later but complete.
 */
@ProviderType
public interface EventBus {

    /**
     * Puts an event on its lane. Never blocks on a listener or a full lane. A control event without a sequence
     * number gets the next one of its source.
     *
     * @return {@code true} if the event was accepted (for control: journaled), {@code false} if telemetry was
     *         dropped because its lane was full, or the bus is not running
     */
    boolean publish(Event event);

    /** Counters of every lane and listener, for operators and benchmarks. */
    List<LaneStatistics> statistics();
}
