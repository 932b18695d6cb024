package dev.yakata.store.shell;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import org.junit.Test;

public class TimeRangeTest {

    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    private static final Instant NOW = Instant.parse("2026-12-01T03:00:00Z");

    @Test
    public void withoutOptionsTheRangeIsTheLast24Hours() {
        assertEquals(new TimeRange(NOW.minus(Duration.ofHours(24)), NOW), TimeRange.parse(null, null, null, NOW, TOKYO));
    }

    @Test
    public void localDatesAndTimesAreReadInTheHubsTimeZone() {
        TimeRange range = TimeRange.parse("2026-12-01", "2026-12-01 09:30", null, NOW, TOKYO);
        assertEquals(Instant.parse("2026-11-30T15:00:00Z"), range.from());
        assertEquals(Instant.parse("2026-12-01T00:30:00Z"), range.to());
        assertEquals(Instant.parse("2026-12-01T00:30:00Z"), TimeRange.instant("--to", "2026-12-01T09:30", TOKYO));
        assertEquals(Instant.parse("2026-12-01T00:30:00Z"), TimeRange.instant("--to", "2026-12-01T00:30:00Z", TOKYO));
        assertEquals(Instant.parse("2026-12-01T00:30:00Z"), TimeRange.instant("--to", "2026-12-01T09:30:00+09:00", TOKYO));
    }

    @Test
    public void lastIsASpanBackFromNow() {
        assertEquals(new TimeRange(NOW.minus(Duration.ofMinutes(30)), NOW), TimeRange.parse(null, null, "30m", NOW, TOKYO));
        assertEquals(new TimeRange(NOW.minus(Duration.ofDays(7)), NOW), TimeRange.parse(null, null, "7d", NOW, TOKYO));
    }

    @Test
    public void anImpossibleRangeNamesBothEndsAndTheFix() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TimeRange.parse("2026-12-02", "2026-12-01", null, NOW, TOKYO));
        assertTrue(e.getMessage(), e.getMessage().contains("--from") && e.getMessage().contains("not before --to"));
    }

    @Test
    public void aTimeThatIsNotOneNamesTheOptionAndTheFormsItTakes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TimeRange.parse("yesterday", null, null, NOW, TOKYO));
        assertTrue(e.getMessage(), e.getMessage().startsWith("--from 'yesterday' is not a time; write 2026-12-01"));
        e = assertThrows(IllegalArgumentException.class, () -> TimeRange.parse(null, null, "a week", NOW, TOKYO));
        assertTrue(e.getMessage(), e.getMessage().startsWith("--last 'a week' is not a span"));
        e = assertThrows(IllegalArgumentException.class, () -> TimeRange.parse("2026-12-01", null, "1h", NOW, TOKYO));
        assertTrue(e.getMessage(), e.getMessage().contains("cannot be combined"));
    }
}
