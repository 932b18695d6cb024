package dev.yakata.alarms.rules;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import dev.yakata.alarms.rules.Condition.Above;
import dev.yakata.alarms.rules.Condition.RoleSelector;
import java.time.Duration;
import org.junit.Test;

/** The alarm files: what they accept, and a precise sentence for every line they refuse. */
public class AlarmFilesTest {

    private static AlarmFileException refused(String text) {
        return assertThrows(AlarmFileException.class, () -> Fixture.config(Fixture.building(), text));
    }

    private static void refusedWith(String text, String line, String words) {
        AlarmFileException e = refused(text);
        assertTrue(e.getMessage(), e.getMessage().startsWith("test.cfg:" + line + ": "));
        assertTrue(e.getMessage(), e.getMessage().contains(words));
    }

    @Test
    public void aThresholdLineReadsItsLimitDeadbandDelaysAndText() throws Exception {
        AlarmConfig config = Fixture.config(Fixture.building(), """
                # the server room
                alarm server-room.temp-high high point hvac.2f.server-room/supply-temp above 27 deadband 0.5 \\
                    on-delay 30s off-delay 2m text "Server room too warm"
                """);
        Condition c = config.condition("server-room.temp-high");
        assertEquals(Priority.HIGH, c.priority());
        assertEquals(new Above(27, 0.5), c.test());
        assertEquals(Duration.ofSeconds(30), c.onDelay());
        assertEquals(Duration.ofMinutes(2), c.offDelay());
        assertEquals("Server room too warm", c.text());
        assertEquals("test.cfg:2", c.where());
    }

    @Test
    public void aRoleSelectorIsAcceptedWithoutAnyDeviceOfItsProfileYet() throws Exception {
        AlarmConfig config = Fixture.config(new Fixture.Devices(), "alarm ups.on-battery high role ups/on-battery equals true");
        assertEquals(new RoleSelector("ups", "on-battery", ""), config.condition("ups.on-battery").selector());
    }

    @Test
    public void anUnknownDeviceIsRefusedWithTheKnownOnesAndTheProfileWayOut() {
        refusedWith("\nalarm x high point hvac.9f.nowhere/supply-temp above 27", "2", "no device 'hvac.9f.nowhere' is configured");
        refusedWith("alarm x high point hvac.9f.nowhere/supply-temp above 27", "1", "select by profile with 'role PROFILE/ROLE'");
    }

    @Test
    public void anUnknownPointIsRefusedWithTheDevicesPoints() {
        refusedWith("alarm x high point hvac.2f.server-room/supply-tmp above 27", "1",
                "device hvac.2f.server-room has no point 'supply-tmp'; its points are crac-status, humidity, supply-temp");
    }

    @Test
    public void anUnknownProfileOrRoleIsRefused() {
        refusedWith("alarm x high role ups/charging equals true", "1", "profile ups has no role 'charging'; its roles are");
        refusedWith("alarm x high role pump/run equals true", "1", "the hub declares no profile 'pump'");
        refusedWith("alarm x high feeds hvac lost-one", "1", "profile hvac has no role feed-a");
    }

    @Test
    public void anEventAlarmFromAnUnknownDeviceIsRefusedButAGlobIsNot() throws Exception {
        refusedWith("alarm x high event door.forced from door.9f.none", "1", "no device 'door.9f.none'");
        Fixture.config(Fixture.building(), "alarm x high event door.forced from door.9f.*");
    }

    @Test
    public void badWordsAndValuesAreRefusedWithWhatToWrite() {
        refusedWith("alarm x severe point ups.2f.server-room/charge below 50", "1", "'severe' is not a priority; write urgent, high, medium or low");
        refusedWith("alarm x high point ups.2f.server-room/charge below fifty", "1", "below needs a number");
        refusedWith("alarm x high point ups.2f.server-room/charge below 50 on-delay 30", "1", "a duration such as 30s");
        refusedWith("alarm x high point ups.2f.server-room/charge", "1", "says not when it is active");
        refusedWith("alarm x high point ups.2f.server-room/charge below 50 above 90", "1", "is a second test");
        refusedWith("alarm x high point ups.2f.server-room/charge below 50 colour red", "1", "unknown word 'colour'");
        refusedWith("alarm x high point ups.2f.server-room/on-battery equals yes", "1", "write 'equals true' or 'equals false'");
        refusedWith("alarm x high point ups.2f.server-room/on-battery above 1", "1", "need an analog or multistate point");
        refusedWith("alarm x high point ups.2f.server-room/charge rise 2", "1", "rise needs a window");
        refusedWith("alarm x high feeds power-feeds", "1", "lost-one");
        refusedWith("alarm x high event door.forced above 3", "1", "an event alarm takes no above");
        refusedWith("alarm X high event door.forced", "1", "alarm id 'X' must be lower-case");
        refusedWith("alarm x high event door.forced text \"open", "1", "a double quote is not closed");
        refusedWith("alert x high event door.forced", "1", "'alert' starts no statement");
    }

    @Test
    public void aDuplicateIdIsRefusedNamingTheFirst() {
        refusedWith("alarm x high event door.forced\n\nalarm x low event door.held-open", "3", "declared twice (first at test.cfg:1)");
    }

    @Test
    public void aSuppressionNamingNoScheduleIsRefusedAndASchedulesSyntaxIsChecked() {
        refusedWith("alarm x high event door.forced suppress-during lunch", "1", "names schedule 'lunch', which no file declares");
        refusedWith("schedule lunch weekdays 12:00-13:00", "1", "'weekdays' names no days");
        refusedWith("schedule lunch mon-fri 12:00-25:00", "1", "is not a time window");
    }
}
