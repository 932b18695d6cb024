package dev.yakata.store.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventTypes;
import dev.yakata.store.api.HistoryQuery;
import dev.yakata.store.api.HistorySample;
import dev.yakata.store.api.Page;
import dev.yakata.store.api.Resolution;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.Before;
import org.junit.Test;

/** Point history: every change, minute and hour rollups, paging and merging across a restart; H2 and PostgreSQL. */
public class HistoryTest extends StoreTestOnBothDatabases {

    /** Two days ago, on the hour: every bucket of the test data has long closed. */
    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(2));

    public HistoryTest(String kind) {
        super(kind, "history");
    }

    @Before
    public void start() throws Exception {
        store.start(db.dataSource);
    }

    private void change(String device, String point, Instant time, Object value) {
        store.engine.telemetry(Event.builder(EventTypes.POINT_CHANGED, device).subject(point).time(time)
                .put("point", point).put("value", value).put("quality", value == null ? "BAD" : "GOOD").build());
    }

    private List<HistorySample> history(HistoryQuery q) {
        return store.engine.history(q).items();
    }

    @Test
    public void everyChangeIsKeptRawAndNumericRollupsGiveMinMaxAverageLastAndCount() throws Exception {
        // 120 changes of a temperature, one every 30 s over an hour: 20.0, 20.5, ..., and one in the next hour
        for (int i = 0; i < 120; i++) {
            change("ahu.1", "temp", T0.plusSeconds(30L * i), 20.0 + 0.5 * (i % 10));
        }
        change("ahu.1", "temp", T0.plusSeconds(3600 + 5), 30.0);
        change("ahu.2", "temp", T0.plusSeconds(1), 99.0); // another device's point, not in ahu.1's answers
        StoreFixture.await(() -> rollups("ahu.1", Resolution.HOUR).size() == 2, 20_000, () -> "no hour rollups: "
                + store.engine.status());

        List<HistorySample> raw = history(HistoryQuery.of("ahu.1", "temp", T0, T0.plusSeconds(7200)).withLimit(1000));
        assertEquals(121, raw.size());
        assertEquals(20.5, raw.get(1).last());
        assertEquals(1, raw.get(1).count());

        List<HistorySample> minutes = rollups("ahu.1", Resolution.MINUTE);
        assertEquals(61, minutes.size());
        HistorySample m0 = minutes.get(0); // 20.0 at :00, 20.5 at :30
        assertEquals(T0, m0.time());
        assertEquals(2, m0.count());
        assertEquals(20.0, m0.min(), 0);
        assertEquals(20.5, m0.max(), 0);
        assertEquals(20.25, m0.average(), 1e-9);
        assertEquals(20.5, m0.last());

        List<HistorySample> hours = rollups("ahu.1", Resolution.HOUR);
        HistorySample h0 = hours.get(0);
        assertEquals(120, h0.count());
        assertEquals(20.0, h0.min(), 0);
        assertEquals(24.5, h0.max(), 0);
        assertEquals(22.25, h0.average(), 1e-9);
        assertEquals(24.5, h0.last());
        assertEquals(30.0, hours.get(1).last());
    }

    @Test
    public void nonNumericValuesKeepLastAndCountOnly() throws Exception {
        change("door.1", "open", T0.plusSeconds(1), true);
        change("door.1", "open", T0.plusSeconds(2), false);
        change("door.1", "mode", T0.plusSeconds(3), "LOCKED");
        change("door.1", "open", T0.plusSeconds(4), true);
        StoreFixture.await(() -> rollups("door.1", Resolution.MINUTE).size() == 1, 20_000, () -> "no rollup");
        HistorySample m = rollups("door.1", Resolution.MINUTE).get(0);
        assertEquals(3, m.count());
        assertNull(m.min());
        assertNull(m.average());
        assertEquals("true", m.last());
        List<HistorySample> raw = history(HistoryQuery.of("door.1", "open", T0, T0.plusSeconds(60)));
        assertEquals(List.of("true", "false", "true"), raw.stream().map(HistorySample::last).toList());
    }

    @Test
    public void rawHistoryPagesWithNext() throws Exception {
        for (int i = 0; i < 250; i++) {
            change("ahu.1", "temp", T0.plusMillis(10L * i), (double) i);
        }
        StoreFixture.await(() -> store.engine.status().samplesWritten() == 250, 20_000, () -> "not written");
        HistoryQuery q = HistoryQuery.of("ahu.1", "temp", T0, T0.plusSeconds(60)).withLimit(100);
        List<Object> values = new ArrayList<>();
        Page<HistorySample> page = store.engine.history(q);
        while (true) {
            page.items().forEach(s -> values.add(s.last()));
            if (!page.hasNext()) {
                break;
            }
            page = store.engine.history(q.withNext(page.next()));
        }
        assertEquals(250, values.size());
        assertEquals(249.0, values.get(249));
    }

    @Test
    public void aBucketStillOpenAtStopIsWrittenAndMergedWithItsContinuationAfterARestart() throws Exception {
        Instant future = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofDays(1)); // never closes by the clock
        change("ahu.1", "temp", future.plusSeconds(1), 10.0);
        change("ahu.1", "temp", future.plusSeconds(2), 12.0);
        StoreFixture.await(() -> store.engine.status().samplesWritten() == 2, 20_000, () -> "not written");
        assertEquals(0, rollups("ahu.1", Resolution.HOUR, future).size());
        store.stopStore();
        store.start(db.dataSource);
        assertEquals(1, rollups("ahu.1", Resolution.HOUR, future).size());
        change("ahu.1", "temp", future.plusSeconds(3), 5.0);
        change("ahu.1", "temp", future.plusSeconds(4), 11.0);
        StoreFixture.await(() -> store.engine.status().samplesWritten() == 2, 20_000, () -> "not written");
        store.stopStore();
        store.start(db.dataSource);
        List<HistorySample> hours = rollups("ahu.1", Resolution.HOUR, future);
        assertEquals(1, hours.size());
        HistorySample h = hours.get(0);
        assertEquals(4, h.count());
        assertEquals(5.0, h.min(), 0);
        assertEquals(12.0, h.max(), 0);
        assertEquals(9.5, h.average(), 1e-9);
        assertEquals(11.0, h.last());
        assertEquals(4, rollups("ahu.1", Resolution.MINUTE, future).get(0).count());
    }

    @Test
    public void aHistoryQueryWithoutAPointIsRefusedNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> store.engine.history(HistoryQuery.of("ahu.1", "", T0, T0.plusSeconds(1))));
        assertTrue(e.getMessage(), e.getMessage().startsWith("point is missing"));
        assertThrows(IllegalArgumentException.class,
                () -> store.engine.history(HistoryQuery.of("ahu.1", "temp", T0, T0)));
    }

    private List<HistorySample> rollups(String device, Resolution resolution) {
        return rollups(device, resolution, T0);
    }

    private List<HistorySample> rollups(String device, Resolution resolution, Instant from) {
        return history(HistoryQuery.of(device, device.startsWith("door") ? "open" : "temp",
                from, from.plus(Duration.ofDays(1))).withResolution(resolution).withLimit(10_000));
    }
}
