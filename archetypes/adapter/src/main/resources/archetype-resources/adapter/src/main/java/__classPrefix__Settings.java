package ${package};

import dev.yakata.api.device.DeviceDefinition;
import java.time.Duration;
import java.util.Set;

/**
 * A device's connection settings, read from its device file and checked once in {@code open()}: a bad value is
 * refused with the key and the fix, and the hub shows that sentence as the device's FAULT reason.
 *
 * @param host           {@code connection.host} (required): the device's address
 * @param port           {@code connection.port} (default {@value #DEFAULT_PORT})
 * @param poll           {@code connection.pollMillis} (default 1000): how often the values are read
 * @param replyTimeout   {@code connection.replyTimeoutMillis} (default 2000): how long the connect and each reply may
 *                       take; a device that does not answer within it is taken as lost
 * @param reconnectMin   {@code connection.reconnectMinMillis} (default 500): the first wait before connecting again,
 *                       doubled after each failure
 * @param reconnectMax   {@code connection.reconnectMaxMillis} (default 10000): the longest wait
 */
record ${classPrefix}Settings(String host, int port, Duration poll, Duration replyTimeout, Duration reconnectMin,
        Duration reconnectMax) {

    static final String HOST = "connection.host";
    static final String PORT = "connection.port";
    static final String POLL = "connection.pollMillis";
    static final String REPLY_TIMEOUT = "connection.replyTimeoutMillis";
    static final String RECONNECT_MIN = "connection.reconnectMinMillis";
    static final String RECONNECT_MAX = "connection.reconnectMaxMillis";
    static final int DEFAULT_PORT = 7700;
    /** Keys whose values are secrets (add a password key here if your device has one). */
    static final Set<String> SECRETS = Set.of();

    /** Reads and checks the settings; throws {@link IllegalArgumentException} naming the key and the fix. */
    static ${classPrefix}Settings of(DeviceDefinition device) {
        String host = device.property(HOST, "").trim();
        if (host.isEmpty()) {
            throw new IllegalArgumentException(device.id() + ": " + HOST + " is missing; give the device's address, e.g. "
                    + HOST + " = 192.168.10.20");
        }
        int port = (int) number(device, PORT, DEFAULT_PORT, 1, 65_535);
        Duration poll = millis(device, POLL, 1_000, 50);
        Duration reply = millis(device, REPLY_TIMEOUT, 2_000, 100);
        Duration min = millis(device, RECONNECT_MIN, 500, 50);
        Duration max = millis(device, RECONNECT_MAX, 10_000, 50);
        if (max.compareTo(min) < 0) {
            throw new IllegalArgumentException(device.id() + ": " + RECONNECT_MAX + " (" + max.toMillis()
                    + ") must not be less than " + RECONNECT_MIN + " (" + min.toMillis() + ")");
        }
        return new ${classPrefix}Settings(host, port, poll, reply, min, max);
    }

    /** {@code host:port}, as status reasons name the device. */
    String address() {
        return host + ":" + port;
    }

    private static Duration millis(DeviceDefinition device, String key, long defaultValue, long min) {
        return Duration.ofMillis(number(device, key, defaultValue, min, 3_600_000));
    }

    private static long number(DeviceDefinition device, String key, long defaultValue, long min, long max) {
        String text = device.property(key, "").trim();
        if (text.isEmpty()) {
            return defaultValue;
        }
        try {
            long value = Long.parseLong(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // described below
        }
        throw new IllegalArgumentException(device.id() + ": " + key + " must be a whole number from " + min + " to " + max
                + ", not '" + text + "'");
    }
}
