package dev.yakata.store.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventTypes;
import dev.yakata.eventjson.EventJson;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.Test;

/** Which events become records of the access chain, and what each record says; no database. */
public class AccessProjectorTest {

    private static Event decision(String type, Object level) {
        return Event.builder(type, "door.2f.server-room").correlationId("swipe-1").put("door", "door.2f.server-room")
                .put("reader", "exit").put("direction", "exit").put("from", "back-office").put("to", "server-room")
                .put("level", level).put("card", "card:0123456789abcdef01234567").put("person", "P0107")
                .put("reason", "passback").put("detail", "already outside").put("rule", "")
                .put("passbackViolation", false).put("escort", "").put("unlockCommand", "cmd-9").build();
    }

    @Test
    public void levelThreeIsAcceptedAsIntegerLongOrNumericTextAndNothingElseIs() {
        for (Object three : new Object[] {3, 3L, (short) 3, "3", " 3 ", "3.0", 3.0, new BigDecimal("3.00")}) {
            assertTrue(three + " (" + three.getClass().getSimpleName() + ")", AccessProjector.isLevel3(three));
        }
        for (Object other : new Object[] {0, 1L, 2, "2", 3.5, "three", "", "3a", null, true, Double.NaN,
                java.util.List.of(3)}) {
            assertFalse(String.valueOf(other), AccessProjector.isLevel3(other));
        }
    }

    @Test
    public void onlyGrantedAndDeniedDecisionsAtLevelThreeGoToTheAccessChain() {
        assertEquals(Chains.ACCESS, Chains.project(decision(EventTypes.ACCESS_GRANTED, 3), 1).chain());
        assertEquals(Chains.ACCESS, Chains.project(decision(EventTypes.ACCESS_DENIED, 3L), 1).chain());
        assertNull(Chains.project(decision(EventTypes.ACCESS_DENIED, 2), 1));
        assertNull(Chains.project(decision("card.presented", 3), 1));
        assertNull(Chains.project(decision("access.fire-release", 3), 1));
        assertEquals(Chains.AUDIT, Chains.project(Event.builder(EventTypes.COMMAND_ISSUED, "door.1")
                .put("user", "tanaka").put("level", 3).build(), 1).chain());
    }

    @Test
    public void aRecordSaysWhoWhereWhichWayAndWhyWithTheZonesReaderAndCardAsArguments() {
        Event e = decision(EventTypes.ACCESS_DENIED, 3);
        AuditRecord r = AccessProjector.project(e, 42);
        assertEquals(EventTypes.ACCESS_DENIED, r.kind());
        assertEquals("P0107", r.user());
        assertEquals("card", r.channel());
        assertEquals("door.2f.server-room", r.device());
        assertEquals("exit", r.action());
        assertEquals("denied", r.outcome());
        assertEquals("passback", r.reason());
        assertEquals(e.id(), r.eventId());
        assertEquals(42, r.journalPosition());
        assertEquals("swipe-1", r.correlationId());
        assertEquals(Times.nanos(e.time()), r.timeNanos());
        // a present flag is kept even when false; an empty escort is no escort; detail, rule and the command are not
        // part of the record
        assertEquals(Map.of("reader", "exit", "from", "back-office", "to", "server-room",
                "card", "card:0123456789abcdef01234567", "passbackViolation", false),
                EventJson.mapFromJson(r.argumentsJson()));
        assertTrue(r.argumentsJson(), r.argumentsJson().startsWith("{\"reader\":\"exit\",\"from\":\"back-office\","
                + "\"to\":\"server-room\",\"card\":"));
    }
}
