package dev.yakata.bus.testing;

import dev.yakata.api.event.Event;
import dev.yakata.bus.api.EventBus;
import dev.yakata.bus.api.LaneStatistics;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * An {@link EventBus} that keeps every published event, for other bundles' unit tests to read what reached the bus
 * (the bus module's test jar, type {@code test-jar}). It refuses nothing and delivers to no listener.
 */
public final class RecordingBus implements EventBus {

    /** Every event published, in order. */
    public final List<Event> events = new CopyOnWriteArrayList<>();

    @Override
    public boolean publish(Event event) {
        events.add(event);
        return true;
    }

    @Override
    public List<LaneStatistics> statistics() {
        return List.of();
    }

    /** The events of one type, in order. */
    public List<Event> ofType(String type) {
        return events.stream().filter(e -> e.type().equals(type)).toList();
    }

    /** How many events of that type came from that source. */
    public long count(String type, String source) {
        return events.stream().filter(e -> e.type().equals(type) && e.source().equals(source)).count();
    }

    /** The events of that type with that correlation id (one command's, one swipe's), in order. */
    public List<Event> of(String type, String correlationId) {
        return events.stream().filter(e -> e.type().equals(type) && correlationId.equals(e.correlationId())).toList();
    }

    /** The one event of that type; fails naming what the bus holds when there are none or several. */
    public Event only(String type) {
        List<Event> found = ofType(type);
        if (found.size() != 1) {
            throw new AssertionError("expected one " + type + ", got " + found.size() + ": " + events);
        }
        return found.get(0);
    }

    /** The first event that matches, waiting up to {@code wait}; fails naming what the bus holds. */
    public Event await(String what, Duration wait, Predicate<Event> match) throws InterruptedException {
        long end = System.nanoTime() + wait.toNanos();
        do {
            for (Event e : events) {
                if (match.test(e)) {
                    return e;
                }
            }
            Thread.sleep(5);
        } while (System.nanoTime() < end);
        throw new AssertionError("no " + what + " within " + wait + "; the bus has " + events);
    }
}
