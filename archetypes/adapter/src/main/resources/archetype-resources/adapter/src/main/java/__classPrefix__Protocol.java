package ${package};

import dev.yakata.api.device.PointKind;
import dev.yakata.api.device.PointValue;
import dev.yakata.api.device.Quality;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The device's protocol: what goes on the wire and what comes back. <b>Replace with your protocol</b>: this class
 * and {@code ${classPrefix}Simulator} (the tests' stand-in for the device) are the two places that know it; the
 * session around them (connection, status, reconnection, commands) stays as it is.
 *
 * <p>The template's protocol: ASCII lines over TCP, one request and one reply at a time.
 * <pre>
 * READ                  VALUES temp=21.5 alarm=0 relay=1     every value the device has; a value ending in '?' is
 *                                                             one the device doubts (a sensor out of range)
 * WRITE relay 1         OK | ERR &lt;why&gt;                        set one writable value
 * RESET                 OK | ERR &lt;why&gt;                        the device's own action (clears its alarm)
 * anything else         ERR &lt;why&gt;
 * </pre>
 */
final class ${classPrefix}Protocol {

    /** The longest reply line accepted; a longer one means the two sides are out of step. */
    static final int MAX_LINE = 1024;

    /** A reply that is not what the protocol says: the connection is out of step and is started afresh. */
    static final class ProtocolException extends IOException {
        private static final long serialVersionUID = 1L;

        ProtocolException(String message) {
            super(message);
        }
    }

    private ${classPrefix}Protocol() {
    }

    // replace with your protocol: the requests

    static String read() {
        return "READ";
    }

    /** The request that writes {@code value} (already the point's Java type) to the device's {@code address}. */
    static String write(String address, PointKind kind, Object value) {
        String text = switch (kind) {
            case BINARY -> Boolean.TRUE.equals(value) ? "1" : "0";
            case ANALOG -> String.format(Locale.ROOT, "%s", ((Number) value).doubleValue());
            case MULTISTATE -> Long.toString(((Number) value).longValue());
            case TEXT -> value.toString();
        };
        if (text.isEmpty() || text.chars().anyMatch(c -> c <= ' ' || c > '~')) {
            throw new IllegalArgumentException("the device takes values without spaces or control characters, not '"
                    + value + "'");
        }
        return "WRITE " + address + " " + text;
    }

    static String reset() {
        return "RESET";
    }

    // replace with your protocol: the replies

    /**
     * A {@code VALUES} reply as address → text (without the doubt mark) and whether the device doubts it.
     *
     * @throws ProtocolException when the line is not a VALUES reply
     */
    static Map<String, Reading> values(String line) throws ProtocolException {
        if (!line.startsWith("VALUES")) {
            throw new ProtocolException("expected VALUES, got '" + shorten(line) + "'");
        }
        Map<String, Reading> values = new LinkedHashMap<>();
        for (String pair : line.substring("VALUES".length()).trim().split(" +")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0 || eq == pair.length() - 1) {
                throw new ProtocolException("'" + shorten(pair) + "' is not address=value in '" + shorten(line) + "'");
            }
            String text = pair.substring(eq + 1);
            boolean doubted = text.endsWith("?");
            values.put(pair.substring(0, eq), new Reading(doubted ? text.substring(0, text.length() - 1) : text, doubted));
        }
        return values;
    }

    /**
     * The answer to a WRITE or RESET: null for {@code OK}, the device's sentence for {@code ERR <why>}.
     *
     * @throws ProtocolException when the line is neither
     */
    static String refusal(String line) throws ProtocolException {
        if (line.equals("OK")) {
            return null;
        }
        if (line.startsWith("ERR")) {
            String why = line.substring(3).trim();
            return why.isEmpty() ? "the device refused without a reason" : why;
        }
        throw new ProtocolException("expected OK or ERR, got '" + shorten(line) + "'");
    }

    /** One value as the device sent it. */
    record Reading(String text, boolean doubted) {

        /**
         * The value as the point's kind: GOOD, or UNCERTAIN when the device doubts it, stamped now (the device sends no
         * time of its own; if yours does, stamp the value with it); BAD when the text does not fit the kind.
         */
        PointValue toValue(PointKind kind) {
            Object value;
            try {
                value = switch (kind) {
                    case BINARY -> switch (text) {
                        case "1", "true", "on" -> Boolean.TRUE;
                        case "0", "false", "off" -> Boolean.FALSE;
                        default -> null;
                    };
                    case ANALOG -> Double.parseDouble(text);
                    case MULTISTATE -> Long.parseLong(text);
                    case TEXT -> text;
                };
            } catch (NumberFormatException e) {
                value = null;
            }
            if (value == null) {
                return PointValue.bad();
            }
            PointValue good = PointValue.good(value);
            return doubted ? good.withQuality(Quality.UNCERTAIN) : good;
        }
    }

    static String shorten(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
