package dev.yakata.alarms.internal;

import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventTypes;
import dev.yakata.bus.api.EventBus;
import dev.yakata.bus.api.LaneStatistics;
import dev.yakata.store.internal.RealStore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The bus as the store sees it: every control event appended to the journal the store reads (when there is a store),
 * and kept in {@link #published} for the test to look at.
 */
final class JournalBus implements EventBus {

    final List<Event> published = new CopyOnWriteArrayList<>();
    volatile RealStore store;

    JournalBus(RealStore store) {
        this.store = store;
    }

    @Override
    public boolean publish(Event event) {
        published.add(event);
        RealStore s = store;
        if (s != null && !EventTypes.POINT_CHANGED.equals(event.type())) {
            s.append(event);
        }
        return true;
    }

    @Override
    public List<LaneStatistics> statistics() {
        return List.of();
    }

    List<String> types(String prefix) {
        return published.stream().map(Event::type).filter(t -> t.startsWith(prefix)).toList();
    }
}
