package dev.yakata.adapter.mqtt.device;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.yakata.api.command.Command;
import dev.yakata.api.command.CommandOutcome;
import dev.yakata.api.event.EventTypes;
import dev.yakata.api.event.Severity;
import dev.yakata.api.profile.Profiles;
import java.time.Instant;
import java.time.format.DateTimeParseException;
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
 *
 * <p>It speaks the hub's {@code door} profile: points {@code locked} and {@code contact}; actions {@code unlock}
 * (argument {@code seconds}, a Long the core has checked against the profile and defaulted) and {@code lock}; and the
 * event {@code card.swiped} with {@code reader}, {@code direction} and {@code card} (which the core replaces by its
 * pseudonym), stamped with the controller's own time as {@code deviceTime} when the swipe carries one.
 */
final class DoorControllerContract {

    /** Points this contract feeds: door contact (true = closed) and lock (true = locked). */
    static final Set<String> POINTS = Set.of("contact", "locked");
    private static final Pattern CARD = Pattern.compile("[0-9A-Za-z:_-]{1,64}");
    /** Bounds of a grant's {@code seconds}: grant is this contract's own action, so the core has not checked it. */
    private static final long MAX_GRANT_SECONDS = 600;
    private static final long DEFAULT_GRANT_SECONDS = 5;

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
        mapping.onAction(Profiles.UNLOCK, command -> send(device, command, Profiles.UNLOCK));
        mapping.onAction(Profiles.LOCK, command -> send(device, command, Profiles.LOCK));
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
        Instant swipedAt = null;
        String time = Payloads.text(json, "time");
        if (time != null) {
            try {
                swipedAt = Instant.parse(time);
            } catch (DateTimeParseException e) {
                throw new PayloadException("swipe 'time' is '" + time + "', not an ISO-8601 instant such as 2026-12-01T08:15:30Z");
            }
        }
        device.context().event(EventTypes.CARD_SWIPED)
                .put("reader", reader)
                .put("direction", reader)
                .put("card", card)
                .deviceTime(swipedAt)
                .publish();
    }

    private static String reader(String reader) throws PayloadException {
        if (!"entry".equals(reader) && !"exit".equals(reader)) {
            throw new PayloadException("'reader' is " + (reader == null ? "missing" : "'" + reader + "'") + ", not 'entry' or 'exit'");
        }
        return reader;
    }

    /**
     * A controller's own alarm is passed on as {@code door.controller-alarm}, not as {@code door.forced}: the hub's
     * door supervision decides forced and held open from the points, for doors of every protocol alike, and the
     * same opening must not be reported twice.
     */
    private static void alarm(MqttDevice device, JsonNode json) throws PayloadException {
        String alarm = Payloads.text(json, "alarm");
        String id = device.context().device().id();
        if (!"forced".equals(alarm) && !"held-open".equals(alarm)) {
            throw new PayloadException("'alarm' is " + (alarm == null ? "missing" : "'" + alarm + "'") + ", not 'forced' or 'held-open'");
        }
        device.context().publishEvent(EventTypes.DOOR_CONTROLLER_ALARM, Severity.WARNING, Map.of("alarm", alarm,
                "message", "the controller of door " + id + " reports '" + alarm + "'"));
    }

    private static void result(MqttDevice device, JsonNode json) throws PayloadException {
        String id = Payloads.text(json, "id");
        JsonNode ok = json.get("ok");
        if (id == null || ok == null || !ok.isBoolean()) {
            throw new PayloadException("result needs 'id' (the command id) and 'ok' (true or false)");
        }
        device.completeCommand(id, ok.asBoolean(), Payloads.text(json, "reason"));
    }

    /**
     * Sends a command to the controller. Anything wrong with it is an IllegalArgumentException, which the device
     * turns into REJECTED before anything is published.
     */
    private static CompletionStage<CommandOutcome> send(MqttDevice device, Command command, String action) {
        ObjectNode json = Payloads.JSON.createObjectNode();
        json.put("id", command.id());
        json.put("action", action);
        Map<String, Object> arguments = command.arguments();
        if (action.equals("grant") || action.equals("deny")) {
            Object reader = arguments.get("reader");
            try {
                json.put("reader", reader(reader == null ? null : reader.toString()));
            } catch (PayloadException e) {
                throw new IllegalArgumentException(action + " needs reader=entry or reader=exit");
            }
            Object card = arguments.get("card");
            if (card == null && action.equals("grant")) {
                throw new IllegalArgumentException("grant needs card=<the card id the controller reported>");
            }
            if (card != null) {
                if (!CARD.matcher(card.toString()).matches()) {
                    throw new IllegalArgumentException(action + " card='" + card + "' is not a card id (1 to 64 letters, "
                            + "digits, ':', '_' or '-'); nothing was sent to the controller");
                }
                json.put("card", card.toString());
            }
        }
        if (action.equals(Profiles.UNLOCK)) {
            json.put(Profiles.SECONDS, unlockSeconds(arguments.get(Profiles.SECONDS)));
        } else if (action.equals("grant")) {
            json.put(Profiles.SECONDS, grantSeconds(arguments.get(Profiles.SECONDS)));
        }
        json.put("issuer", command.issuer().user());
        return device.send(command, device.settings().baseTopic() + "/command", json.toString(), false,
                device.settings().confirmCommands());
    }

    /** The door profile's {@code seconds}: the core has checked its range and filled its default. */
    private static long unlockSeconds(Object value) {
        if (value instanceof Number n) {
            return n.longValue();
        }
        throw new IllegalArgumentException("unlock has no whole-number 'seconds' (" + value + "); give the device "
                + "profile = door in its file, so the hub checks the argument and fills its default");
    }

    /** A grant's opening time: {@code seconds} as a number or text, 1 to 600, 5 when not given. */
    private static long grantSeconds(Object value) {
        if (value == null) {
            return DEFAULT_GRANT_SECONDS;
        }
        try {
            long seconds = value instanceof Number n ? n.longValue() : Long.parseLong(value.toString().trim());
            if (seconds >= 1 && seconds <= MAX_GRANT_SECONDS) {
                return seconds;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("grant seconds=" + value + " is not a whole number from 1 to " + MAX_GRANT_SECONDS);
    }
}
