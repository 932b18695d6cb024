package dev.yakata.alarms.rules;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventTypes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

/** A new engine rebuilds the alarms from the events the old one published, then follows the current values. */
public class RestoreTest {

    static final String FILE = AlarmStatesTest.UPS + "\nalarm door.forced high event door.forced clears door.secured\n";
    static final String UPS = AlarmStatesTest.ID;
    static final String DOOR = "door.forced@door.1f.main-entrance";

    private static Fixture.Running restarted(Fixture.Running before) throws Exception {
        Fixture.Running after = new Fixture.Running(FILE);
        after.now = before.now.plusSeconds(60);
        after.engine.restore(new ArrayList<>(before.events), after.now);
        return after;
    }

    /** A restart whose first load and rebuild do not list the UPS's device. */
    private static Fixture.Running restartedWithoutTheUps(Fixture.Running before, String file) throws Exception {
        Fixture.Running after = new Fixture.Running(file);
        after.now = before.now.plusSeconds(60);
        after.catalog.devices.removeIf(d -> d.id().equals("ups.2f.server-room"));
        after.engine.configure(Fixture.config(after.catalog, file), after.catalog, after.now);
        after.engine.restore(new ArrayList<>(before.events), after.now);
        return after;
    }

    @Test
    public void anAcknowledgedShelvedAlarmComesBackWithItsStateAndWhoDidWhat() throws Exception {
        Fixture.Running before = new Fixture.Running(FILE).point("ups.2f.server-room", "on-battery", true);
        before.engine.acknowledge(UPS, "sato", "on generator", before.now);
        before.engine.shelve(UPS, "sato", "maintenance", Duration.ofHours(1), Duration.ofHours(8), before.now);
        Fixture.Running after = restarted(before);
        AlarmView alarm = after.alarm(UPS);
        assertEquals(AlarmState.ACTIVE_ACKED, alarm.state());
        assertTrue(alarm.active());
        assertEquals("sato", alarm.acknowledgedBy());
        assertEquals("on generator", alarm.comment());
        assertEquals(before.now.plusSeconds(3600), alarm.shelvedUntil());
        assertEquals("maintenance", alarm.shelveReason());
        assertTrue("restoring publishes nothing", after.events.isEmpty());
    }

    @Test
    public void anAlarmWhoseDeviceIsListedOnlyAfterTheRebuildTakesItsRecordedStateAndIsNotRaisedAgain() throws Exception {
        String byRole = "alarm ups.on-battery high role ups/on-battery equals true\n";
        Fixture.Running before = new Fixture.Running(byRole).point("ups.2f.server-room", "on-battery", true);
        before.engine.acknowledge(UPS, "sato", "on generator", before.now);
        before.engine.shelve(UPS, "sato", "vendor on site", Duration.ofHours(1), Duration.ofHours(8), before.now);
        before.engine.unshelve(UPS, "sato", "vendor left", before.now);
        // the hub starting: the engine's first load and rebuild come before the UPS's device file
        Fixture.Running after = restartedWithoutTheUps(before, byRole);
        after.catalog.devices.clear();
        after.catalog.devices.addAll(Fixture.building().devices());
        after.engine.configure(Fixture.config(after.catalog, byRole), after.catalog, after.now);
        after.point("ups.2f.server-room", "on-battery", true);
        AlarmView alarm = after.alarm(UPS);
        assertEquals(AlarmState.ACTIVE_ACKED, alarm.state());
        assertEquals("sato", alarm.acknowledgedBy());
        assertEquals("on generator", alarm.comment());
        assertEquals("since is the acknowledgement, not the unshelving", before.alarm(UPS).since(), alarm.since());
        assertTrue("nothing raised again: " + after.types(), after.events.isEmpty());
    }

