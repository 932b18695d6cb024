package dev.yakata.store.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import dev.yakata.api.event.Event;
import dev.yakata.api.event.Severity;
import dev.yakata.store.api.EventQuery;
import dev.yakata.store.api.Page;
import dev.yakata.store.api.StoredEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;

/** Every filter of {@code events(...)}, paging, and the refusals of bad arguments, on H2 and on PostgreSQL. */
@RunWith(Parameterized.class)
public class EventQueriesTest {

    @Parameters(name = "{0}")
    public static List<Object[]> databases() {
        return TestDatabase.kinds();
    }

    private static final Instant T0 = Instant.parse("2026-11-30T00:00:00Z");
    private static final java.util.Map<String, TestDatabase> DATABASES = new java.util.HashMap<>();
    private static final java.util.Map<String, StoreFixture> STORES = new java.util.HashMap<>();

    private final String kind;
    private final StoreFixture store;

    public EventQueriesTest(String kind) throws Exception {
        this.kind = kind;
        this.store = fixture(kind);
    }

    /** One database and one store per kind, filled once: 300 events over 300 minutes. */
    private static synchronized StoreFixture fixture(String kind) throws Exception {
        StoreFixture existing = STORES.get(kind);
        if (existing != null) {
            return existing;
        }
        TestDatabase db = TestDatabase.create(kind, "queries");
        DATABASES.put(kind, db);
        StoreFixture f = new StoreFixture(db.schema).start(db.dataSource);
        for (int i = 0; i < 300; i++) {
            String device = i % 3 == 0 ? "door.1f.lobby" : i % 3 == 1 ? "door.2f.server-room" : "shutter.1f.east";
            String type = i % 3 == 2 ? "shutter.state" : i % 2 == 0 ? "door.forced" : "door.held-open";
            f.append(Event.builder(type, device).time(T0.plusSeconds(60L * i)).zone(i % 2 == 0 ? "1F" : "2F-secure")
                    .severity(i % 5 == 0 ? Severity.ALARM : Severity.INFO).actor(i % 4 == 0 ? "tanaka" : "")
                    .correlationId(i % 10 == 0 ? "cmd-" + (i / 10) : "").subject("s" + i).sequence(i + 1)
                    .put("i", (long) i).put("text", "扉 " + i).build());
        }
        f.awaitCaughtUp(30_000);
        STORES.put(kind, f);
        return f;
    }

    @AfterClass
    public static void closeAll() throws Exception {
        for (StoreFixture f : STORES.values()) {
            f.close();
        }
        for (TestDatabase db : DATABASES.values()) {
            db.close();
        }
        STORES.clear();
        DATABASES.clear();
    }

    private EventQuery all() {
        return EventQuery.between(T0, T0.plusSeconds(60L * 300)).withLimit(1000);
    }

    private List<StoredEvent> events(EventQuery q) {
        return store.engine.events(q).items();
    }

    @Test
    public void aTimeRangeReturnsTheEventsInItOldestFirstWithToExcluded() {
        List<StoredEvent> page = events(EventQuery.between(T0.plusSeconds(60 * 10), T0.plusSeconds(60 * 20)));
        assertEquals(10, page.size());
        assertEquals(T0.plusSeconds(600), page.get(0).event().time());
        assertEquals(T0.plusSeconds(60 * 19), page.get(9).event().time());
    }

    @Test
    public void aStoredEventReadsBackAsItWasJournaled() throws Exception {
        Event original = Event.builder("alarm.raised", "ups.b1").time(Instant.parse("2026-11-29T12:00:00.123456789Z"))
                .deviceTime(Instant.parse("2026-11-29T11:59:59.000000001Z")).severity(Severity.CRITICAL)
                .zone("B1").subject("battery").actor("rule:ups").correlationId("c-9").sequence(7)
                .put("nested", Map.of("a", List.of(1L, 2.5, "三"))).put("flag", true).build();
        store.append(original);
        store.awaitCaughtUp(10_000);
        List<StoredEvent> page = events(EventQuery.between(original.time(), original.time().plusNanos(1)));
        assertEquals(1, page.size());
        assertEquals(original, page.get(0).event());
    }

    @Test
    public void aDeviceFilterReturnsOnlyThatDevicesEvents() {
        List<StoredEvent> page = events(all().withDevice("door.2f.server-room"));
        assertEquals(100, page.size());
        assertTrue(page.stream().allMatch(e -> e.event().source().equals("door.2f.server-room")));
    }

    @Test
    public void aZoneFilterReturnsOnlyThatZone() {
        List<StoredEvent> page = events(all().withZone("2F-secure"));
        assertEquals(150, page.size());
        assertTrue(page.stream().allMatch(e -> e.event().zone().equals("2F-secure")));
    }

    @Test
    public void anExactTypeMatchesOnlyThatType() {
        List<StoredEvent> page = events(all().withType("door.forced"));
        assertTrue(page.stream().allMatch(e -> e.event().type().equals("door.forced")));
        assertEquals(countWhere(i -> i % 3 != 2 && i % 2 == 0), page.size());
    }

