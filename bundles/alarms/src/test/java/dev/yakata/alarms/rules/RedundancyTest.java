package dev.yakata.alarms.rules;

import static org.junit.Assert.assertEquals;

import dev.yakata.api.event.EventTypes;
import dev.yakata.api.event.Severity;
import org.junit.Test;

/** Per-floor redundancy of two feeds, over every device of the power-feeds profile. */
public class RedundancyTest {

    static final String FILE = """
            alarm power.redundancy-lost high   feeds power-feeds lost-one  devices power.*
            alarm power.feeds-lost      urgent feeds power-feeds lost-both devices power.*
            alarm comms.redundancy-lost high   feeds power-feeds lost-one  devices comms.*
            """;
    static final String LOST = "power.redundancy-lost@power.2f.feeds";
    static final String BOTH = "power.feeds-lost@power.2f.feeds";

    private static Fixture.Running floor2Healthy() throws Exception {
        return new Fixture.Running(FILE).point("power.2f.feeds", "feed-a", true).point("power.2f.feeds", "feed-b", true)
                .point("power.2f.feeds", "load-powered", true);
    }

    @Test
    public void feedALostOn2FRaisesRedundancyLostWhileTheLoadIsStillSupplied() throws Exception {
        Fixture.Running r = floor2Healthy();
        assertEquals(AlarmState.NORMAL, r.state(LOST));
        r.point("power.2f.feeds", "feed-a", false);
        assertEquals(AlarmState.ACTIVE_UNACKED, r.state(LOST));
        assertEquals(AlarmState.NORMAL, r.state(BOTH));
        assertEquals("power.2f.feeds", r.last().data().get("device"));
        assertEquals(AlarmState.NORMAL, r.state("power.redundancy-lost@power.1f.feeds"));
        assertEquals("the comms condition does not cover power devices",
                0, r.engine.list().stream().filter(a -> a.id().equals("comms.redundancy-lost@power.2f.feeds")).count());
    }

    @Test
    public void bothFeedsLostRaiseTheHigherAlarmAndRedundancyLostReturns() throws Exception {
        Fixture.Running r = floor2Healthy().point("power.2f.feeds", "feed-a", false).point("power.2f.feeds", "feed-b", false)
                .point("power.2f.feeds", "load-powered", false);
        assertEquals(AlarmState.ACTIVE_UNACKED, r.state(BOTH));
        assertEquals(Priority.URGENT, r.alarm(BOTH).priority());
        assertEquals(Severity.CRITICAL, r.events.stream().filter(e -> e.subject().equals(BOTH)
                && e.type().equals(EventTypes.ALARM_RAISED)).findFirst().orElseThrow().severity());
        assertEquals(AlarmState.RETURNED_UNACKED, r.state(LOST));
        java.util.Map<String, Object> row = AlarmEngine.row(r.alarm(BOTH));
        assertEquals("an operator's list (and a northbound view built from it) names what the alarm is about",
                java.util.List.of("power.feeds-lost", "power.2f.feeds"), java.util.List.of(row.get("condition"), row.get("device")));
    }

    @Test
    public void aLoadNotSuppliedIsTheHigherAlarmEvenWithAFeedLive() throws Exception {
        Fixture.Running r = floor2Healthy().point("power.2f.feeds", "feed-b", false).point("power.2f.feeds", "load-powered", false);
        assertEquals(AlarmState.ACTIVE_UNACKED, r.state(BOTH));
        assertEquals("one feed down but the load not supplied is not mere redundancy loss",
                AlarmState.RETURNED_UNACKED, r.state(LOST));
    }

    @Test
    public void communicationsFeedsHaveTheirOwnAlarmsPerFloor() throws Exception {
        Fixture.Running r = new Fixture.Running(FILE).point("comms.3f.feeds", "feed-a", true)
                .point("comms.3f.feeds", "feed-b", false).point("comms.3f.feeds", "load-powered", true);
        assertEquals(AlarmState.ACTIVE_UNACKED, r.state("comms.redundancy-lost@comms.3f.feeds"));
        assertEquals(AlarmState.NORMAL, r.state("comms.redundancy-lost@comms.2f.feeds"));
    }
}
