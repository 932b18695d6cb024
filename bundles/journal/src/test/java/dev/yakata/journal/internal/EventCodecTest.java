package dev.yakata.journal.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import dev.yakata.api.event.Event;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class EventCodecTest {

    @Test
    public void everyFieldAndEveryKindOfDataComesBackEqualWithItsJavaType() {
        Event original = TestEvents.everyField();
        Event decoded = EventCodec.fromBytes(EventCodec.toBytes(original));
        assertEquals(original, decoded);
        assertEquals(Integer.class, decoded.data().get("int").getClass());
        assertEquals(Long.class, decoded.data().get("long").getClass());
        assertEquals(Float.class, decoded.data().get("float").getClass());
        assertEquals(Short.class, decoded.data().get("short").getClass());
        assertEquals(List.copyOf(original.data().keySet()), List.copyOf(decoded.data().keySet()));
        assertEquals(original.deviceTime(), decoded.deviceTime());
        assertEquals(original.time(), decoded.time());
    }

    @Test
    public void anEventWithOnlyItsRequiredFieldsComesBackWithEmptyOnesAndNoDeviceTime() {
        Event original = Event.of("door.forced", "door.1f.main-entrance");
        Event decoded = EventCodec.fromBytes(EventCodec.toBytes(original));
        assertEquals(original, decoded);
        assertNull(decoded.deviceTime());
        assertEquals("", decoded.subject());
        assertEquals(Map.of(), decoded.data());
    }

    @Test
    public void timesBeforeTheEpochAndNegativeNumbersSurvive() {
        Event original = Event.builder("x.y", "hub").time(Instant.parse("1969-07-20T20:17:40.000000001Z"))
                .deviceTime(Instant.EPOCH).put("n", -1L).put("i", -300).build();
        assertEquals(original, EventCodec.fromBytes(EventCodec.toBytes(original)));
    }

    @Test
    public void aValueOfAnotherTypeIsKeptAsItsTextRatherThanRefused() {
        Event original = Event.builder("x.y", "hub").put("enum", Thread.State.RUNNABLE).put("array",
                new Object[] {"a", 1}).build();
        Event decoded = EventCodec.fromBytes(EventCodec.toBytes(original));
        assertEquals("RUNNABLE", decoded.data().get("enum"));
        assertEquals(List.of("a", 1), decoded.data().get("array"));
    }

    @Test
    public void aTypicalControlEventEncodesCompactly() {
        int size = EventCodec.toBytes(TestEvents.numbered(12345)).length;
        assertTrue("encoded in " + size + " bytes", size < 200);
    }

    @Test
    public void everyTruncationOfAnEncodingIsRefusedNotMisread() {
        byte[] bytes = EventCodec.toBytes(TestEvents.everyField());
        for (int length = 0; length < bytes.length; length++) {
            try {
                EventCodec.fromBytes(Arrays.copyOf(bytes, length));
                fail("decoded " + length + " of " + bytes.length + " bytes");
            } catch (IllegalArgumentException expected) {
                // the journal counts such a record as corrupted
            }
        }
    }

    @Test
    public void anUnknownVersionIsRefusedNamingIt() {
        byte[] bytes = EventCodec.toBytes(TestEvents.numbered(1));
        bytes[0] = 9;
        try {
            EventCodec.fromBytes(bytes);
            fail("read version 9");
        } catch (IllegalArgumentException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().contains("version 9"));
        }
    }

    @Test
    public void trailingBytesAreRefused() {
        byte[] bytes = EventCodec.toBytes(TestEvents.numbered(1));
        try {
            EventCodec.fromBytes(Arrays.copyOf(bytes, bytes.length + 1));
            fail("accepted a trailing byte");
        } catch (IllegalArgumentException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().contains("left after"));
        }
    }
}
