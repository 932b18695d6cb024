package dev.yakata.alarms.internal;

import dev.yakata.alarms.rules.AlarmEngine;
import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventTypes;
import dev.yakata.store.api.EventQuery;
import dev.yakata.store.api.EventStore;
import dev.yakata.store.api.Page;
import dev.yakata.store.api.StoredEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The alarms' record: the engine's events as the store keeps them (every control-lane event is stored from the
 * journal). Reads block on the database: call them from the record thread or at start, never from a bus listener.
 */
final class AlarmRecord {

    /** What one query of history or load reads at most, so an operator's question stays bounded. */
    static final int MAX_EVENTS = 200_000;

    private final AtomicReference<EventStore> store = new AtomicReference<>();
    private final Clock clock;

    AlarmRecord(Clock clock) {
        this.clock = clock;
    }

    private volatile boolean closed;

    /** Ends a wait for the store at once: the engine is stopping. */
    void close() {
        closed = true;
    }

    void store(EventStore value) {
        store.set(value);
    }

    void storeGone(EventStore value) {
        store.compareAndSet(value, null);
    }

    /** The store, or an exception an operator can act on. */
    EventStore required() {
        EventStore s = store.get();
        if (s == null) {
            throw new IllegalStateException("the event store is not running, so the alarms' record cannot be read; "
                    + "install the yakata-store feature and check etc/org.ops4j.datasource-yakata.cfg");
        }
        return s;
    }

    /**
     * Waits, up to {@code wait}, for a store that writes and has stored everything the journal holds, so a rebuild
     * sees the events of the run before. Returns the store, or null when none came.
     */
    EventStore caughtUp(Duration wait) throws InterruptedException {
        Instant deadline = clock.instant().plus(wait);
        while (true) {
            EventStore s = store.get();
            if (s != null && s.status().connected() && s.status().journalLag() == 0) {
                return s;
            }
            if (closed || !clock.instant().isBefore(deadline)) {
                return s;
            }
            Thread.sleep(50);
        }
    }

    /** The engine's events in {@code [from, to)}, oldest first, of one alarm or (empty) every alarm; also of one type prefix. */
    static List<Event> events(EventStore store, Instant from, Instant to, String alarm, String type) {
        List<Event> events = new ArrayList<>();
        EventQuery query = EventQuery.between(from, to).withDevice(AlarmEngine.SOURCE).withType(type)
                .withLimit(EventStore.MAX_LIMIT);
        while (true) {
            Page<StoredEvent> page = store.events(query);
            for (StoredEvent stored : page.items()) {
                if (alarm.isEmpty() || stored.event().subject().equals(alarm)) {
                    events.add(stored.event());
                }
            }
            if (!page.hasNext() || events.size() >= MAX_EVENTS) {
                return events;
            }
            query = query.withNext(page.next());
        }
    }

    /** Every alarm event, for a rebuild. */
    static List<Event> all(EventStore store, Instant from, Instant to) {
        return events(store, from, to, "", "alarm.");
    }

    /** The raised events, for the load figures. */
    static List<Event> raised(EventStore store, Instant from, Instant to) {
        return events(store, from, to, "", EventTypes.ALARM_RAISED);
    }
}
