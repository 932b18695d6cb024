package dev.yakata.eventjson;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import dev.yakata.api.event.Event;
import dev.yakata.api.event.Severity;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class EventJsonTest {

    @Test
    public void anEventWithEveryFieldSetReadsBackEqual() {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("seconds", 5L);
        args.put("level", 0.5);
        Event event = Event.builder("command.issued", "door.2f.server-room").subject("cmd-1").zone("2F-secure")
                .severity(Severity.ALARM).sequence(42).correlationId("cmd-1").actor("tanaka")
                .deviceTime(Instant.parse("2026-12-01T10:15:30.123456789Z"))
                .put("user", "田中").put("arguments", args).put("roles", List.of("operator", "guard"))
                .put("ok", true).put("nothing", null).build();

        assertEquals(event, EventJson.fromJson(EventJson.toJson(event)));
    }

    @Test
    public void aBareEventReadsBackEqual() {
        Event event = Event.of("device.status", "hub");
        assertEquals(event, EventJson.fromJson(EventJson.toJson(event)));
    }

    @Test
    public void unknownEnvelopeFieldsAreIgnored() {
        String json = "{\"specversion\":\"1.0\",\"id\":\"a-1\",\"time\":\"2026-12-01T00:00:00Z\",\"source\":\"hub\","
                + "\"type\":\"x.y\",\"extra\":{\"deep\":[1,2]},\"data\":{\"n\":1}}";
        Event event = EventJson.fromJson(json.getBytes());
        assertEquals("a-1", event.id());
        assertEquals(Map.of("n", 1L), event.data());
    }

    @Test
    public void anEventWithoutATypeIsRefusedNamingTheField() {
        String json = "{\"id\":\"a-1\",\"time\":\"2026-12-01T00:00:00Z\",\"source\":\"hub\"}";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EventJson.fromJson(json.getBytes()));
        assertTrue(e.getMessage(), e.getMessage().contains("\"type\""));
    }

    @Test
    public void textThatIsNotJsonIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> EventJson.fromJson("{\"id\":".getBytes()));
        assertThrows(IllegalArgumentException.class, () -> EventJson.mapFromJson("[1]"));
    }

    @Test
    public void aValueRoundTripsThroughText() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("pid", "dev.yakata.store");
        value.put("keys", List.of("a", "b"));
        value.put("nan", Double.NaN);
        Map<String, Object> back = EventJson.mapFromJson(EventJson.valueToJson(value));
        assertEquals(List.of("a", "b"), back.get("keys"));
        assertEquals("NaN", back.get("nan"));
    }
}
