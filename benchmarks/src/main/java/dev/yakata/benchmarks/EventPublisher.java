package dev.yakata.benchmarks;

import dev.yakata.api.event.Event;

/**
 * Where the benchmark sends its events. By default {@code bus::publish}; the core can pass its own path (for
 * instance through a DeviceContext) to measure publication the way adapters do it.
 */
@FunctionalInterface
public interface EventPublisher {

    /** @return {@code true} if the event was accepted, {@code false} if dropped or refused */
    boolean publish(Event event);
}
