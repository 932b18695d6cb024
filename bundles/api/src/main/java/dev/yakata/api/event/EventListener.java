package dev.yakata.api.event;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives events from the bus. Register an implementation as an OSGi service (whiteboard); the bus
 * delivers to it on a thread of its own, through a bounded queue of its own, so a slow listener falls
 * behind (and loses events once its queue is full, each loss counted) but never delays the bus or
 * other listeners.
 *
 * <p>Service properties: {@link #EVENT_TYPES} selects the events (default all), {@link #QUEUE_SIZE} sizes the
 * queue (default 10,000).
 */
@ConsumerType
public interface EventListener {

    /**
     * Service property: the event types to receive, each an exact type ({@code door.forced}) or a prefix ending in
     * {@code *} ({@code access.*}, {@code *}). A String or String[]; absent means all.
     */
    String EVENT_TYPES = "yakata.event.types";

    /** Service property: the listener's queue capacity, an Integer. */
    String QUEUE_SIZE = "yakata.event.queue.size";

    /**
     * Called once per matching event, in publication order per lane, never concurrently for one listener.
     * An exception is logged and counted; the next event is still delivered.
     */
    void onEvent(Event event);
}
