package dev.yakata.api.hub;

import dev.yakata.api.event.Event;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The hub's event bus. Events travel in two lanes: {@code telemetry} ({@code point.changed}) and {@code control}
 * (everything else). Each lane is bounded: telemetry drops and counts when full; control waits a short time for
 * room, then refuses.
 */
@ProviderType
public interface EventBus {

    /**
     * Puts an event on its lane. Returns at once for telemetry; for control, may wait up to the lane's offer
     * timeout.
     *
     * @return {@code true} if the event was queued, {@code false} if it was dropped (telemetry lane full) or
     *         refused (control lane still full after the offer timeout, which is also logged)
     */
    boolean publish(Event event);

    /** Counters of every lane and listener, for operators and benchmarks. */
    List<LaneStatistics> statistics();
}
