package dev.yakata.access.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventTypes;
import java.time.Instant;
import java.util.stream.IntStream;
import org.junit.Test;

/** Who is where comes back from the record's granted decisions of the day before the start, oldest first. */
public class LocationRestoreTest {

    private static final Instant START = Instant.parse("2026-12-02T03:00:00Z");

    private final FakeRules rules = new FakeRules();
    private final FakeStore store = new FakeStore();

    private static Event granted(String person, String direction, Instant at) {
        return Event.builder(EventTypes.ACCESS_GRANTED, "door.2f.server-room").time(at).put("door",
                "door.2f.server-room").put("reader", direction).put("direction", direction).put("from", "back-office")
                .put("to", "server-room").put("level", 3L).put("person", person).put("reason", "granted")
                .put("rule", "policies.cfg:14").put("passbackViolation", true).build();
    }

    @Test
    public void theGrantedDecisionsOfTheDayBeforeTheStartAreRestoredOldestFirst() {
        store.stored.add(granted("P0001", "entry", START.minusSeconds(25 * 3600)));
        IntStream.range(0, 10_050).forEach(i -> store.stored.add(granted("P" + i, "entry",
                START.minusSeconds(20_000 - i))));
        store.stored.add(granted("P0002", "exit", START.plusSeconds(1)));
        store.stored.add(Event.builder(EventTypes.ACCESS_DENIED, "door.2f.server-room")
                .time(START.minusSeconds(10)).put("person", "P0003").build());
        LocationRestore restore = new LocationRestore(rules, () -> store, START);
        assertTrue(restore.run());
        assertEquals("two pages of the store, nothing older than 24 h, nothing after the start, no denial", 10_050,
                rules.restored.size());
        Rules.Recorded first = rules.restored.get(0);
        assertEquals("P0", first.decision().person());
        assertEquals(START.minusSeconds(20_000), first.at());
        assertTrue(first.decision().granted());
        assertEquals(3, first.decision().level());
        assertEquals("server-room", first.decision().toZone());
        assertTrue(first.decision().passbackViolation());
        assertTrue(rules.restoreFinished);
        assertTrue("once only", restore.run());
        assertEquals(10_050, rules.restored.size());
    }

    @Test
    public void withoutAStoreOrAConfigurationItWaitsAndAFailingStoreIsTriedAgain() {
        store.stored.add(granted("P0001", "entry", START.minusSeconds(60)));
        FakeStore[] now = {null};
        LocationRestore restore = new LocationRestore(rules, () -> now[0], START);
        assertFalse("no store yet", restore.run());
        now[0] = store;
        rules.configured = false;
        assertFalse("no configuration yet", restore.run());
        rules.configured = true;
        store.eventsFailure = new IllegalStateException("DataSource (dataSourceName=yakata) is down");
        assertFalse(restore.run());
        assertFalse(rules.restoreFinished);
        store.eventsFailure = null;
        assertTrue(restore.run());
        assertTrue(rules.restoreFinished);
        assertEquals(1, rules.restored.size());
    }
}
