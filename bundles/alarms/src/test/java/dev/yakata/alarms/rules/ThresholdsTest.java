package dev.yakata.alarms.rules;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import org.junit.Test;

/** Analog thresholds with a deadband, on-delay and off-delay, and rate of rise. */
public class ThresholdsTest {

    static final String HVAC = "hvac.2f.server-room";
    static final String HIGH = "temp-high@" + HVAC;

    @Test
    public void aHighAlarmWithADeadbandReturnsOnlyBelowTheLimitMinusTheDeadband() throws Exception {
        Fixture.Running r = new Fixture.Running("alarm temp-high high point " + HVAC + "/supply-temp above 27 deadband 1");
        r.point(HVAC, "supply-temp", 27.0);
        assertEquals(AlarmState.NORMAL, r.state(HIGH));
        r.point(HVAC, "supply-temp", 27.2);
        assertEquals(AlarmState.ACTIVE_UNACKED, r.state(HIGH));
        r.point(HVAC, "supply-temp", 26.5).point(HVAC, "supply-temp", 27.4).point(HVAC, "supply-temp", 26.1);
        assertEquals("chatter inside the deadband raises nothing more", 1, r.alarm(HIGH).count());
        assertEquals(AlarmState.ACTIVE_UNACKED, r.state(HIGH));
        r.point(HVAC, "supply-temp", 25.9);
        assertEquals(AlarmState.RETURNED_UNACKED, r.state(HIGH));
    }

    @Test
    public void aLowAlarmWithADeadbandReturnsOnlyAboveTheLimitPlusTheDeadband() throws Exception {
        String id = "charge-low@ups.2f.server-room";
        Fixture.Running r = new Fixture.Running("alarm charge-low urgent point ups.2f.server-room/charge below 50 deadband 5");
        r.point("ups.2f.server-room", "charge", 49.0);
        assertEquals(AlarmState.ACTIVE_UNACKED, r.state(id));
        r.point("ups.2f.server-room", "charge", 54.0);
        assertEquals(AlarmState.ACTIVE_UNACKED, r.state(id));
        r.point("ups.2f.server-room", "charge", 55.5);
        assertEquals(AlarmState.RETURNED_UNACKED, r.state(id));
    }

    @Test
    public void anOnDelayRaisesTheAlarmOnlyWhenTheConditionHeldThatLong() throws Exception {
        Fixture.Running r = new Fixture.Running("alarm temp-high high point " + HVAC + "/supply-temp above 27 on-delay 30s");
        r.point(HVAC, "supply-temp", 28.0).later(20);
        assertEquals(AlarmState.NORMAL, r.state(HIGH));
        r.point(HVAC, "supply-temp", 26.0).later(20).point(HVAC, "supply-temp", 28.0).later(29);
        assertEquals("a blip that ended restarts the delay", AlarmState.NORMAL, r.state(HIGH));
        r.later(1);
        assertEquals(AlarmState.ACTIVE_UNACKED, r.state(HIGH));
    }

    @Test
    public void anOffDelayReturnsTheAlarmOnlyWhenTheConditionWasGoneThatLong() throws Exception {
        Fixture.Running r = new Fixture.Running("alarm temp-high high point " + HVAC + "/supply-temp above 27 off-delay 1m");
        r.point(HVAC, "supply-temp", 28.0);
        assertEquals(AlarmState.ACTIVE_UNACKED, r.state(HIGH));
        r.point(HVAC, "supply-temp", 25.0).later(59);
        assertEquals(AlarmState.ACTIVE_UNACKED, r.state(HIGH));
        r.later(1);
        assertEquals(AlarmState.RETURNED_UNACKED, r.state(HIGH));
    }

    @Test
    public void aRoomWarmingFastIsAnAlarmBeforeTheThreshold() throws Exception {
        String id = "temp-rise@" + HVAC;
        Fixture.Running r = new Fixture.Running("alarm temp-rise high point " + HVAC + "/supply-temp rise 2 in 5m\n"
                + "alarm temp-high high point " + HVAC + "/supply-temp above 27");
        r.point(HVAC, "supply-temp", 21.0);
        for (int minute = 1; minute <= 4; minute++) {
            r.later(60).point(HVAC, "supply-temp", 21.0 + 0.6 * minute);
        }
        assertEquals("2.4 °C in 4 minutes", AlarmState.ACTIVE_UNACKED, r.state(id));
        assertEquals(AlarmState.NORMAL, r.state(HIGH));
    }

    @Test
    public void aSlowDriftOfTheSameSizeRaisesNoRateOfRiseAlarm() throws Exception {
        String id = "temp-rise@" + HVAC;
        Fixture.Running r = new Fixture.Running("alarm temp-rise high point " + HVAC + "/supply-temp rise 2 in 5m");
        r.point(HVAC, "supply-temp", 21.0);
        for (int minute = 1; minute <= 30; minute++) {
            r.later(60).point(HVAC, "supply-temp", 21.0 + 0.1 * minute);
        }
        assertEquals(AlarmState.NORMAL, r.state(id));
    }

    @Test
    public void aRiseReturnsOnceTheWindowHasSlidPastTheLowestValueEvenWithoutNewValues() throws Exception {
        String id = "temp-rise@" + HVAC;
        Fixture.Running r = new Fixture.Running("alarm temp-rise high point " + HVAC + "/supply-temp rise 2 in 5m");
        r.point(HVAC, "supply-temp", 21.0).later(60).point(HVAC, "supply-temp", 23.5);
        assertEquals(AlarmState.ACTIVE_UNACKED, r.state(id));
        r.later(5 * 60 + 1);
        assertEquals(AlarmState.RETURNED_UNACKED, r.state(id));
    }

    @Test
    public void aMultistateEqualsCatchesTheCoolingUnitsFaultState() throws Exception {
        String id = "cooling-fault@" + HVAC;
        Fixture.Running r = new Fixture.Running("alarm cooling-fault urgent role hvac/run-state equals 3");
        r.point(HVAC, "crac-status", 1L);
        assertEquals(AlarmState.NORMAL, r.state(id));
        r.point(HVAC, "crac-status", 3L);
        assertEquals(AlarmState.ACTIVE_UNACKED, r.state(id));
        assertEquals(List.of("alarm.raised"), r.typesOf(id));
        assertTrue(r.alarm(id).message(), r.alarm(id).message().contains("crac-status is 3"));
    }
}
