package dev.yakata.alarms.rules;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.yakata.api.event.EventTypes;
import java.util.List;
import org.junit.Test;

/** Alarms on events: raised by one event type (with a data match), returned by a clearing event, or latched. */
public class EventAlarmsTest {

    static final String FILE = """
            alarm door.forced    high   event door.forced clears door.secured
            alarm shutter.fault  medium event shutter.state where state=FAULT clears shutter.state where state!=FAULT
            alarm camera.tamper  low    event camera.tamper
            """;

    @Test
    public void aForcedDoorIsAnAlarmUntilTheDoorIsSecured() throws Exception {
        String id = "door.forced@door.1f.main-entrance";
        Fixture.Running r = new Fixture.Running(FILE).event(EventTypes.DOOR_FORCED, "door.1f.main-entrance");
        assertEquals(AlarmState.ACTIVE_UNACKED, r.state(id));
        r.event(EventTypes.DOOR_SECURED, "door.1f.main-entrance");
        assertEquals(AlarmState.RETURNED_UNACKED, r.state(id));
    }

    @Test
    public void aShutterInFaultIsAnAlarmUntilItReportsAnotherState() throws Exception {
        String id = "shutter.fault@shutter.1f.counter-1";
        Fixture.Running r = new Fixture.Running(FILE).event(EventTypes.SHUTTER_STATE, "shutter.1f.counter-1", "state", "CLOSING");
        assertTrue(r.engine.list().stream().noneMatch(a -> a.id().equals(id)));
        r.event(EventTypes.SHUTTER_STATE, "shutter.1f.counter-1", "state", "FAULT");
        assertEquals(AlarmState.ACTIVE_UNACKED, r.state(id));
        assertEquals("FAULT", r.alarm(id).value());
        r.event(EventTypes.SHUTTER_STATE, "shutter.1f.counter-1", "state", "FAULT");
        assertEquals(AlarmState.ACTIVE_UNACKED, r.state(id));
        r.event(EventTypes.SHUTTER_STATE, "shutter.1f.counter-1", "state", "OPEN");
        assertEquals(AlarmState.RETURNED_UNACKED, r.state(id));
    }

    @Test
    public void anEventAlarmWithoutAClearingEventIsLatchedUntilAcknowledged() throws Exception {
        String id = "camera.tamper@camera.1f.main-entrance";
        Fixture.Running r = new Fixture.Running(FILE).event(EventTypes.CAMERA_TAMPER, "camera.1f.main-entrance");
        assertEquals(AlarmState.ACTIVE_UNACKED, r.state(id));
        r.engine.acknowledge(id, "sato", "lens cleaned", r.now);
        assertEquals(AlarmState.NORMAL, r.state(id));
        r.event(EventTypes.CAMERA_TAMPER, "camera.1f.main-entrance");
        assertEquals(AlarmState.ACTIVE_UNACKED, r.state(id));
        assertEquals("a new occurrence after NORMAL counts from one", 1, r.alarm(id).count());
    }

    @Test
    public void aFloodOfTheSameAlarmCollapsesIntoOneAlarmWithACount() throws Exception {
        String id = "door.forced@door.1f.main-entrance";
        Fixture.Running r = new Fixture.Running(FILE);
        for (int i = 0; i < 50; i++) {
            r.event(EventTypes.DOOR_FORCED, "door.1f.main-entrance");
        }
        assertEquals(50, r.alarm(id).count());
        assertEquals("one annunciation, not fifty", List.of(EventTypes.ALARM_RAISED), r.typesOf(id));
        assertEquals(1, r.engine.list().stream().filter(a -> a.condition().equals("door.forced")).count());
        r.event(EventTypes.DOOR_SECURED, "door.1f.main-entrance");
        assertEquals("the next event carries the count", 50L, r.last().data().get("count"));
    }

    @Test
    public void theEnginesOwnAlarmEventsNeverTriggerAnAlarm() throws Exception {
        Fixture.Running r = new Fixture.Running("alarm any-raised low event alarm.raised");
        r.event(EventTypes.ALARM_RAISED, AlarmEngine.SOURCE);
        assertTrue(r.engine.list().isEmpty());
        r.event(EventTypes.ALARM_RAISED, "ups.2f.server-room");
        assertEquals(AlarmState.ACTIVE_UNACKED, r.state("any-raised@ups.2f.server-room"));
    }

    @Test
    public void fromNarrowsAnEventAlarmToSomeDevices() throws Exception {
        Fixture.Running r = new Fixture.Running("alarm held high event door.held-open from door.1f.* clears door.secured");
        r.event(EventTypes.DOOR_HELD_OPEN, "door.2f.server-room").event(EventTypes.DOOR_HELD_OPEN, "door.1f.main-entrance");
        assertEquals(List.of("held@door.1f.main-entrance"), r.engine.list().stream().map(AlarmView::id).toList());
    }
}
