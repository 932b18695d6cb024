package dev.yakata.access.rules;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class SchedulesTest {

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();
    private Path dir;
    private AccessConfig config;

    @Before
    public void setUp() throws Exception {
        dir = Fixture.write(folder.getRoot().toPath());
        config = Fixture.load(dir);
    }

    private boolean on(String schedule, String tokyoTime) {
        return config.scheduleOn(schedule, LocalDateTime.parse(tokyoTime).atZone(Fixture.TOKYO));
    }

    @Test
    public void aRangeIncludesItsStartAndEndsBeforeItsEnd() {
        assertFalse(on("office-hours", "2026-05-07T07:29"));
        assertTrue(on("office-hours", "2026-05-07T07:30"));
        assertTrue(on("office-hours", "2026-05-07T19:59"));
        assertFalse(on("office-hours", "2026-05-07T20:00"));
    }

    @Test
    public void weekdaysOnlyMeansNotOnTheWeekend() {
        assertTrue(on("office-hours", "2026-05-08T10:00")); // Friday
        assertFalse(on("office-hours", "2026-05-09T10:00")); // Saturday
        assertFalse(on("office-hours", "2026-05-10T10:00")); // Sunday
        assertTrue(on("office-hours", "2026-05-11T10:00")); // Monday
    }

    @Test
    public void exceptHolidaysSwitchesAScheduleOffOnTheHolidaysOf2026() {
        assertFalse("みどりの日, a Monday", on("office-hours", "2026-05-04T10:00"));
        assertFalse("振替休日 for 憲法記念日 on a Sunday", on("office-hours", "2026-05-06T10:00"));
        assertFalse("国民の休日 between 敬老の日 and 秋分の日", on("opening-hours", "2026-09-22T10:00"));
        assertTrue("the Thursday after Golden Week is a workday", on("office-hours", "2026-05-07T10:00"));
        assertEquals("振替休日", config.holiday(java.time.LocalDate.of(2026, 5, 6)));
    }

    @Test
    public void aScheduleWithoutExceptHolidaysRunsOnHolidaysAndAllDayUntil2400() {
        assertTrue(on("always", "2026-05-04T00:00"));
        assertTrue(on("always", "2026-05-04T23:59"));
        assertTrue(on("always", "2026-05-09T12:00"));
    }

    @Test
    public void severalDayAndTimePairsMakeOneSchedule() {
        assertTrue(on("maintenance", "2026-05-09T09:00"));
        assertFalse("the lunch break between the two ranges", on("maintenance", "2026-05-09T12:30"));
        assertTrue(on("maintenance", "2026-05-10T16:59"));
        assertFalse("a weekday", on("maintenance", "2026-05-08T10:00"));
    }

    @Test
    public void dayRangesMayWrapAndListsAndPairsCombine() throws Exception {
        Files.writeString(dir.resolve("policies.cfg"), Fixture.POLICIES
                + "schedule long-weekend fri-mon 10:00-11:00\n"
                + "schedule split mon,wed 08:00-09:00 17:00-18:00 sat 10:00-10:30\n");
        config = Fixture.load(dir);
        assertTrue(on("long-weekend", "2026-05-08T10:30")); // Fri
        assertTrue(on("long-weekend", "2026-05-10T10:30")); // Sun
        assertTrue(on("long-weekend", "2026-05-11T10:30")); // Mon
        assertFalse(on("long-weekend", "2026-05-12T10:30")); // Tue
        assertTrue(on("split", "2026-05-13T17:30")); // Wed, second range
        assertFalse(on("split", "2026-05-14T08:30")); // Thu
        assertTrue(on("split", "2026-05-16T10:00")); // Sat
        assertFalse(on("split", "2026-05-16T17:30")); // Sat has its own range only
    }

    @Test
    public void aScheduleIsReadInTheTimeZoneItIsGiven() {
        ZonedDateTime fridayMorningInTokyo = LocalDateTime.parse("2026-05-08T07:45").atZone(Fixture.TOKYO);
        assertTrue(config.scheduleOn("office-hours", fridayMorningInTokyo));
        assertFalse("the same instant is Thursday 22:45 in UTC", config.scheduleOn("office-hours",
                fridayMorningInTokyo.withZoneSameInstant(ZoneId.of("UTC"))));
    }

    @Test
    public void anUnknownScheduleIsAnErrorAndNoScheduleIsNeverOn() {
        assertFalse(config.scheduleOn("", ZonedDateTime.now(Fixture.TOKYO)));
        try {
            config.scheduleOn("office-hour", ZonedDateTime.now(Fixture.TOKYO));
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("office-hours"));
        }
    }

    @Test
    public void theEngineReadsSchedulesAndHolidaysInItsOwnZone() throws Exception {
        // Friday 07:45 in Tokyo: office hours. The same instant is Thursday 22:45 in UTC: after them.
        Swipe swipe = Fixture.swipe("staff-0200", "door.2f.back-office", "entry", Fixture.tokyo("2026-05-08T07:45"));
        Decision tokyo = Fixture.engine(config).decide(swipe);
        assertEquals(tokyo.detail(), "granted", tokyo.reason());
        Decision utc = new AccessEngine(config, AccessEngine.Settings.defaults(ZoneId.of("UTC"))).decide(swipe);
        assertEquals(utc.detail(), "outside-schedule", utc.reason());

        // Thursday 04:00 in Tokyo: a workday, before office hours. In UTC it is Wednesday 2026-05-06 19:00: in office
        // hours, but a holiday.
        swipe = Fixture.swipe("staff-0200", "door.2f.back-office", "entry", Fixture.tokyo("2026-05-07T04:00"));
        Decision early = Fixture.engine(config).decide(swipe);
        assertEquals("outside-schedule", early.reason());
        assertTrue(early.detail(), early.detail().contains("off at thu 2026-05-07 04:00"));
        Decision holiday = new AccessEngine(config, AccessEngine.Settings.defaults(ZoneId.of("UTC"))).decide(swipe);
        assertEquals(holiday.detail(), "holiday", holiday.reason());
        assertTrue(holiday.detail(), holiday.detail().contains("振替休日"));
    }
}
