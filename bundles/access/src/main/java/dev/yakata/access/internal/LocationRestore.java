package dev.yakata.access.internal;

import dev.yakata.api.event.EventTypes;
import dev.yakata.store.api.EventQuery;
import dev.yakata.store.api.EventStore;
import dev.yakata.store.api.Page;
import dev.yakata.store.api.StoredEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the rules back, after a restart, where people were: the granted decisions of the {@value #WINDOW_HOURS} hours
 * before the hub started, oldest first, read from the store's record. Runs once, when both the store and a
 * configuration are there; until then (and if the store fails) it is tried again. Decisions made since the start are
 * newer than the record and are kept (see {@link Rules#restore}).
 */
final class LocationRestore {

    private static final Logger LOG = LoggerFactory.getLogger(LocationRestore.class);

    /** How far back the record is read: forgiveness is at most a day in the demo, and a day is the brief's bound. */
    static final long WINDOW_HOURS = 24;

    private final Rules rules;
    private final Supplier<EventStore> store;
    private final Instant startedAt;
    private boolean done;

    LocationRestore(Rules rules, Supplier<EventStore> store, Instant startedAt) {
        this.rules = rules;
        this.store = store;
        this.startedAt = startedAt;
    }

    /** Restores if it can and has not yet; true once done. Blocks on the store: call it from a worker thread. */
    synchronized boolean run() {
        EventStore events = store.get();
        if (done || events == null || !rules.configured()) {
            return done;
        }
        EventQuery query = EventQuery.between(startedAt.minus(Duration.ofHours(WINDOW_HOURS)), startedAt)
                .withType(EventTypes.ACCESS_GRANTED).withLimit(EventStore.MAX_LIMIT);
        int restored = 0;
        try {
            while (true) {
                Page<StoredEvent> page = events.events(query);
                List<Rules.Recorded> decisions = new ArrayList<>(page.items().size());
                for (StoredEvent stored : page.items()) {
                    decisions.add(new Rules.Recorded(DecisionEvents.fromEvent(stored.event()), stored.event().time()));
                }
                restored += rules.restore(decisions);
                if (!page.hasNext()) {
                    break;
                }
                query = query.withNext(page.next());
            }
        } catch (RuntimeException e) {
            LOG.warn("Access control: who is where could not be read back from the record yet ({}); trying again",
                    e.getMessage());
            return false;
        }
        rules.restoreFinished();
        done = true;
        LOG.info("Access control: restored who is where from {} granted decisions of the {} h before the start",
                restored, WINDOW_HOURS);
        return true;
    }
}
