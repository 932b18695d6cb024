package dev.yakata.alarms.rules;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventTypes;
import dev.yakata.api.event.Severity;
import java.util.List;
import org.junit.Test;

/** The ISA-18.2 states an operator sees and every transition between them. */
public class AlarmStatesTest {

    static final String UPS = "alarm ups.on-battery high point ups.2f.server-room/on-battery equals true";
    static final String ID = "ups.on-battery@ups.2f.server-room";

    @Test
    public void anAlarmStartsNormalAndIsRaisedUnacknowledgedWhenItsConditionHolds() throws Exception {
        Fixture.Running r = new Fixture.Running(UPS);
        assertEquals(AlarmState.NORMAL, r.state(ID));
        r.point("ups.2f.server-room", "on-battery", true);
        assertEquals(AlarmState.ACTIVE_UNACKED, r.state(ID));
        Event raised = r.last();
        assertEquals(EventTypes.ALARM_RAISED, raised.type());
        assertEquals(AlarmEngine.SOURCE, raised.source());
        assertEquals(ID, raised.subject());
        assertEquals(Severity.ALARM, raised.severity());
        assertEquals("ups.on-battery", raised.data().get("condition"));
        assertEquals("ups.2f.server-room", raised.data().get("device"));
        assertEquals("on-battery", raised.data().get("point"));
        assertEquals("high", raised.data().get("priority"));
        assertEquals("ACTIVE_UNACKED", raised.data().get("state"));
        assertEquals(1L, raised.data().get("count"));
    }

    @Test
    public void acknowledgingAnActiveAlarmMakesItActiveAcknowledgedWithWhoAndComment() throws Exception {
        Fixture.Running r = new Fixture.Running(UPS).point("ups.2f.server-room", "on-battery", true);
        AlarmView acked = r.engine.acknowledge(ID, "sato", "generator starting", r.now);
        assertEquals(AlarmState.ACTIVE_ACKED, acked.state());
        assertEquals("sato", acked.acknowledgedBy());
        Event event = r.last();
        assertEquals(EventTypes.ALARM_ACKNOWLEDGED, event.type());
        assertEquals("sato", event.data().get("user"));
        assertEquals("sato", event.actor());
        assertEquals("generator starting", event.data().get("comment"));
    }

    @Test
    public void anAcknowledgedAlarmWhoseConditionReturnsIsClearedToNormal() throws Exception {
        Fixture.Running r = new Fixture.Running(UPS).point("ups.2f.server-room", "on-battery", true);
        r.engine.acknowledge(ID, "sato", "", r.now);
        r.point("ups.2f.server-room", "on-battery", false);
        assertEquals(AlarmState.NORMAL, r.state(ID));
        assertEquals(EventTypes.ALARM_CLEARED, r.last().type());
    }

    @Test
    public void anUnacknowledgedAlarmWhoseConditionReturnsWaitsAsReturnedUnacknowledged() throws Exception {
        Fixture.Running r = new Fixture.Running(UPS).point("ups.2f.server-room", "on-battery", true)
                .point("ups.2f.server-room", "on-battery", false);
        assertEquals(AlarmState.RETURNED_UNACKED, r.state(ID));
        assertEquals(EventTypes.ALARM_RETURNED, r.last().type());
        r.engine.acknowledge(ID, "sato", "saw it", r.now);
        assertEquals(AlarmState.NORMAL, r.state(ID));
        assertEquals(List.of(EventTypes.ALARM_RAISED, EventTypes.ALARM_RETURNED, EventTypes.ALARM_ACKNOWLEDGED), r.typesOf(ID));
    }

    @Test
    public void aReturnedAlarmThatComesBackIsRaisedAgainAsTheSameAlarmWithItsCount() throws Exception {
        Fixture.Running r = new Fixture.Running(UPS).point("ups.2f.server-room", "on-battery", true)
                .point("ups.2f.server-room", "on-battery", false).point("ups.2f.server-room", "on-battery", true);
        assertEquals(AlarmState.ACTIVE_UNACKED, r.state(ID));
        assertEquals(2, r.alarm(ID).count());
        assertEquals(2L, r.last().data().get("count"));
    }

    @Test
    public void acknowledgingANormalOrAcknowledgedAlarmIsRefusedWithItsState() throws Exception {
        Fixture.Running r = new Fixture.Running(UPS);
        RefusedOperation normal = assertThrows(RefusedOperation.class, () -> r.engine.acknowledge(ID, "sato", "", r.now));
        assertTrue(normal.getMessage(), normal.getMessage().contains("is NORMAL: there is nothing to acknowledge"));
        r.point("ups.2f.server-room", "on-battery", true);
        r.engine.acknowledge(ID, "sato", "", r.now);
        RefusedOperation acked = assertThrows(RefusedOperation.class, () -> r.engine.acknowledge(ID, "sato", "", r.now));
        assertTrue(acked.getMessage(), acked.getMessage().contains("ACTIVE_ACKED"));
    }

    @Test
    public void anAlarmIsNamedByItsIdOrByAConditionWithOneAlarm() throws Exception {
        Fixture.Running r = new Fixture.Running(UPS).point("ups.2f.server-room", "on-battery", true);
        assertEquals(AlarmState.ACTIVE_ACKED, r.engine.acknowledge("ups.on-battery", "sato", "", r.now).state());
        RefusedOperation unknown = assertThrows(RefusedOperation.class, () -> r.engine.acknowledge("nope", "sato", "", r.now));
        assertTrue(unknown.getMessage(), unknown.getMessage().contains("no alarm 'nope'"));
    }

    @Test
    public void aConditionOverAProfileHasOneAlarmPerDeviceAndAsksWhichOneWhenNamedAlone() throws Exception {
        Fixture.Running r = new Fixture.Running("alarm feeds.lost medium feeds power-feeds lost-one");
        RefusedOperation which = assertThrows(RefusedOperation.class, () -> r.engine.acknowledge("feeds.lost", "sato", "", r.now));
        assertTrue(which.getMessage(), which.getMessage().contains("has 6 alarms; name one of"));
        assertTrue(which.getMessage(), which.getMessage().contains("feeds.lost@power.2f.feeds"));
    }

    @Test
    public void aValueOfBadQualityLeavesTheAlarmAsItIs() throws Exception {
        Fixture.Running r = new Fixture.Running(UPS).point("ups.2f.server-room", "on-battery", true);
        r.engine.onPoint("ups.2f.server-room", "on-battery", null, dev.yakata.api.device.Quality.BAD, r.now);
        assertEquals(AlarmState.ACTIVE_UNACKED, r.state(ID));
        assertTrue(r.alarm(ID).active());
    }

    @Test
    public void theListShowsStandingAlarmsFirstByPriority() throws Exception {
        Fixture.Running r = new Fixture.Running(UPS + "\nalarm ups.charge-low urgent point ups.2f.server-room/charge below 50\n"
                + "alarm ups.runtime-low low point ups.2f.server-room/runtime-left below 10");
        r.point("ups.2f.server-room", "on-battery", true).point("ups.2f.server-room", "charge", 40.0)
                .point("ups.2f.server-room", "runtime-left", 30.0);
        List<AlarmView> list = r.engine.list();
        assertEquals("ups.charge-low@ups.2f.server-room", list.get(0).id());
        assertEquals(ID, list.get(1).id());
        assertFalse(list.get(2).standing());
        assertEquals(Severity.CRITICAL, r.last().severity());
    }
}
