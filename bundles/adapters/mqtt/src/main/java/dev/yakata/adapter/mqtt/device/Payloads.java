package dev.yakata.adapter.mqtt.device;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.yakata.api.device.PointKind;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads values out of MQTT payloads (plain text, or JSON with a JSON pointer) and renders command payloads from
 * templates. Templates replace {@code ${value}} with the value as a JSON literal ({@code 21.5}, {@code true},
 * {@code "text"}), and {@code ${text}}, {@code ${arg.NAME}}, {@code ${command.id}}, {@code ${issued.by}} and
 * {@code ${device.id}} with JSON-escaped text, so a template stays valid JSON whatever an operator typed.
 */
final class Payloads {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([a-zA-Z0-9_.-]+)}");

    private Payloads() {
    }

    static JsonNode parse(byte[] payload) throws PayloadException {
        try {
            JsonNode node = JSON.readTree(payload);
            if (node == null || node.isMissingNode()) {
                throw new PayloadException("the payload is empty, not JSON");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new PayloadException("the payload is not valid JSON (" + e.getOriginalMessage() + " at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        } catch (java.io.IOException e) {
            throw new PayloadException("the payload cannot be read: " + e.getMessage());
        }
    }

    static JsonPointer pointer(String expression, String key) {
        try {
            return JsonPointer.compile(expression);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + " = '" + expression + "' is not a JSON pointer; write it like /door/contact");
        }
    }

    /**
     * The point value a payload carries, converted to the point's kind; {@code null} when the payload says the
     * value is unknown (JSON {@code null}).
     */
    static Object value(byte[] payload, JsonPointer pointer, PointKind kind) throws PayloadException {
        Object raw;
        if (pointer == null) {
            raw = new String(payload, StandardCharsets.UTF_8).trim();
        } else {
            JsonNode node = parse(payload).at(pointer);
            if (node.isMissingNode()) {
                throw new PayloadException("the JSON has nothing at " + pointer);
            }
            raw = scalar(node, pointer.toString());
        }
        if (raw == null) {
            return null;
        }
        Object value = convert(kind, raw);
        if (value == null) {
            throw new PayloadException("'" + raw + "' is not a " + kind.name().toLowerCase() + " value"
                    + (pointer == null ? "" : " (at " + pointer + ")"));
        }
        return value;
    }

    /**
     * An MQTT payload's scalar (Long, Double, Boolean or text) as the Java type of {@code kind}, by this adapter's
     * reading of MQTT payloads: numbers and numeric text for ANALOG, whole numbers for MULTISTATE, {@code true/false},
     * {@code on/off}, {@code 1/0} (as text) for BINARY, text for TEXT; {@code null} when it cannot mean one.
     */
    static Object convert(PointKind kind, Object raw) {
        if (raw instanceof String text) {
            String t = text.trim();
            try {
                return switch (kind) {
                    case ANALOG -> Double.valueOf(t);
                    case MULTISTATE -> Long.valueOf(t);
                    case BINARY -> switch (t.toLowerCase(java.util.Locale.ROOT)) {
                        case "true", "on", "1", "yes" -> Boolean.TRUE;
                        case "false", "off", "0", "no" -> Boolean.FALSE;
                        default -> null;
                    };
                    case TEXT -> text;
                };
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return switch (kind) {
            case ANALOG -> raw instanceof Number n ? (Object) n.doubleValue() : null;
            case MULTISTATE -> raw instanceof Long ? raw : null;
            case BINARY -> raw instanceof Boolean ? raw : null;
            case TEXT -> null;
        };
    }

    /** A JSON scalar as Java: Long for integers, Double for other numbers, Boolean, String, or null for JSON null. */
    static Object scalar(JsonNode node, String where) throws PayloadException {
        if (node.isNull()) {
            return null;
        }
        if (node.isIntegralNumber()) {
            return node.asLong();
        }
        if (node.isNumber()) {
            return node.asDouble();
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        if (node.isTextual()) {
            return node.asText();
        }
        throw new PayloadException("the JSON at " + where + " is " + node.getNodeType().name().toLowerCase()
                + ", not a number, boolean or string");
    }

    /** The text field of a JSON object, or null when absent. */
    static String text(JsonNode object, String field) throws PayloadException {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isValueNode()) {
            throw new PayloadException("field '" + field + "' is " + node.getNodeType().name().toLowerCase() + ", not text");
        }
        return node.asText();
    }

    /** Fills a template; unknown variables are an error naming them, so a typo does not reach a device. */
    static String render(String template, Object value, Map<String, String> variables) {
        Matcher m = VARIABLE.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String replacement;
            if (name.equals("value")) {
                replacement = jsonLiteral(value);
            } else if (name.equals("text")) {
                replacement = escape(String.valueOf(value));
            } else if (variables.containsKey(name)) {
                replacement = escape(variables.get(name));
            } else {
                throw new IllegalArgumentException("the payload template uses ${" + name + "}, which this command does not have"
                        + (name.startsWith("arg.") ? "; give it as " + name.substring(4) + "=..." : ""));
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    static String jsonLiteral(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        return "\"" + escape(value.toString()) + "\"";
    }

    static String escape(String text) {
        return new String(JsonStringEncoder.getInstance().quoteAsString(text == null ? "" : text));
    }
}
