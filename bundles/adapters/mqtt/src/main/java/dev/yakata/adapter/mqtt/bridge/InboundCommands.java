package dev.yakata.adapter.mqtt.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.yakata.api.command.Command;
import dev.yakata.api.command.CommandOutcome;
import dev.yakata.core.api.DeviceRegistry;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commands from MQTT, when {@code commands.enabled}: a message on {@code yakata/<site>/commands/<mqtt user>/<device>}
 * becomes a hub command issued by the hub user that MQTT user maps to, checked like a console command, and its
 * outcome is published on the same topic plus {@code /result}. The broker must let each MQTT user publish only under
 * its own name (Mosquitto: {@code pattern write yakata/+/commands/%u/#}); the hub trusts that level, as MQTT tells a
 * subscriber nothing about who published.
 */
final class InboundCommands {

    private static final Logger LOG = LoggerFactory.getLogger(InboundCommands.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_PAYLOAD_BYTES = 16 * 1024;

    private final String prefix;
    private final Map<String, String> hubUserByMqttUser;
    private final CommandAuthorization authorization;
    private final Supplier<DeviceRegistry> registry;
    private final BiConsumer<String, byte[]> reply;

    InboundCommands(String site, Map<String, String> hubUserByMqttUser, CommandAuthorization authorization,
            Supplier<DeviceRegistry> registry, BiConsumer<String, byte[]> reply) {
        this.prefix = "yakata/" + site + "/commands/";
        this.hubUserByMqttUser = Map.copyOf(hubUserByMqttUser);
        this.authorization = authorization;
        this.registry = registry;
        this.reply = reply;
    }

    /** The subscription: one level for the MQTT user, one for the device. */
    String filter() {
        return prefix + "+/+";
    }

    /**
     * Parses {@code commands.users = mqttUser=hubUser, ...}.
     *
     * @throws IllegalArgumentException naming the bad entry
     */
    static Map<String, String> parseUsers(String text) {
        Map<String, String> users = new LinkedHashMap<>();
        for (String entry : text.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            String[] pair = entry.split("=", 2);
            if (pair.length != 2 || pair[0].isBlank() || pair[1].isBlank()) {
                throw new IllegalArgumentException("commands.users entry '" + entry.trim()
                        + "' is not mqttUser=hubUser, e.g. commands.users = scada=operator");
            }
            users.put(pair[0].trim(), pair[1].trim());
        }
        return users;
    }

    /** Handles one message from the command subscription; never throws. */
    void handle(String topic, byte[] payload) {
        if (!topic.startsWith(prefix) || topic.endsWith("/result")) {
            return;
        }
        String[] levels = topic.substring(prefix.length()).split("/");
        if (levels.length != 2) {
            return;
        }
        String mqttUser = levels[0];
        String deviceId = levels[1];
        String resultTopic = topic + "/result";
        String hubUser = hubUserByMqttUser.get(mqttUser);
        JsonNode json;
        try {
            if (payload.length > MAX_PAYLOAD_BYTES) {
                throw new IllegalArgumentException("the command is " + payload.length + " bytes; at most " + MAX_PAYLOAD_BYTES);
            }
            json = JSON.readTree(payload);
            if (json == null || !json.isObject()) {
                throw new IllegalArgumentException("the command is not a JSON object");
            }
        } catch (Exception e) {
            refuse(resultTopic, null, mqttUser, deviceId, "not a command: " + e.getMessage()
                    + "; send {\"action\": \"close\"} or {\"point\": \"setpoint\", \"value\": 22}");
            return;
        }
        String id = json.path("id").asText(null);
        if (hubUser == null) {
            refuse(resultTopic, id, mqttUser, deviceId, "MQTT user '" + mqttUser + "' is not mapped to a hub user (commands.users)");
            return;
        }
        String point = json.path("point").asText(null);
        String refusal = authorization.refusal(hubUser, point != null);
        if (refusal != null) {
            refuse(resultTopic, id, mqttUser, deviceId, refusal);
            return;
        }
        DeviceRegistry devices = registry.get();
        if (devices == null) {
            refuse(resultTopic, id, mqttUser, deviceId, "the hub's device registry is not running");
            return;
        }
        String reason = "via MQTT as " + mqttUser + (json.hasNonNull("reason") ? ": " + json.get("reason").asText() : "");
        Command command;
        if (point != null) {
            JsonNode value = json.get("value");
            if (value == null || !value.isValueNode()) {
                refuse(resultTopic, id, mqttUser, deviceId, "a write needs a 'value' (number, boolean or text)");
                return;
            }
            command = Command.write(deviceId, point, value.isNumber() ? value.numberValue() : value.isBoolean()
                    ? value.booleanValue() : value.asText(), hubUser, reason);
        } else {
            String action = json.path("action").asText(null);
            if (action == null || action.isBlank()) {
                refuse(resultTopic, id, mqttUser, deviceId, "give 'action' (e.g. close) or 'point' and 'value'");
                return;
            }
            Map<String, Object> arguments = new LinkedHashMap<>();
            json.path("arguments").fields().forEachRemaining(e -> arguments.put(e.getKey(), e.getValue().asText()));
            command = Command.action(deviceId, action, arguments, hubUser, reason);
        }
        LOG.info("MQTT command from {} as hub user {}: {} {} on {}", mqttUser, hubUser, command.action(),
                point == null ? "" : point, deviceId);
        CompletionStage<CommandOutcome> outcome = devices.submit(command);
        outcome.whenComplete((o, failure) -> {
            ObjectNode result = JSON.createObjectNode();
            if (id != null) {
                result.put("id", id);
            }
            result.put("command", command.id());
            result.put("status", failure != null ? "FAILED" : o.status().name());
            if (failure != null || o.reason() != null) {
                result.put("reason", failure != null ? failure.toString() : o.reason());
            }
            reply.accept(resultTopic, result.toString().getBytes(StandardCharsets.UTF_8));
        });
    }

    private void refuse(String resultTopic, String id, String mqttUser, String deviceId, String reason) {
        LOG.warn("MQTT command from {} for {} refused: {}", mqttUser, deviceId, reason);
        ObjectNode result = JSON.createObjectNode();
        if (id != null) {
            result.put("id", id);
        }
        result.put("status", "REJECTED");
        result.put("reason", reason);
        reply.accept(resultTopic, result.toString().getBytes(StandardCharsets.UTF_8));
    }
}
