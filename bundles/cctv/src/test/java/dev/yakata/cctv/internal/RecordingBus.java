package dev.yakata.cctv.internal;

import dev.yakata.api.event.Event;
import dev.yakata.bus.api.EventBus;
import dev.yakata.bus.api.LaneStatistics;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

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

    List<Event> of(String type) {
        return events.stream().filter(e -> e.type().equals(type)).toList();
    }

    Event await(String what, Duration wait, Predicate<Event> match) throws InterruptedException {
        long end = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < end) {
            for (Event e : events) {
                if (match.test(e)) {
                    return e;
                }
            }
            Thread.sleep(5);
        }
        throw new AssertionError("no " + what + " within " + wait + "; the bus has " + events);
    }
}
