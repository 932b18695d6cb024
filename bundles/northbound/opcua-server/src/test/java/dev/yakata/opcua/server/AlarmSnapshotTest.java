package dev.yakata.opcua.server;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventTypes;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.Test;

/** How the alarm engine's events and list rows become what an OPC UA client sees of a condition. */
public class AlarmSnapshotTest {

    private static Event alarmEvent(String type, String state, Map<String, Object> more) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("alarm", "server-room.too-hot");
        data.put("condition", "too-hot");
        data.put("device", "hvac.2f.server-room");
        data.put("point", "supply-temp");
        data.put("priority", "high");
        data.put("state", state);
        data.put("count", 1L);
        data.put("message", "Server room too hot");
        data.putAll(more);
        return Event.builder(type, "alarms").subject("server-room.too-hot").time(Instant.parse("2026-12-02T05:00:00Z"))
                .data(data).build();
    }

    @Test
    public void theFourPrioritiesMapOntoDistinctSeveritiesInPart9sBandsAndAnUnknownOneIsMedium() {
        assertEquals(900, AlarmSnapshot.severity("urgent"));
        assertEquals(700, AlarmSnapshot.severity("high"));
        assertEquals(500, AlarmSnapshot.severity("medium"));
        assertEquals(300, AlarmSnapshot.severity("low"));
        assertEquals(500, AlarmSnapshot.severity("bogus"));
    }

    @Test
    public void eachIsaStateGivesItsActiveAckedAndRetainFlags() {
        AlarmSnapshot raised = AlarmSnapshot.after(null, alarmEvent(EventTypes.ALARM_RAISED, "ACTIVE_UNACKED", Map.of()));
        assertTrue(raised.active());
        assertFalse(raised.acked());
        assertTrue(raised.retain());
        AlarmSnapshot acked = AlarmSnapshot.after(raised, alarmEvent(EventTypes.ALARM_ACKNOWLEDGED, "ACTIVE_ACKED",
                Map.of("user", "operator", "comment", "on it")));
        assertTrue(acked.active());
        assertTrue(acked.acked());
        assertTrue(acked.retain());
        assertEquals("operator", acked.user());
        assertEquals("on it", acked.comment());
        AlarmSnapshot returned = AlarmSnapshot.after(raised, alarmEvent(EventTypes.ALARM_RETURNED, "RETURNED_UNACKED",
                Map.of()));
        assertFalse(returned.active());
        assertFalse(returned.acked());
        assertTrue(returned.retain());
        AlarmSnapshot cleared = AlarmSnapshot.after(acked, alarmEvent(EventTypes.ALARM_CLEARED, "NORMAL", Map.of()));
        assertFalse(cleared.active());
        assertTrue(cleared.acked());
        assertFalse(cleared.retain());
    }

    @Test
    public void anEventCarriesTheConditionDeviceMessageAndSeverityOfItsAlarm() {
        AlarmSnapshot raised = AlarmSnapshot.after(null, alarmEvent(EventTypes.ALARM_RAISED, "ACTIVE_UNACKED", Map.of()));
        assertEquals("server-room.too-hot", raised.alarm());
        assertEquals("too-hot", raised.condition());
        assertEquals("hvac.2f.server-room", raised.device());
        assertEquals("Server room too hot", raised.message());
        assertEquals(700, raised.severity());
        assertEquals(Instant.parse("2026-12-02T05:00:00Z"), raised.time());
    }

    @Test
    public void shelvingSuppressionAndOutOfServiceLastUntilTheirOppositeEventAndOutOfServiceIsNotRetained() {
        AlarmSnapshot raised = AlarmSnapshot.after(null, alarmEvent(EventTypes.ALARM_RAISED, "ACTIVE_UNACKED", Map.of()));
        AlarmSnapshot shelved = AlarmSnapshot.after(raised, alarmEvent(EventTypes.ALARM_SHELVED, "ACTIVE_UNACKED",
                Map.of("until", "2026-12-02T06:00:00Z")));
        assertTrue(shelved.shelved());
        // a later event of another kind keeps the shelving
        AlarmSnapshot stillShelved = AlarmSnapshot.after(shelved, alarmEvent(EventTypes.ALARM_RETURNED,
                "RETURNED_UNACKED", Map.of()));
        assertTrue(stillShelved.shelved());
        assertFalse(AlarmSnapshot.after(stillShelved, alarmEvent(EventTypes.ALARM_UNSHELVED, "RETURNED_UNACKED",
                Map.of())).shelved());

        AlarmSnapshot suppressed = AlarmSnapshot.after(raised, alarmEvent(EventTypes.ALARM_SUPPRESSED,
                "ACTIVE_UNACKED", Map.of("schedule", "opening-hours")));
        assertTrue(suppressed.suppressed());
        assertFalse(AlarmSnapshot.after(suppressed, alarmEvent(EventTypes.ALARM_UNSUPPRESSED, "ACTIVE_UNACKED",
                Map.of())).suppressed());

        AlarmSnapshot disabled = AlarmSnapshot.after(raised, alarmEvent(EventTypes.ALARM_OUT_OF_SERVICE,
                "ACTIVE_UNACKED", Map.of()));
        assertTrue(disabled.outOfService());
        assertFalse(disabled.retain());
        AlarmSnapshot enabled = AlarmSnapshot.after(disabled, alarmEvent(EventTypes.ALARM_IN_SERVICE, "ACTIVE_UNACKED",
                Map.of()));
        assertFalse(enabled.outOfService());
        assertTrue(enabled.retain());
    }

    @Test
    public void onlyTheAlarmEnginesAlarmEventsWithAnAlarmIdAreFollowed() {
        assertTrue(AlarmSnapshot.isAlarmEvent(alarmEvent(EventTypes.ALARM_RAISED, "ACTIVE_UNACKED", Map.of())));
        // a device's own alarm.raised (another source) is not one of the hub's alarms
        assertFalse(AlarmSnapshot.isAlarmEvent(Event.builder(EventTypes.ALARM_RAISED, "ups.1").subject("x").build()));
        assertFalse(AlarmSnapshot.isAlarmEvent(Event.builder(EventTypes.ALARM_RAISED, "alarms").build()));
        assertFalse(AlarmSnapshot.isAlarmEvent(Event.builder(EventTypes.POINT_CHANGED, "alarms").subject("x").build()));
    }

    @Test
    public void aListRowGivesStateFlagsAndPriorityAndTheAlarmIdStandsForTheConditionUntilAnEventNamesIt() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("alarm", "ups.on-battery");
        row.put("priority", "urgent");
        row.put("state", "ACTIVE_UNACKED");
        row.put("count", 3L);
        row.put("since", "2026-12-02T04:00:00Z");
        row.put("flags", "active,shelved until 2026-12-02T06:00:00Z,out of service");
        row.put("message", "UPS on battery");
        AlarmSnapshot s = AlarmSnapshot.fromRow(row, Instant.EPOCH);
        assertEquals("ups.on-battery", s.condition());
        assertEquals("", s.device());
        assertEquals(900, s.severity());
        assertEquals(3, s.count());
        assertTrue(s.shelved());
        assertFalse(s.suppressed());
        assertTrue(s.outOfService());
        assertEquals(Instant.parse("2026-12-02T04:00:00Z"), s.time());

        row.put("since", "not a time");
        assertEquals(Instant.EPOCH, AlarmSnapshot.fromRow(row, Instant.EPOCH).time());
    }
}
