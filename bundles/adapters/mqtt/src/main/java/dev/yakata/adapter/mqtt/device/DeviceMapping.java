package dev.yakata.adapter.mqtt.device;

import dev.yakata.api.command.Command;
import dev.yakata.api.command.CommandOutcome;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.eclipse.paho.mqttv5.common.util.MqttTopicValidator;

/**
 * What a device's topics mean and how its commands are sent: built once per device from its generic point and
 * action mappings and its contract (door controller, camera), then only read.
 */
final class DeviceMapping {

    /** What a message on a subscribed topic does. */
    interface MessageHandler {
        void handle(String topic, byte[] payload) throws PayloadException;
    }

    /** Sends one command; the stage completes with its outcome. */
    interface CommandSender {
        CompletionStage<CommandOutcome> send(Command command);
    }

    record Inbound(String filter, MessageHandler handler) {
    }

    private final List<Inbound> inbound = new ArrayList<>();
    private final Map<String, CommandSender> actions = new LinkedHashMap<>();
    private final Map<String, CommandSender> writes = new LinkedHashMap<>();

    void onMessage(String filter, MessageHandler handler) {
        try {
            MqttTopicValidator.validate(filter, true, true);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + filter + "' is not a valid MQTT topic filter: " + e.getMessage());
        }
        inbound.add(new Inbound(filter, handler));
    }

    void onAction(String action, CommandSender sender) {
        actions.put(action, sender);
    }

    void onWrite(String pointId, CommandSender sender) {
        writes.put(pointId, sender);
    }

    String[] filters() {
        return inbound.stream().map(Inbound::filter).distinct().toArray(String[]::new);
    }

    /** Every handler whose filter matches the topic, in mapping order (several points may share one topic). */
    List<MessageHandler> handlersFor(String topic) {
        List<MessageHandler> found = new ArrayList<>(2);
        for (Inbound in : inbound) {
            if (MqttTopicValidator.isMatched(in.filter(), topic)) {
                found.add(in.handler());
            }
        }
        return found;
    }

    CommandSender action(String action) {
        return actions.get(action);
    }

    CommandSender write(String pointId) {
        return writes.get(pointId);
    }

    java.util.Set<String> actionNames() {
        return actions.keySet();
    }
}
