package dev.yakata.adapter.mqtt.device;

import dev.yakata.mqtt.client.BrokerSession;
import dev.yakata.mqtt.client.BrokerSettings;
import dev.yakata.api.device.DeviceDefinition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A device's {@code mqtt.*} settings, checked once when the device opens so that a typo becomes a FAULT naming the
 * key, never a silent mapping that does nothing. See docs/mqtt.md for every key.
 */
record MqttDeviceSettings(BrokerSettings broker, String version, String clientId, int qos, String contract, String baseTopic,
        String availabilityTopic, String availabilityOnline, String availabilityOffline, int maxPayloadBytes,
        int maxMessagesPerSecond, boolean confirmCommands, Map<String, String> properties) {

    static final Set<String> CONTRACTS = Set.of("generic", "door-controller", "camera");

    static final Set<String> KEYS = Set.of("mqtt.broker", "mqtt.username", "mqtt.password", "mqtt.tls.truststore",
            "mqtt.tls.truststore.password", "mqtt.client.id", "mqtt.qos", "mqtt.keepalive.seconds", "mqtt.contract",
            "mqtt.topic", "mqtt.availability.topic", "mqtt.availability.online", "mqtt.availability.offline",
            "mqtt.max.payload.bytes", "mqtt.max.messages.per.second", "mqtt.command.confirm", "mqtt.version");
    private static final Pattern POINT_KEY = Pattern.compile("mqtt\\.point\\.[^.]+\\.(json|command\\.topic|command\\.payload|command\\.retain)");
    private static final Pattern ACTION_KEY = Pattern.compile("mqtt\\.action\\.[^.]+\\.(topic|payload|retain)");

    /**
     * @param etc where relative trust store paths are resolved (Karaf's etc/)
     * @throws IllegalArgumentException naming the key, the value and the fix
     */
    static MqttDeviceSettings of(DeviceDefinition device, Path etc) {
        Map<String, String> p = device.properties();
        Set<String> unknown = new TreeSet<>();
        for (String key : p.keySet()) {
            if (key.startsWith("mqtt.") && !KEYS.contains(key) && !POINT_KEY.matcher(key).matches()
                    && !ACTION_KEY.matcher(key).matches()) {
                unknown.add(key);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown MQTT setting(s) " + unknown + "; see docs/mqtt.md for the keys");
        }
        String url = p.get("mqtt.broker");
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("missing mqtt.broker; add e.g. mqtt.broker = tcp://127.0.0.1:1883");
        }
        Path trustStore = null;
        if (p.get("mqtt.tls.truststore") != null) {
            trustStore = etc.resolve(p.get("mqtt.tls.truststore"));
            if (!Files.isReadable(trustStore)) {
                throw new IllegalArgumentException("mqtt.tls.truststore = " + p.get("mqtt.tls.truststore")
                        + ": no readable file at " + trustStore);
            }
        }
        BrokerSettings broker = new BrokerSettings(url.trim(), p.get("mqtt.username"), p.get("mqtt.password"), trustStore,
                p.get("mqtt.tls.truststore.password"), intSetting(p, "mqtt.keepalive.seconds", 30, 5, 3600), 10);
        int qos = intSetting(p, "mqtt.qos", 1, 0, 2);
        String version = p.getOrDefault("mqtt.version", BrokerSession.MQTT_5).trim();
        if (!version.equals(BrokerSession.MQTT_5) && !version.equals(BrokerSession.MQTT_3_1_1)) {
            throw new IllegalArgumentException("mqtt.version = '" + version + "' is not supported; use "
                    + BrokerSession.MQTT_5 + " (default) or " + BrokerSession.MQTT_3_1_1);
        }
        String contract = p.getOrDefault("mqtt.contract", "generic").trim().toLowerCase(Locale.ROOT);
        if (!CONTRACTS.contains(contract)) {
            throw new IllegalArgumentException("mqtt.contract = '" + contract + "' is not one of " + new TreeSet<>(CONTRACTS));
        }
        String base = trimmedTopic(p.get("mqtt.topic"));
        if (!contract.equals("generic") && base == null) {
            throw new IllegalArgumentException("mqtt.contract = " + contract
                    + " needs mqtt.topic, the controller's base topic, e.g. mqtt.topic = office/doors/main-entrance");
        }
        String availability = trimmedTopic(p.get("mqtt.availability.topic"));
        if (availability == null && base != null) {
            availability = base + "/availability";
        }
        boolean confirm = Boolean.parseBoolean(p.getOrDefault("mqtt.command.confirm", String.valueOf(contract.equals("door-controller"))));
        return new MqttDeviceSettings(broker, version, p.getOrDefault("mqtt.client.id", "yakata-" + device.id()), qos, contract, base,
                availability, p.getOrDefault("mqtt.availability.online", "online"),
                p.getOrDefault("mqtt.availability.offline", "offline"),
                intSetting(p, "mqtt.max.payload.bytes", 65536, 16, 16 * 1024 * 1024),
                intSetting(p, "mqtt.max.messages.per.second", 100, 1, 100_000), confirm, p);
    }

    /** Whether the device file names its own client id: then the broker may know the device by it, so it keeps its own session. */
    boolean ownClientId() {
        return properties.containsKey("mqtt.client.id");
    }

    private static String trimmedTopic(String topic) {
        if (topic == null || topic.isBlank()) {
            return null;
        }
        String t = topic.trim();
        return t.endsWith("/") ? t.substring(0, t.length() - 1) : t;
    }

    static int intSetting(Map<String, String> p, String key, int fallback, int min, int max) {
        String text = p.get(key);
        if (text == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.trim());
            if (value < min || value > max) {
                throw new IllegalArgumentException(key + " = " + value + " is out of range; use " + min + " to " + max);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " = '" + text + "' is not a whole number; use " + min + " to " + max);
        }
    }
}
