package dev.yakata.shutters.rules;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.Test;

/** etc/shutters/shutters.cfg: what a good file gives, and the sentence each bad line gets. */
public class ShuttersConfigParserTest {

    private static final ZoneId UTC = ZoneId.of("UTC");

    private static ShuttersConfig parse(String text) throws ShuttersFileException {
        return ShuttersConfigParser.parse(text.getBytes(StandardCharsets.UTF_8), "shutters.cfg", UTC);
    }

    private static void refused(String text, String message) {
        try {
            parse(text);
            fail("accepted: " + text);
        } catch (ShuttersFileException e) {
            assertEquals(message, e.getMessage());
        }
    }

    @Test
    public void theDemoFileGivesItsGroupsNestedGroupsClosingAndHolidays() throws Exception {
        ShuttersConfig config = ShuttersConfigParser.parse(java.nio.file.Files.readAllBytes(
                java.nio.file.Path.of("..", "..", "config", "etc", "shutters", "shutters.cfg")), "shutters.cfg", UTC);
        assertEquals(ZoneId.of("Asia/Tokyo"), config.zone());
        List<String> counters = List.of("shutter.1f.counter-1", "shutter.1f.counter-2", "shutter.1f.counter-3",
                "shutter.1f.counter-4");
        assertEquals(counters, config.group("1f-counters").orElseThrow().shutters());
        assertEquals("1F counters", config.group("1f-counters").orElseThrow().name());
        assertEquals(counters, config.group("all-counters").orElseThrow().shutters());
        ShuttersConfig.Closing closing = config.closings().get(0);
        assertEquals("all-counters", closing.group());
        assertEquals(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), closing.days());
        assertEquals(12, config.travelSeconds());
        assertEquals(List.of(), config.closingsOn(LocalDate.of(2026, 12, 29))); // a Tuesday, and a holiday
        assertEquals(1, config.closingsOn(LocalDate.of(2026, 12, 2)).size());
    }

    @Test
    public void listsJoinAcrossSpacesAfterCommasAndQuotesKeepSpacesAndHashes() throws Exception {
        ShuttersConfig config = parse("""
                group a name "Counter #1 and #2" shutters s.1 ,s.2,  s.3   # the three of the hall
                closing a at 7:05 on mon,wed-thu, sun
                """);
        assertEquals("Counter #1 and #2", config.group("a").orElseThrow().name());
        assertEquals(List.of("s.1", "s.2", "s.3"), config.group("a").orElseThrow().shutters());
        assertEquals(LocalTime.of(7, 5), config.closings().get(0).at());
        assertEquals(Set.of(DayOfWeek.MONDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.SUNDAY),
                config.closings().get(0).days());
        assertEquals(ShuttersConfig.DEFAULT_TRAVEL_SECONDS, config.travelSeconds());
    }

    @Test
    public void eachBadLineIsRefusedWithItsFileLineAndFix() {
        refused("travel-seconds 20\n\ngrup a shutters s.1", "shutters.cfg:3: unknown keyword 'grup'; a line starts "
                + "with one of travel-seconds, time-zone, group, closing, holiday");
        refused("travel-seconds 0", "shutters.cfg:1: travel-seconds '0' is not a whole number of seconds from 1 to 600; "
                + "write for example travel-seconds 20");
        refused("travel-seconds 12s", "shutters.cfg:1: travel-seconds '12s' is not a whole number of seconds from 1 to "
                + "600; write for example travel-seconds 20");
        refused("time-zone Tokio", "shutters.cfg:1: time-zone 'Tokio' is not a time zone; write a region such as Asia/Tokyo");
        refused("group a", "shutters.cfg:1: group a has no shutters; add shutters <device>,<device> or groups <group>");
        refused("group a shutters s.1\ngroup a shutters s.2", "shutters.cfg:2: group 'a' is already declared at "
                + "shutters.cfg:1; give this group another id or merge the two lines");
        refused("group a groups b\ngroup b groups a", "shutters.cfg:1: groups contain each other (a > b > a); a group "
                + "may not contain itself");
        refused("group a groups c", "shutters.cfg:1: group a names group 'c', which is not declared; declare it with a "
                + "group line or fix the id (declared: a)");
        refused("group a shutters s/1", "shutters.cfg:1: shutter device id 's/1' may hold only letters, digits, '.', '_' "
                + "and '-' (at most 128)");
        refused("group a shutters s.1 colour red", "shutters.cfg:1: unknown word 'colour' in group a; a group takes "
                + "name, shutters and groups");
        refused("group a name \"1F", "shutters.cfg:1: a quote is not closed; end the value with \"");
        refused("group a shutters s.1\nclosing b at 17:15 on mon-fri", "shutters.cfg:2: closing names group 'b', which "
                + "is not declared; declare it with a group line or fix the id (declared: a)");
        refused("group a shutters s.1\nclosing a at 25:00 on mon-fri", "shutters.cfg:2: closing time '25:00' is not a "
                + "time of day; write HH:mm, for example 17:15");
        refused("group a shutters s.1\nclosing a at 17:15 on weekdays", "shutters.cfg:2: 'weekdays' is not a day or a "
                + "range of days; write days as mon, tue, wed, thu, fri, sat, sun, a range such as mon-fri, a list such "
                + "as mon,wed,fri, or daily");
        refused("group a shutters s.1\nclosing a 17:15", "shutters.cfg:2: write closing <group> at <HH:mm> on <days>, "
                + "for example closing all-counters at 17:15 on mon-fri");
        refused("holiday 29/12/2026", "shutters.cfg:1: holiday '29/12/2026' is not a date; write yyyy-mm-dd, for "
                + "example 2026-12-29");
    }

    @Test
    public void aFileThatIsNotUtf8IsRefusedAsAWhole() {
        try {
            ShuttersConfigParser.parse(new byte[] {'g', (byte) 0xff}, "shutters.cfg", UTC);
            fail();
        } catch (ShuttersFileException e) {
            assertEquals("shutters.cfg: the file is not UTF-8 text; save it as UTF-8", e.getMessage());
        }
    }

    @Test
    public void aBadTravelTimeInADeviceFileNamesTheKeyAndTheDevice() {
        try {
            ShuttersConfigParser.deviceTravelSeconds("fast", "shutter.1f.counter-1");
            fail();
        } catch (ShuttersFileException e) {
            assertEquals("shutter.travelSeconds 'fast' is not a whole number of seconds from 1 to 600; write for "
                    + "example shutter.travelSeconds 20", e.problem());
        }
    }
}
