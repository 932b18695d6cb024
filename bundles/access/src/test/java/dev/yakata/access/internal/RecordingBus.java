package dev.yakata.access.internal;

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

    List<Event> ofType(String type) {
        return events.stream().filter(e -> e.type().equals(type)).toList();
    }

    Event only(String type) {
        List<Event> found = ofType(type);
        if (found.size() != 1) {
            throw new AssertionError("expected one " + type + ", got " + found.size() + ": " + events);
        }
        return found.get(0);
    }
}
