package dev.yakata.store.internal;

import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventTypes;
import dev.yakata.eventjson.EventJson;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Which control events are audit facts and what each says: every command and its outcome with the issuer
 * ({@code command.*}), every policy decision ({@code policy.allowed}, {@code policy.refused}), every log-in and refused
 * log-in ({@code login.*}), every configuration change ({@code config.changed}) and every Karaf shell command
 * ({@code shell.executed}). The events already carry the
 * facts (the core puts the issuer's user and channel into each command event's data); this only picks them out.
 */
final class AuditProjector {

    static final String CONFIG_CHANGED = "config.changed";
    static final String SHELL_EXECUTED = "shell.executed";

    /** Keys taken into their own columns, so not repeated in {@code arguments} when the event has no arguments map. */
    private static final Set<String> COLUMN_KEYS = Set.of("user", "channel", "action", "reason", "status", "command",
            "arguments");

    private AuditProjector() {
    }

    static boolean isAudited(String type) {
        return type.startsWith("command.") || type.equals(EventTypes.POLICY_ALLOWED)
                || type.equals(EventTypes.POLICY_REFUSED) || type.startsWith("login.") || type.equals(CONFIG_CHANGED) || type.equals(SHELL_EXECUTED);
    }

    /** The record for an audited event, without its chain number and hashes; {@code null} for any other event. */
    static AuditRecord project(Event event, long position) {
        String type = event.type();
        if (!isAudited(type)) {
            return null;
        }
        Map<String, Object> data = event.data();
        if (type.equals(SHELL_EXECUTED)) {
            return shell(event, position, data);
        }
        String user = text(data.get("user"));
        if (user.isEmpty()) {
            user = event.actor();
        }
        String outcome;
        String action = text(data.get("action"));
        String device = event.source();
        if (type.equals(EventTypes.COMMAND_ISSUED)) {
            outcome = "issued";
        } else if (type.startsWith("command.")) {
            outcome = text(data.get("status"));
            if (outcome.isEmpty()) {
                outcome = type.substring("command.".length());
            }
        } else if (type.startsWith("policy.")) {
            outcome = type.substring("policy.".length());
        } else if (type.startsWith("login.")) {
            outcome = type.substring("login.".length());
            device = ""; // a log-in is about a user, not about a device (its source is the hub)
            if (action.isEmpty()) {
                action = "login";
            }
        } else {
            // config.changed: the PID is what changed, and the change (updated, deleted) is the outcome
            String pid = text(data.get("pid"));
            if (!pid.isEmpty()) {
                device = pid;
            }
            if (action.isEmpty()) {
                action = "config.change";
            }
            outcome = text(data.get("change"));
            if (outcome.isEmpty()) {
                outcome = "changed";
            }
        }
        Object arguments = data.get("arguments");
        String argumentsJson;
        if (arguments instanceof Map<?, ?>) {
            argumentsJson = EventJson.valueToJson(arguments);
        } else {
            Map<String, Object> rest = new LinkedHashMap<>();
            data.forEach((k, v) -> {
                if (!COLUMN_KEYS.contains(k)) {
                    rest.put(k, v);
                }
            });
            argumentsJson = EventJson.valueToJson(rest);
        }
        String correlation = event.correlationId().isEmpty() ? text(data.get("command")) : event.correlationId();
        return new AuditRecord(Chains.AUDIT, 0, Times.nanos(event.time()), type, user, text(data.get("channel")),
                device, action, argumentsJson, outcome, text(data.get("reason")), event.id(), position, correlation,
                "", "");
    }

    /** A shell command: the command line (secrets already masked by the publisher) is the action. */
    private static AuditRecord shell(Event event, long position, Map<String, Object> data) {
        String user = text(data.get("user"));
        Map<String, Object> rest = new LinkedHashMap<>();
        data.forEach((k, v) -> {
            if (!Set.of("user", "channel", "command", "outcome", "error").contains(k)) {
                rest.put(k, v);
            }
        });
        String outcome = text(data.get("outcome"));
        return new AuditRecord(Chains.AUDIT, 0, Times.nanos(event.time()), event.type(),
                user.isEmpty() ? event.actor() : user, text(data.get("channel")), "", text(data.get("command")),
                EventJson.valueToJson(rest), outcome.isEmpty() ? "executed" : outcome, text(data.get("error")),
                event.id(), position, event.correlationId(), "", "");
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }
}
