package dev.yakata.mqtt.bridge;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.yakata.api.event.Event;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Map;

/**
 * The northbound JSON form of an event: the hub's CloudEvents-shaped envelope ({@code id}, {@code time},
 * {@code source}, {@code type}, {@code subject}, {@code zone}, {@code severity}, {@code data}, and when set
 * {@code sequence}, {@code correlationid}, {@code actor}, {@code devicetime}) with {@code specversion} so CloudEvents
 * tooling reads it. Consumers de-duplicate by {@code id}.
 */
final class EventJson {

    private static final JsonFactory FACTORY = new JsonFactory();

    private EventJson() {
    }

    static byte[] toJson(Event event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(384);
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("specversion", "1.0");
            json.writeStringField("id", event.id());
            json.writeStringField("time", event.time().toString());
            json.writeStringField("source", event.source());
            json.writeStringField("type", event.type());
            if (!event.subject().isEmpty()) {
                json.writeStringField("subject", event.subject());
            }
            if (!event.zone().isEmpty()) {
                json.writeStringField("zone", event.zone());
            }
            json.writeStringField("severity", event.severity().name());
            // CloudEvents extension attributes: lower-case letters only, by the spec.
            if (event.sequence() > 0) {
                json.writeNumberField("sequence", event.sequence());
            }
            if (!event.correlationId().isEmpty()) {
                json.writeStringField("correlationid", event.correlationId());
            }
            if (!event.actor().isEmpty()) {
                json.writeStringField("actor", event.actor());
            }
            if (event.deviceTime() != null) {
                json.writeStringField("devicetime", event.deviceTime().toString());
            }
            json.writeFieldName("data");
            write(json, event.data());
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return out.toByteArray();
    }

    private static void write(JsonGenerator json, Object value) throws IOException {
        if (value == null) {
            json.writeNull();
        } else if (value instanceof String s) {
            json.writeString(s);
        } else if (value instanceof Boolean b) {
            json.writeBoolean(b);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            json.writeNumber(((Number) value).longValue());
        } else if (value instanceof Double d && (d.isNaN() || d.isInfinite())) {
            json.writeString(d.toString()); // JSON has no NaN or infinity
        } else if (value instanceof Number n) {
            json.writeNumber(n.doubleValue());
        } else if (value instanceof Map<?, ?> map) {
            json.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                json.writeFieldName(String.valueOf(e.getKey()));
                write(json, e.getValue());
            }
            json.writeEndObject();
        } else if (value instanceof Collection<?> items) {
            json.writeStartArray();
            for (Object item : items) {
                write(json, item);
            }
            json.writeEndArray();
        } else {
            json.writeString(value.toString()); // Instant, enums and anything else: their text form
        }
    }
}
