package com.example.shutterworks.adapter;

import dev.yakata.api.device.DeviceDefinition;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A device's {@code controller.*} settings, checked when the device opens: a missing host or password, an unknown
 * key or a number out of range refuses the device with the key and the fix (the hub shows it as the FAULT reason).
 *
 * @param host             the controller's host name or address ({@code controller.host}, required)
 * @param port             its SWP/1 port ({@code controller.port}, default 7700)
 * @param password         the controller's login password ({@code controller.password}, required, a secret)
 * @param connectTimeout   how long a TCP connect may take ({@code controller.connectTimeoutMillis}, default 3000)
 * @param replyTimeout     how long the greeting, the login's reply, the first STATE and a PING's reply may take
 *                         ({@code controller.replyTimeoutMillis}, default 3000)
 * @param heartbeat        how often the connection is checked with a PING ({@code controller.heartbeatMillis}, default
 *                         5000); a controller that sends nothing for heartbeat + reply timeout is taken as lost
 * @param reconnectMin     the first wait before connecting again ({@code controller.reconnectMinMillis}, default 500)
 * @param reconnectMax     the longest wait, reached by doubling ({@code controller.reconnectMaxMillis}, default 10000)
 */
record ControllerSettings(String host, int port, String password, Duration connectTimeout, Duration replyTimeout,
        Duration heartbeat, Duration reconnectMin, Duration reconnectMax) {

    static final String HOST = "controller.host";
    static final String PORT = "controller.port";
    static final String PASSWORD = "controller.password";
    static final String CONNECT_TIMEOUT = "controller.connectTimeoutMillis";
    static final String REPLY_TIMEOUT = "controller.replyTimeoutMillis";
    static final String HEARTBEAT = "controller.heartbeatMillis";
    static final String RECONNECT_MIN = "controller.reconnectMinMillis";
    static final String RECONNECT_MAX = "controller.reconnectMaxMillis";

    static final Set<String> SECRETS = Set.of(PASSWORD);
    private static final Set<String> KEYS = Set.of(HOST, PORT, PASSWORD, CONNECT_TIMEOUT, REPLY_TIMEOUT, HEARTBEAT,
            RECONNECT_MIN, RECONNECT_MAX);
    /** SWP/1's limit for a password (PROTOCOL.md, Login). */
    static final int MAX_PASSWORD_BYTES = 128;

    /** Where the controller is, for messages: {@code host:port}. */
    String address() {
        return host + ":" + port;
    }

    static ControllerSettings of(DeviceDefinition device) {
        Map<String, String> p = device.properties();
        String id = device.id();
        Set<String> unknown = new TreeSet<>();
        for (String key : p.keySet()) {
            if (key.startsWith("controller.") && !KEYS.contains(key)) {
                unknown.add(key);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("shutter " + id + ": unknown setting " + String.join(", ", unknown)
                    + "; the controller.* keys are " + String.join(", ", new TreeSet<>(KEYS)));
        }
        String host = p.getOrDefault(HOST, "").trim();
        if (host.isEmpty()) {
            throw new IllegalArgumentException("shutter " + id + " has no " + HOST
                    + "; set it to the SW-200 controller's address, e.g. " + HOST + " = 10.0.5.31");
        }
        String password = p.getOrDefault(PASSWORD, "");
        if (password.isEmpty()) {
            throw new IllegalArgumentException("shutter " + id + " has no " + PASSWORD
                    + "; set it to the password configured on the controller");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES
                || password.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException("shutter " + id + ": " + PASSWORD + " must be 1 to " + MAX_PASSWORD_BYTES
                    + " bytes without control characters, as SWP/1 allows");
        }
        int port = (int) number(p, id, PORT, 7700, 1, 65535);
        Duration min = Duration.ofMillis(number(p, id, RECONNECT_MIN, 500, 100, 600_000));
        Duration max = Duration.ofMillis(number(p, id, RECONNECT_MAX, 10_000, 100, 600_000));
        if (max.compareTo(min) < 0) {
            throw new IllegalArgumentException("shutter " + id + ": " + RECONNECT_MAX + " (" + max.toMillis()
                    + ") is below " + RECONNECT_MIN + " (" + min.toMillis() + ")");
        }
        return new ControllerSettings(host, port, password,
                Duration.ofMillis(number(p, id, CONNECT_TIMEOUT, 3000, 100, 60_000)),
                Duration.ofMillis(number(p, id, REPLY_TIMEOUT, 3000, 100, 60_000)),
                Duration.ofMillis(number(p, id, HEARTBEAT, 5000, 100, 600_000)),
                min, max);
    }

    private static long number(Map<String, String> p, String id, String key, long fallback, long min, long max) {
        String text = p.get(key);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        long value;
        try {
            value = Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("shutter " + id + ": " + key + " is '" + text.trim()
                    + "', not a whole number (" + min + " to " + max + ", default " + fallback + ")");
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException("shutter " + id + ": " + key + " = " + value + " is out of range; use "
                    + min + " to " + max + " (default " + fallback + ")");
        }
        return value;
    }

    /** Never shows the password (records print every component). */
    @Override
    public String toString() {
        return "ControllerSettings[" + address() + ", password ******, connect " + connectTimeout.toMillis()
                + " ms, reply " + replyTimeout.toMillis() + " ms, heartbeat " + heartbeat.toMillis() + " ms, reconnect "
                + reconnectMin.toMillis() + "-" + reconnectMax.toMillis() + " ms]";
    }
}
