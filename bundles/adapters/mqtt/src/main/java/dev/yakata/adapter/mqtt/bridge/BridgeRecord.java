package dev.yakata.adapter.mqtt.bridge;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One outbox record: the event's topic, the retained point topic for a {@code point.changed} (empty otherwise),
 * and the JSON payload, stored as {@code eventTopic \n pointTopic \n json}. Topics are resolved when the event
 * is stored so that a change of site name never re-addresses what is already waiting.
 */
record BridgeRecord(String eventTopic, String pointTopic, byte[] payload) {

    byte[] encode() {
        byte[] head = (eventTopic + "\n" + (pointTopic == null ? "" : pointTopic) + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] out = Arrays.copyOf(head, head.length + payload.length);
        System.arraycopy(payload, 0, out, head.length, payload.length);
        return out;
    }

    /** @throws IllegalArgumentException for a record this bridge did not write */
    static BridgeRecord decode(byte[] record) {
        int first = indexOf(record, 0);
        int second = first < 0 ? -1 : indexOf(record, first + 1);
        if (second < 0 || first == 0) {
            throw new IllegalArgumentException("not a bridge record (no topic header)");
        }
        String eventTopic = new String(record, 0, first, StandardCharsets.UTF_8);
        String pointTopic = second == first + 1 ? null : new String(record, first + 1, second - first - 1, StandardCharsets.UTF_8);
        return new BridgeRecord(eventTopic, pointTopic, Arrays.copyOfRange(record, second + 1, record.length));
    }

    private static int indexOf(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
