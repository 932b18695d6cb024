package dev.yakata.eventjson;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.yakata.api.event.Event;
import dev.yakata.api.event.Severity;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON form of an event: the hub's CloudEvents-shaped envelope ({@code id}, {@code time}, {@code source},
 * {@code type}, {@code subject}, {@code zone}, {@code severity}, {@code data}, and when set {@code sequence},
 * {@code correlationid}, {@code actor}, {@code devicetime}) with {@code specversion} so CloudEvents tooling reads it.
 * Consumers de-duplicate by {@code id}.
 *
 * <p>Data values map as JSON allows: strings, booleans, whole numbers (read back as {@code Long}), other numbers
 * (read back as {@code Double}), null, lists and maps; NaN and infinity, which JSON lacks, are written as strings, and
 * anything else (an {@code Instant}, an enum) as its text form. So {@code fromJson(toJson(e))} equals {@code e}
 * whenever the data holds only those JSON kinds. Thread-safe.
 */
public final class EventJson {

    private static final JsonFactory FACTORY = new JsonFactory();

    private EventJson() {
    }

    /** The event as UTF-8 JSON. */
    public static byte[] toJson(Event event) {
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

    /** One value (an event's data map, a command's arguments) as JSON text. */
    public static String valueToJson(Object value) {
        StringWriter out = new StringWriter(128);
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            write(json, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }

    /**
     * Reads an event written by {@link #toJson}. Unknown envelope fields are ignored (a newer writer may add some).
     *
     * @throws IllegalArgumentException naming the field when the text is not JSON, not an object, or lacks
     *         {@code id}, {@code time}, {@code source} or {@code type}, or has a time or severity that does not parse
     */
    public static Event fromJson(byte[] json) {
        try (JsonParser in = FACTORY.createParser(json)) {
            if (in.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("an event's JSON must be an object, found " + in.currentToken());
            }
            String id = null;
            String time = null;
            String source = null;
            String type = null;
            String subject = "";
            String zone = "";
            String severity = null;
            long sequence = 0;
            String correlationId = "";
            String actor = "";
            String deviceTime = null;
            Map<String, Object> data = Map.of();
            while (in.nextToken() == JsonToken.FIELD_NAME) {
                String field = in.currentName();
                JsonToken token = in.nextToken();
                switch (field) {
                    case "id" -> id = in.getValueAsString();
                    case "time" -> time = in.getValueAsString();
                    case "source" -> source = in.getValueAsString();
                    case "type" -> type = in.getValueAsString();
                    case "subject" -> subject = in.getValueAsString();
                    case "zone" -> zone = in.getValueAsString();
                    case "severity" -> severity = in.getValueAsString();
                    case "sequence" -> sequence = in.getValueAsLong();
                    case "correlationid" -> correlationId = in.getValueAsString();
                    case "actor" -> actor = in.getValueAsString();
                    case "devicetime" -> deviceTime = token == JsonToken.VALUE_NULL ? null : in.getValueAsString();
                    case "data" -> data = asMap(read(in), "data");
                    default -> in.skipChildren();
                }
            }
            require(id, "id");
            require(time, "time");
            require(source, "source");
            require(type, "type");
            Event.Builder partial = Event.builder(type, source).id(id).time(instant(time, "time")).subject(subject).zone(zone)
                    .sequence(sequence).correlationId(correlationId).actor(actor).data(data);
            if (severity != null) {
                try {
                    partial.severity(Severity.valueOf(severity));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("severity \"" + severity + "\" is not one of INFO, WARNING, ALARM, CRITICAL");
                }
            }
            if (deviceTime != null) {
                partial.deviceTime(instant(deviceTime, "devicetime"));
            }
            return partial.build();
        } catch (IOException e) {
            throw new IllegalArgumentException("an event's JSON does not parse: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a value written by {@link #valueToJson}: maps (ordered), lists, strings, booleans, {@code Long},
     * {@code Double}, null.
     *
     * @throws IllegalArgumentException when the text is not JSON
     */
    public static Object valueFromJson(String json) {
        try (JsonParser in = FACTORY.createParser(json)) {
            in.nextToken();
            return read(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("a JSON value does not parse: " + e.getMessage(), e);
        }
    }

    /** {@link #valueFromJson} for a map; an empty or null text is an empty map. */
    public static Map<String, Object> mapFromJson(String json) {
        if (json == null || json.isEmpty()) {
            return Map.of();
        }
        return asMap(valueFromJson(json), "the JSON text");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value, String what) {
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map)) {
            throw new IllegalArgumentException(what + " must be a JSON object, found " + value.getClass().getSimpleName());
        }
        return (Map<String, Object>) value;
    }

    private static void require(String value, String field) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("an event's JSON lacks \"" + field + "\"");
        }
    }

    private static Instant instant(String text, String field) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("\"" + field + "\" is not an ISO-8601 instant: " + text);
        }
    }

    private static Object read(JsonParser in) throws IOException {
        JsonToken token = in.currentToken();
        if (token == null) {
            throw new IOException("no JSON value");
        }
        switch (token) {
            case START_OBJECT: {
                Map<String, Object> map = new LinkedHashMap<>();
                while (in.nextToken() == JsonToken.FIELD_NAME) {
                    String key = in.currentName();
                    in.nextToken();
                    map.put(key, read(in));
                }
                return map;
            }
            case START_ARRAY: {
                List<Object> list = new ArrayList<>();
                while (in.nextToken() != JsonToken.END_ARRAY) {
                    list.add(read(in));
                }
                return list;
            }
            case VALUE_STRING:
                return in.getText();
            case VALUE_NUMBER_INT:
                return in.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? (Object) in.getDecimalValue().doubleValue()
                        : (Object) in.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return in.getDoubleValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new IOException("unexpected JSON token " + token);
        }
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

    /** UTF-8 of {@link #toJson} as text, for logs and tests. */
    public static String toJsonText(Event event) {
        return new String(toJson(event), StandardCharsets.UTF_8);
    }
}
