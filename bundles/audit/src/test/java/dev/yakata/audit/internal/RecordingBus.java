package dev.yakata.audit.internal;

import dev.yakata.api.event.Event;
import dev.yakata.bus.api.EventBus;
import dev.yakata.bus.api.LaneStatistics;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every published event; the tests check what reached the bus. */
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
}
