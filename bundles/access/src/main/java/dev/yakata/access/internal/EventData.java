package dev.yakata.access.internal;

import java.util.Map;

/** Reading an event's payload as text, the way every part of access control reads it. */
final class EventData {

    private EventData() {
    }

    /** The value as text, empty when absent or null. */
    static String text(Map<String, Object> data, String key) {
        Object value = data.get(key);
        return value == null ? "" : String.valueOf(value);
    }
}
