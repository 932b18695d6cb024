package dev.yakata.api.event;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class EventTest {

    @Test
    public void thePayloadKeepsItsOrderAllowsNullsAndCannotBeChanged() {
        Event event = Event.builder("point.changed", "hvac.a").put("point", "supply-temp").put("value", null)
                .put("quality", "BAD").put("point", "return-temp").build();
        assertEquals(List.of("point", "value", "quality"), new ArrayList<>(event.data().keySet()));
        assertEquals("return-temp", event.data().get("point"));
        assertTrue(event.data().containsKey("value"));
        assertNull(event.data().get("value"));
        try {
            event.data().put("x", 1);
            throw new AssertionError("the payload changed");
        } catch (UnsupportedOperationException expected) {
            // immutable
        }
    }

    @Test
    public void aPayloadEqualsAnyMapOfTheSameEntriesAndIsCopiedFromAMutableOne() {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("a", 1);
        source.put("b", List.of("x"));
        Event event = Event.of("t", "s").withData(source);
        source.put("c", 3);
        assertEquals(Map.of("a", 1, "b", List.of("x")), event.data());
        assertEquals(new HashMap<>(Map.of("a", 1, "b", List.of("x"))).hashCode(), event.data().hashCode());
    }

    @Test
    public void copiesOfAnEventShareItsPayloadAndAddingToOneLeavesTheOtherAlone() {
        Event first = Event.builder("t", "s").put("a", 1).build();
        Event copy = first.withSubject("x");
        assertSame(first.data(), copy.data());
        Event.Builder builder = first.toBuilder();
        Event more = builder.put("b", 2).build();
        Event evenMore = builder.put("c", 3).build();
        assertEquals(Map.of("a", 1), first.data());
        assertEquals(Map.of("a", 1, "b", 2), more.data());
        assertEquals(Map.of("a", 1, "b", 2, "c", 3), evenMore.data());
    }

    @Test
    public void idsAreUniqueAndSequencesNeverNegative() {
        assertTrue(!Event.newId().equals(Event.newId()));
        try {
            Event.builder("t", "s").sequence(-1).build();
            throw new AssertionError("accepted a negative sequence");
        } catch (IllegalArgumentException expected) {
            // refused
        }
    }
}