    @Test
    public void aRecordedAlarmWhoseDeviceNeverComesBackIsClosedWithTheReasonNotLeftUnseen() throws Exception {
        String byRole = "alarm ups.on-battery high role ups/on-battery equals true\n";
        Fixture.Running before = new Fixture.Running(byRole).point("ups.2f.server-room", "on-battery", true);
        before.engine.acknowledge(UPS, "sato", "on generator", before.now);
        // the UPS's device file was removed while the hub was down
        Fixture.Running after = restartedWithoutTheUps(before, byRole);
        assertTrue("nothing announced while the device may still come", after.events.isEmpty());

        assertEquals(java.util.Set.of(UPS), after.engine.closeUnbound(after.now.plusSeconds(120)));
        assertEquals(List.of(EventTypes.ALARM_CLEARED), after.types());
        Event cleared = after.events.get(0);
        assertEquals(UPS, cleared.subject());
        assertEquals("NORMAL", cleared.data().get("state"));
        assertEquals("its device ups.2f.server-room is not among the devices loaded since the restart, so its recorded "
                + "alarm (ACTIVE_ACKED) is closed; it is evaluated afresh if the device's file comes back",
                cleared.data().get("comment"));
        assertTrue("closed once", after.engine.closeUnbound(after.now.plusSeconds(240)).isEmpty());
    }

    @Test
    public void aRestoredActiveAlarmWhoseValueIsNormalNowReturns() throws Exception {
        Fixture.Running before = new Fixture.Running(FILE).point("ups.2f.server-room", "on-battery", true);
        Fixture.Running after = restarted(before).point("ups.2f.server-room", "on-battery", false);
        assertEquals(AlarmState.RETURNED_UNACKED, after.state(UPS));
        assertEquals(List.of(EventTypes.ALARM_RETURNED), after.types());
    }

    @Test
    public void aRestoredActiveAlarmWhoseValueIsStillActiveIsNotRaisedAgain() throws Exception {
        Fixture.Running before = new Fixture.Running(FILE).point("ups.2f.server-room", "on-battery", true);
        Fixture.Running after = restarted(before).point("ups.2f.server-room", "on-battery", true);
        assertEquals(AlarmState.ACTIVE_UNACKED, after.state(UPS));
        assertTrue(after.events.isEmpty());
    }

    @Test
    public void anEventAlarmComesBackWithItsCountAndIsClearedByTheNextClearingEvent() throws Exception {
        Fixture.Running before = new Fixture.Running(FILE).event(EventTypes.DOOR_FORCED, "door.1f.main-entrance");
        before.engine.acknowledge(DOOR, "sato", "guard sent", before.now);
        Fixture.Running after = restarted(before);
        assertEquals(AlarmState.ACTIVE_ACKED, after.state(DOOR));
        after.event(EventTypes.DOOR_SECURED, "door.1f.main-entrance");
        assertEquals(AlarmState.NORMAL, after.state(DOOR));
    }

    @Test
    public void anExpiredShelvingEndsAtTheFirstTickAfterTheRestart() throws Exception {
        Fixture.Running before = new Fixture.Running(FILE).point("ups.2f.server-room", "on-battery", true);
        before.engine.shelve(UPS, "sato", "short", Duration.ofSeconds(30), Duration.ofHours(8), before.now);
        Fixture.Running after = restarted(before);
        after.later(0);
        assertEquals(List.of(EventTypes.ALARM_UNSHELVED), after.types());
        assertEquals(AlarmState.ACTIVE_UNACKED, after.state(UPS));
    }

    @Test
    public void eventsOfAConditionNoLongerInTheFilesAreSkippedAndNamed() throws Exception {
        Fixture.Running before = new Fixture.Running(FILE);
        before.events.add(Event.builder(EventTypes.ALARM_RAISED, AlarmEngine.SOURCE).subject("gone@x")
                .put("condition", "gone").put("state", "ACTIVE_UNACKED").build());
        Fixture.Running after = new Fixture.Running(FILE);
        assertEquals(java.util.Set.of("gone@x"), after.engine.restore(before.events, after.now));
    }
}
