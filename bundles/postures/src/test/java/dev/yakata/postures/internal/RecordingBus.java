package dev.yakata.postures.internal;

import dev.yakata.api.event.Event;
import dev.yakata.bus.api.EventBus;
import dev.yakata.bus.api.LaneStatistics;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every published event, for the tests to read what reached the bus. */
final class RecordingBus implements EventBus {

    final List<Event> events = new CopyOnWriteArrayList<>();

    @Override
    public boolean publish(Event event) {
        events.add(event);
        return true;
    }

    @Override
    public List<LaneStatistics> statistics() {
        return List.of();
    }

    List<Event> of(String type, String correlationId) {
        return events.stream().filter(e -> e.type().equals(type) && e.correlationId().equals(correlationId)).toList();
    }
}
