package dev.yakata.adapter.mqtt.device;

import com.fasterxml.jackson.core.JsonPointer;
import dev.yakata.api.command.Command;
import dev.yakata.api.device.DeviceDefinition;
import dev.yakata.api.device.PointDefinition;
import dev.yakata.api.device.PointValue;
import java.util.Map;
import java.util.Set;

/**
 * The mapping a building manager writes for any MQTT device: a point's {@code address} is the topic (filter,
 * wildcards allowed) its state arrives on, {@code mqtt.point.<id>.json} a JSON pointer into the payload (plain
 * payloads without it); {@code mqtt.point.<id>.command.topic} and {@code .command.payload} make it writable over
 * MQTT; {@code mqtt.action.<name>.topic} and {@code .payload} define device actions.
 */
final class GenericMapping {

    private GenericMapping() {
    }

    /**
     * @param contractPoints addresses the device's contract feeds itself; such points are not topics
     */
    static void addTo(DeviceMapping mapping, MqttDevice device, Set<String> contractPoints) {
        DeviceDefinition definition = device.context().device();
        Map<String, String> p = device.settings().properties();
        for (PointDefinition point : definition.points()) {
            String prefix = "mqtt.point." + point.id() + ".";
            if (!contractPoints.contains(point.address())) {
                String json = p.get(prefix + "json");
                JsonPointer pointer = json == null ? null : Payloads.pointer(json.trim(), prefix + "json");
                mapping.onMessage(point.address(), (topic, payload) -> {
                    Object value = Payloads.value(payload, pointer, point.kind());
                    device.context().publishValue(point.id(), value == null ? PointValue.bad() : PointValue.good(value));
                });
            } else if (p.containsKey(prefix + "json")) {
                throw new IllegalArgumentException(prefix + "json is set, but point '" + point.id()
                        + "' is fed by the " + device.settings().contract() + " contract; remove it or give the point a topic as address");
            }
            String commandTopic = p.get(prefix + "command.topic");
            if (commandTopic != null) {
                if (!point.writable()) {
                    throw new IllegalArgumentException(prefix + "command.topic is set, but point '" + point.id()
                            + "' is not writable; add point." + point.id() + ".writable = true");
                }
                String template = p.getOrDefault(prefix + "command.payload", "${text}");
                boolean retain = Boolean.parseBoolean(p.getOrDefault(prefix + "command.retain", "false"));
                checkTopic(commandTopic, prefix + "command.topic");
                mapping.onWrite(point.id(), command -> device.send(command, commandTopic.trim(),
                        Payloads.render(template, command.arguments().get(Command.VALUE), MqttDevice.variables(command)),
                        retain, false));
            }
        }
        for (String key : p.keySet()) {
            if (key.startsWith("mqtt.action.") && key.endsWith(".topic")) {
                String action = key.substring("mqtt.action.".length(), key.length() - ".topic".length());
                String topic = p.get(key).trim();
                checkTopic(topic, key);
                String template = p.getOrDefault("mqtt.action." + action + ".payload", action);
                boolean retain = Boolean.parseBoolean(p.getOrDefault("mqtt.action." + action + ".retain", "false"));
                mapping.onAction(action, command -> device.send(command, topic,
                        Payloads.render(template, null, MqttDevice.variables(command)), retain, false));
            }
        }
    }

    private static void checkTopic(String topic, String key) {
        if (topic.isBlank() || topic.contains("+") || topic.contains("#")) {
            throw new IllegalArgumentException(key + " = '" + topic + "' must be a topic without wildcards");
        }
    }
}