    @Test
    public void aTypeEndingInADotMatchesEveryTypeWithThatPrefix() {
        List<StoredEvent> page = events(all().withType("door."));
        assertEquals(200, page.size());
        assertTrue(page.stream().allMatch(e -> e.event().type().startsWith("door.")));
        assertEquals(0, events(all().withType("door")).size()); // no dot: an exact type, which nothing has
    }

    @Test
    public void anActorFilterReturnsWhatThatIssuerCaused() {
        List<StoredEvent> page = events(all().withActor("tanaka"));
        assertEquals(75, page.size());
        assertTrue(page.stream().allMatch(e -> e.event().actor().equals("tanaka")));
    }

    @Test
    public void aCorrelationIdReturnsTheEventsOfThatCommand() {
        List<StoredEvent> page = events(all().withCorrelationId("cmd-7"));
        assertEquals(1, page.size());
        assertEquals(T0.plusSeconds(60 * 70), page.get(0).event().time());
    }

    @Test
    public void filtersCombine() {
        List<StoredEvent> page = events(all().withDevice("door.1f.lobby").withType("door.forced").withActor("tanaka"));
        assertEquals(countWhere(i -> i % 3 == 0 && i % 2 == 0 && i % 4 == 0), page.size());
    }

    @Test
    public void pagingWithNextVisitsEveryEventOnceInOrder() {
        List<Long> positions = new ArrayList<>();
        EventQuery q = all().withLimit(7).withDevice("door.1f.lobby");
        Page<StoredEvent> page = store.engine.events(q);
        int pages = 1;
        while (true) {
            page.items().forEach(e -> positions.add(e.position()));
            if (!page.hasNext()) {
                break;
            }
            page = store.engine.events(q.withNext(page.next()));
            pages++;
        }
        assertEquals(100, positions.size());
        assertEquals(15, pages);
        for (int i = 1; i < positions.size(); i++) {
            assertTrue(positions.get(i) > positions.get(i - 1));
        }
    }

    @Test
    public void newestFirstReadsTheRangeBackFromItsLastEvent() {
        List<StoredEvent> page = events(EventQuery.between(T0.plusSeconds(60 * 10), T0.plusSeconds(60 * 20))
                .withNewestFirst(true).withLimit(3));
        assertEquals(List.of(T0.plusSeconds(60 * 19), T0.plusSeconds(60 * 18), T0.plusSeconds(60 * 17)),
                page.stream().map(e -> e.event().time()).toList());
    }

    @Test
    public void pagingNewestFirstVisitsEveryEventOnceFromTheNewest() {
        List<Long> positions = new ArrayList<>();
        EventQuery q = all().withLimit(7).withDevice("door.1f.lobby").withNewestFirst(true);
        Page<StoredEvent> page = store.engine.events(q);
        while (true) {
            page.items().forEach(e -> positions.add(e.position()));
            if (!page.hasNext()) {
                break;
            }
            page = store.engine.events(q.withNext(page.next()));
        }
        List<Long> oldestFirst = events(all().withDevice("door.1f.lobby")).stream().map(StoredEvent::position).toList();
        List<Long> reversed = new ArrayList<>(positions);
        java.util.Collections.reverse(reversed);
        assertEquals(100, positions.size());
        assertEquals(oldestFirst, reversed);
    }

    @Test
    public void aTokenOfOneOrderIsRefusedByTheOther() {
        String next = store.engine.events(all().withLimit(5)).next();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> store.engine.events(all().withLimit(5).withNewestFirst(true).withNext(next)));
        assertTrue(e.getMessage(), e.getMessage().startsWith("next = "));
    }

    @Test
    public void theLastPageHasNoNext() {
        Page<StoredEvent> page = store.engine.events(all().withDevice("door.1f.lobby").withLimit(100));
        assertEquals(100, page.items().size());
        assertFalse(page.hasNext());
    }

    @Test
    public void anImpossibleRangeIsRefusedNamingFrom() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> store.engine.events(EventQuery.between(T0, T0)));
        assertTrue(e.getMessage(), e.getMessage().startsWith("from = "));
        assertThrows(IllegalArgumentException.class, () -> store.engine.events(EventQuery.between(T0, T0.minusSeconds(1))));
    }

    @Test
    public void aLimitOutsideOneToTenThousandIsRefusedNamingLimit() {
        for (int limit : new int[] {0, -1, 10_001}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> store.engine.events(all().withLimit(limit)));
            assertTrue(e.getMessage(), e.getMessage().startsWith("limit = " + limit));
        }
    }

    @Test
    public void aNextTokenThisStoreDidNotGiveIsRefusedNamingNext() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> store.engine.events(all().withNext("not-a-token")));
        assertTrue(e.getMessage(), e.getMessage().startsWith("next = "));
    }

    @Test
    public void theStatusCountsWhatWasWritten() {
        assertTrue(store.engine.status().eventsWritten() >= 300);
        assertTrue(store.engine.status().connected());
        assertEquals("2", store.engine.status().schemaVersion());
    }

    private static int countWhere(java.util.function.IntPredicate p) {
        int n = 0;
        for (int i = 0; i < 300; i++) {
            if (p.test(i)) {
                n++;
            }
        }
        return n;
    }
}
