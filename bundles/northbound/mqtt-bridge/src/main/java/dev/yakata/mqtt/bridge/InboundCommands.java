package dev.yakata.mqtt.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.yakata.api.command.Command;
import dev.yakata.api.command.CommandOutcome;
import dev.yakata.api.command.Issuer;
import dev.yakata.core.api.DeviceRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commands from MQTT, when {@code commands.enabled}: a message on {@code yakata/<site>/commands/<device>} becomes a
 * hub command issued by the bridge's configured identity ({@code commands.user} with {@code commands.roles}, channel
 * MQTT), whatever the message says, and the core's command policy inside {@link DeviceRegistry#submit} decides it as
 * it decides every channel's. The outcome (COMPLETED, or REJECTED with the policy's {@code refused by policy: ...})
 * is published on the same topic plus {@code /result}. MQTT tells a subscriber nothing about who published, so the
 * broker's ACL must let only trusted clients publish under {@code yakata/<site>/commands/}.
 */
final class InboundCommands {

    private static final Logger LOG = LoggerFactory.getLogger(InboundCommands.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_PAYLOAD_BYTES = 16 * 1024;

    private final String prefix;
    private final Issuer issuer;
    private final Supplier<DeviceRegistry> registry;
    private final BiConsumer<String, byte[]> reply;
    private final LongAdder submitted = new LongAdder();
    private final LongAdder refused = new LongAdder();

    InboundCommands(String site, Issuer issuer, Supplier<DeviceRegistry> registry, BiConsumer<String, byte[]> reply) {
        this.prefix = "yakata/" + site + "/commands/";
        this.issuer = issuer;
        this.registry = registry;
        this.reply = reply;
    }

    /** The subscription: one level for the device. */
    String filter() {
        return prefix + "+";
    }

    String summary() {
        return "commands as " + issuer + ": " + submitted.sum() + " submitted, " + refused.sum() + " not understood";
    }

    /** Handles one message from the command subscription; never throws. */
    void handle(String topic, byte[] payload) {
        if (!topic.startsWith(prefix)) {
            return;
        }
        String deviceId = topic.substring(prefix.length());
        if (deviceId.isEmpty() || deviceId.contains("/")) {
            return; // a result topic, or nothing of ours
        }
        String resultTopic = topic + "/result";
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
            refuse(resultTopic, null, deviceId, "not a command: " + e.getMessage()
                    + "; send {\"action\": \"close\"} or {\"point\": \"setpoint\", \"value\": 22}");
            return;
        }
        String id = json.path("id").asText(null);
        DeviceRegistry devices = registry.get();
        if (devices == null) {
            refuse(resultTopic, id, deviceId, "the hub's device registry is not running");
            return;
        }
        String point = json.path("point").asText(null);
        Command.Builder builder;
        if (point != null) {
            JsonNode value = json.get("value");
            if (value == null || !value.isValueNode() || value.isNull()) {
                refuse(resultTopic, id, deviceId, "a write needs a 'value' (number, boolean or text)");
                return;
            }
            builder = Command.builder(deviceId, Command.WRITE).point(point).argument(Command.VALUE, scalar(value));
        } else {
            String action = json.path("action").asText(null);
            if (action == null || action.isBlank()) {
                refuse(resultTopic, id, deviceId, "give 'action' (e.g. close) or 'point' and 'value'");
                return;
            }
            builder = Command.builder(deviceId, action.trim());
            JsonNode arguments = json.path("arguments");
            for (Iterator<Map.Entry<String, JsonNode>> it = arguments.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isValueNode()) {
                    refuse(resultTopic, id, deviceId, "argument '" + e.getKey() + "' is not a number, boolean or text");
                    return;
                }
                builder.argument(e.getKey(), scalar(e.getValue()));
            }
        }
        // The issuer is the bridge's configured identity; the message may only say why and what it answers.
        Command command = builder.issuer(issuer)
                .reason(json.hasNonNull("reason") ? json.get("reason").asText() : "")
                .correlationId(json.hasNonNull("correlationId") ? json.get("correlationId").asText() : "")
                .build();
        submitted.increment();
        LOG.info("MQTT command {} as {}: {} {} on {}", command.id(), issuer, command.action(), point == null ? "" : point, deviceId);
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

    /** A JSON scalar as the core takes it: Long, Double, Boolean or text (the core converts to the profile's kinds). */
    private static Object scalar(JsonNode value) {
        if (value.isIntegralNumber()) {
            return value.longValue();
        }
        if (value.isNumber()) {
            return value.doubleValue();
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        return value.asText();
    }

    private void refuse(String resultTopic, String id, String deviceId, String reason) {
        refused.increment();
        LOG.warn("MQTT command for {} not understood: {}", deviceId, reason);
        ObjectNode result = JSON.createObjectNode();
        if (id != null) {
            result.put("id", id);
        }
        result.put("status", "REJECTED");
        result.put("reason", reason);
        reply.accept(resultTopic, result.toString().getBytes(StandardCharsets.UTF_8));
    }
}
