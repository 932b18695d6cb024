package dev.yakata.alarms.rules;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventTypes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.Test;

/** Shelving for a limited time, suppression by design (a schedule) and out of service, each with who and why. */
public class SilencingTest {

    static final String ID = AlarmStatesTest.ID;
    static final Duration EIGHT_HOURS = Duration.ofHours(8);

    @Test
    public void aShelvedAlarmIsNotAnnunciatedAndComesBackWhenTheShelvingExpires() throws Exception {
        Fixture.Running r = new Fixture.Running(AlarmStatesTest.UPS);
        AlarmView shelved = r.engine.shelve(ID, "sato", "UPS maintenance", Duration.ofMinutes(30), EIGHT_HOURS, r.now);
        assertEquals(r.now.plusSeconds(1800), shelved.shelvedUntil());
        Event event = r.last();
        assertEquals(EventTypes.ALARM_SHELVED, event.type());
        assertEquals("sato", event.data().get("user"));
        assertEquals("UPS maintenance", event.data().get("comment"));
        assertEquals(r.now.plusSeconds(1800).toString(), event.data().get("until"));
        r.point("ups.2f.server-room", "on-battery", true);
        assertEquals("nothing annunciated while shelved", List.of(EventTypes.ALARM_SHELVED), r.typesOf(ID));
        assertTrue(r.alarm(ID).active());
        r.later(1799);
        assertTrue(r.alarm(ID).shelved());
        r.later(1);
        assertFalse(r.alarm(ID).shelved());
        assertEquals(List.of(EventTypes.ALARM_SHELVED, EventTypes.ALARM_UNSHELVED, EventTypes.ALARM_RAISED), r.typesOf(ID));
        assertEquals(AlarmState.ACTIVE_UNACKED, r.state(ID));
        assertEquals(AlarmEngine.ENGINE, r.events.get(r.events.size() - 2).data().get("user"));
    }

    @Test
    public void anAlarmShelvedWhileActiveThatReturnsMeanwhileIsNormalWhenUnshelved() throws Exception {
        Fixture.Running r = new Fixture.Running(AlarmStatesTest.UPS).point("ups.2f.server-room", "on-battery", true);
        r.engine.shelve(ID, "sato", "known", Duration.ofMinutes(10), EIGHT_HOURS, r.now);
        r.point("ups.2f.server-room", "on-battery", false);
        r.engine.unshelve(ID, "sato", "done", r.now);
        assertEquals(AlarmState.RETURNED_UNACKED, r.state(ID));
    }

    @Test
    public void shelvingNeedsAReasonAndATimeWithinTheLimit() throws Exception {
        Fixture.Running r = new Fixture.Running(AlarmStatesTest.UPS);
        assertTrue(assertThrows(RefusedOperation.class, () -> r.engine.shelve(ID, "sato", " ", Duration.ofMinutes(5),
                EIGHT_HOURS, r.now)).getMessage().contains("needs a reason"));
        assertTrue(assertThrows(RefusedOperation.class, () -> r.engine.shelve(ID, "sato", "x", Duration.ofHours(9),
                EIGHT_HOURS, r.now)).getMessage().contains("1 to 480 minutes"));
        assertTrue(assertThrows(RefusedOperation.class, () -> r.engine.unshelve(ID, "sato", "", r.now))
                .getMessage().contains("is not shelved"));
    }

    @Test
    public void anAlarmOutOfServiceIsNotAnnunciatedUntilEnabledAndSaysWhoAndWhy() throws Exception {
        Fixture.Running r = new Fixture.Running(AlarmStatesTest.UPS);
        AlarmView disabled = r.engine.disable(ID, "tanaka", "UPS replaced, sensor not wired", r.now);
        assertTrue(disabled.outOfService());
        assertEquals("tanaka", disabled.disabledBy());
        r.point("ups.2f.server-room", "on-battery", true).later(24 * 3600);
        assertEquals(List.of(EventTypes.ALARM_OUT_OF_SERVICE), r.typesOf(ID));
        assertTrue(assertThrows(RefusedOperation.class, () -> r.engine.shelve(ID, "sato", "x", Duration.ofMinutes(5),
                EIGHT_HOURS, r.now)).getMessage().contains("out of service"));
        r.engine.enable(ID, "tanaka", "wired", r.now);
        assertEquals(List.of(EventTypes.ALARM_OUT_OF_SERVICE, EventTypes.ALARM_IN_SERVICE, EventTypes.ALARM_RAISED), r.typesOf(ID));
    }

    @Test
    public void aScheduleSuppressesAnAlarmDuringOpeningHoursByDesign() throws Exception {
        String id = "entrance.held@door.1f.main-entrance";
        Fixture.Running r = new Fixture.Running("""
                schedule opening-hours mon-fri 08:30-17:15
                alarm entrance.held low event door.held-open from door.1f.main-entrance clears door.secured \\
                    suppress-during opening-hours
                """);
        // Wednesday 2026-12-02 in Tokyo
        r.at(Instant.parse("2026-12-02T00:00:00Z")); // 09:00
        r.event(EventTypes.DOOR_HELD_OPEN, "door.1f.main-entrance");
        assertTrue(r.alarm(id).suppressed());
        assertTrue(r.alarm(id).active());
        assertEquals(AlarmState.NORMAL, r.state(id));
        assertTrue(r.typesOf(id).isEmpty());
        r.event(EventTypes.DOOR_SECURED, "door.1f.main-entrance");
        r.at(Instant.parse("2026-12-02T08:14:00Z")).event(EventTypes.DOOR_HELD_OPEN, "door.1f.main-entrance");
        assertEquals("17:14 is still opening hours", AlarmState.NORMAL, r.state(id));
        r.at(Instant.parse("2026-12-02T08:15:00Z")); // 17:15
        assertEquals(List.of(EventTypes.ALARM_UNSUPPRESSED, EventTypes.ALARM_RAISED), r.typesOf(id));
        assertEquals(AlarmState.ACTIVE_UNACKED, r.state(id));
        r.at(Instant.parse("2026-12-02T23:30:00Z")); // Thursday 08:30
        assertEquals(EventTypes.ALARM_SUPPRESSED, r.last().type());
        assertEquals("opening-hours", r.last().data().get("schedule"));
    }

    @Test
    public void aScheduleIsOffAtTheWeekend() throws Exception {
        Schedule s = Fixture.config(Fixture.building(), "schedule opening-hours mon-fri 08:30-17:15")
                .schedules().get("opening-hours");
        assertTrue(s.activeAt(Instant.parse("2026-12-04T00:00:00Z").atZone(Fixture.TOKYO))); // Friday 09:00
        assertFalse(s.activeAt(Instant.parse("2026-12-05T00:00:00Z").atZone(Fixture.TOKYO))); // Saturday 09:00
        Schedule night = Fixture.config(Fixture.building(), "schedule night daily 22:00-06:00").schedules().get("night");
        assertTrue(night.activeAt(Instant.parse("2026-12-04T20:00:00Z").atZone(Fixture.TOKYO))); // Saturday 05:00
        assertFalse(night.activeAt(Instant.parse("2026-12-04T22:00:00Z").atZone(Fixture.TOKYO))); // Saturday 07:00
    }
}
