package dev.yakata.adapter.mqtt.device;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.yakata.api.command.Command;
import dev.yakata.api.command.CommandOutcome;
import dev.yakata.api.event.EventTypes;
import dev.yakata.api.event.Severity;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;

/**
 * The MQTT door controller contract (docs/mqtt.md): under the controller's base topic it publishes card swipes
 * ({@code swipe}), its retained door state ({@code state}), alarms ({@code alarm}) and command results
 * ({@code result}); the hub sends grant, deny and unlock commands on {@code command}. A swipe becomes a
 * {@code card.swiped} event on the control lane; whoever decides (an access route, an operator) answers with the
 * device action {@code grant} or {@code deny}, which this contract delivers and confirms.
 */
final class DoorControllerContract {

    /** Points this contract feeds: door contact (true = closed) and lock (true = locked). */
    static final Set<String> POINTS = Set.of("contact", "locked");
    private static final Pattern CARD = Pattern.compile("[0-9A-Za-z:_-]{1,64}");
    private static final int MAX_UNLOCK_SECONDS = 600;

    private DoorControllerContract() {
    }

    static Set<String> addTo(DeviceMapping mapping, MqttDevice device) {
        String base = device.settings().baseTopic();
        mapping.onMessage(base + "/state", (topic, payload) -> state(device, Payloads.parse(payload)));
        mapping.onMessage(base + "/swipe", (topic, payload) -> swipe(device, Payloads.parse(payload)));
        mapping.onMessage(base + "/alarm", (topic, payload) -> alarm(device, Payloads.parse(payload)));
        mapping.onMessage(base + "/result", (topic, payload) -> result(device, Payloads.parse(payload)));
        mapping.onAction("grant", command -> send(device, command, "grant"));
        mapping.onAction("deny", command -> send(device, command, "deny"));
        mapping.onAction("unlock", command -> send(device, command, "unlock"));
        return POINTS;
    }

    private static void state(MqttDevice device, JsonNode json) throws PayloadException {
        String contact = Payloads.text(json, "contact");
        String lock = Payloads.text(json, "lock");
        if (contact == null && lock == null) {
            throw new PayloadException("door state has neither 'contact' nor 'lock'");
        }
        if (contact != null) {
            device.publishIfDeclared("contact", oneOf(contact, "contact", "closed", "open"));
        }
        if (lock != null) {
            device.publishIfDeclared("locked", oneOf(lock, "lock", "locked", "unlocked"));
        }
    }

    /** True for the first word, false for the second; anything else is a payload error. */
    private static boolean oneOf(String value, String field, String yes, String no) throws PayloadException {
        if (value.equals(yes)) {
            return true;
        }
        if (value.equals(no)) {
            return false;
        }
        throw new PayloadException("'" + field + "' is '" + value + "', not '" + yes + "' or '" + no + "'");
    }

    private static void swipe(MqttDevice device, JsonNode json) throws PayloadException {
        String reader = reader(Payloads.text(json, "reader"));
        String card = Payloads.text(json, "card");
        if (card == null || !CARD.matcher(card).matches()) {
            throw new PayloadException("swipe has no valid 'card' (1 to 64 letters, digits, ':', '_' or '-')");
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("reader", reader);
        data.put("direction", reader);
        data.put("card", card);
        device.context().publishEvent(EventTypes.CARD_SWIPED, Severity.INFO, data);
    }

    private static String reader(String reader) throws PayloadException {
        if (!"entry".equals(reader) && !"exit".equals(reader)) {
            throw new PayloadException("'reader' is " + (reader == null ? "missing" : "'" + reader + "'") + ", not 'entry' or 'exit'");
        }
        return reader;
    }

    private static void alarm(MqttDevice device, JsonNode json) throws PayloadException {
        String alarm = Payloads.text(json, "alarm");
        String id = device.context().device().id();
        if ("forced".equals(alarm)) {
            device.context().publishEvent(EventTypes.DOOR_FORCED, Severity.ALARM, Map.of("message", "door " + id + " was forced open"));
        } else if ("held-open".equals(alarm)) {
            device.context().publishEvent(EventTypes.DOOR_HELD_OPEN, Severity.WARNING, Map.of("message", "door " + id + " is held open"));
        } else {
            throw new PayloadException("'alarm' is " + (alarm == null ? "missing" : "'" + alarm + "'") + ", not 'forced' or 'held-open'");
        }
    }

    private static void result(MqttDevice device, JsonNode json) throws PayloadException {
        String id = Payloads.text(json, "id");
        JsonNode ok = json.get("ok");
        if (id == null || ok == null || !ok.isBoolean()) {
            throw new PayloadException("result needs 'id' (the command id) and 'ok' (true or false)");
        }
        device.completeCommand(id, ok.asBoolean(), Payloads.text(json, "reason"));
    }

    private static CompletionStage<CommandOutcome> send(MqttDevice device, Command command, String action) {
        ObjectNode json = Payloads.JSON.createObjectNode();
        json.put("id", command.id());
        json.put("action", action);
        Object reader = command.arguments().get("reader");
        if (!action.equals("unlock")) {
            try {
                json.put("reader", reader(reader == null ? null : reader.toString()));
            } catch (PayloadException e) {
                throw new IllegalArgumentException(action + " needs reader=entry or reader=exit");
            }
        }
        Object card = command.arguments().get("card");
        if (card != null) {
            json.put("card", card.toString());
        }
        if (!action.equals("deny")) {
            json.put("unlockSeconds", unlockSeconds(command.arguments().get("unlockSeconds")));
        }
        json.put("issuedBy", command.issuedBy());
        return device.send(command, device.settings().baseTopic() + "/command", json.toString(), false,
                device.settings().confirmCommands());
    }

    private static int unlockSeconds(Object value) {
        if (value == null) {
            return 5;
        }
        try {
            int seconds = Integer.parseInt(value.toString().trim());
            if (seconds >= 1 && seconds <= MAX_UNLOCK_SECONDS) {
                return seconds;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("unlockSeconds=" + value + " is not a whole number from 1 to " + MAX_UNLOCK_SECONDS);
    }
}
