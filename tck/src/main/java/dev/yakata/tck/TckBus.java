package dev.yakata.tck;

import dev.yakata.api.event.Event;
import dev.yakata.bus.api.EventBus;
import dev.yakata.bus.api.LaneStatistics;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The bus the TCK's lifecycle publishes to: it keeps every event, refuses none and delivers to no listener. */
final class TckBus implements EventBus {

    private final List<Event> events = new CopyOnWriteArrayList<>();

    @Override
    public boolean publish(Event event) {
        events.add(event);
        return true;
    }

    @Override
    public List<LaneStatistics> statistics() {
        return List.of();
    }

    /** The events of one type from one source, in order. */
    List<Event> of(String type, String source) {
        return events.stream().filter(e -> e.type().equals(type) && e.source().equals(source)).toList();
    }
}
