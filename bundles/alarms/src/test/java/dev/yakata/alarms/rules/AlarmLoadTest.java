package dev.yakata.alarms.rules;

import static org.junit.Assert.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

/** Alarm load figures: alarms per 10 minutes, share of time in flood, the most frequent alarms. */
public class AlarmLoadTest {

    static final Instant FROM = Instant.parse("2026-12-01T00:00:00Z");

    @Test
    public void theFiguresCountAlarmsPerTenMinuteWindowAndTheWindowsInFlood() {
        List<AlarmLoad.Raised> raised = new ArrayList<>();
        for (int i = 0; i < 12; i++) { // a flood in the first window: 12 alarms
            raised.add(new AlarmLoad.Raised(FROM.plusSeconds(i * 30), "door.forced@door.1f.main-entrance"));
        }
        raised.add(new AlarmLoad.Raised(FROM.plus(Duration.ofMinutes(25)), "ups.on-battery@ups.2f.server-room"));
        raised.add(new AlarmLoad.Raised(FROM.plus(Duration.ofMinutes(26)), "ups.on-battery@ups.2f.server-room"));
        raised.add(new AlarmLoad.Raised(FROM.plus(Duration.ofHours(2)), "outside@x"));
        AlarmLoad load = AlarmLoad.compute(raised, FROM, FROM.plus(Duration.ofHours(1)));
        assertEquals(14, load.alarms());
        assertEquals(6, load.windows());
        assertEquals(2.33, load.averagePerWindow(), 0.001);
        assertEquals(12, load.peakPerWindow());
        assertEquals(FROM, load.peakWindowStart());
        assertEquals(1, load.floodWindows());
        assertEquals(16.67, load.floodSharePercent(), 0.001);
        assertEquals("door.forced@door.1f.main-entrance", load.mostFrequent().get(0).alarm());
        assertEquals(12, load.mostFrequent().get(0).count());
        assertEquals(85.71, load.mostFrequent().get(0).sharePercent(), 0.001);
        assertEquals(2, load.mostFrequent().size());
    }

    @Test
    public void tenAlarmsInAWindowAreNotYetAFloodAndOnlyTenAlarmsAreListed() {
        List<AlarmLoad.Raised> raised = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            raised.add(new AlarmLoad.Raised(FROM.plusSeconds(i), "alarm-" + i));
        }
        for (int i = 0; i < 5; i++) {
            raised.add(new AlarmLoad.Raised(FROM.plus(Duration.ofMinutes(15)).plusSeconds(i), "alarm-x" + i));
        }
        AlarmLoad load = AlarmLoad.compute(raised, FROM, FROM.plus(Duration.ofMinutes(20)));
        assertEquals(0, load.floodWindows());
        assertEquals(10, load.mostFrequent().size());
    }

    @Test(expected = IllegalArgumentException.class)
    public void anEmptyPeriodIsRefused() {
        AlarmLoad.compute(List.of(), FROM, FROM);
    }
}
