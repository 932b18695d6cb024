package dev.yakata.core.model;

import dev.yakata.api.command.Command;
import dev.yakata.api.device.DeviceDefinition;
import dev.yakata.api.device.PointDefinition;
import dev.yakata.api.profile.ActionSpec;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What the hub checks of a command against the device's file before any adapter sees it, and the command as the
 * adapter then receives it: a write's value in the point's type, a profile action's arguments checked, converted and
 * defaulted. Public for the testkit, which must check as the hub does.
 */
public final class CommandChecks {

    /** The command to hand on, or the sentence that says why not (then {@code command} is null). */
    public record Checked(Command command, String problem) {
        public boolean ok() {
            return problem == null;
        }
    }

    private CommandChecks() {
    }

    public static Checked check(DeviceConfig config, Command command) {
        DeviceDefinition definition = config.definition();
        String deviceId = command.deviceId();
        if (command.pointId() != null) {
            PointDefinition point = definition.point(command.pointId()).orElse(null);
            if (point == null) {
                return refuse("device '" + deviceId + "' has no point '" + command.pointId() + "'; its points are " + pointIds(definition));
            }
            if (!Command.WRITE.equals(command.action())) {
                return new Checked(command, null);
            }
            if (!point.writable()) {
                return refuse("point " + deviceId + "/" + point.id() + " is read-only");
            }
            Object value = command.arguments().get(Command.VALUE);
            Object converted = Values.coerce(point.kind(), value);
            if (converted == null) {
                return refuse("'" + value + "' is not a valid " + point.kind().name().toLowerCase(Locale.ROOT) + " value for "
                        + deviceId + "/" + point.id() + Values.exampleOf(point.kind()));
            }
            Map<String, Object> arguments = new HashMap<>(command.arguments());
            arguments.put(Command.VALUE, converted);
            return new Checked(command.withArguments(arguments), null);
        }
        if (Command.WRITE.equals(command.action())) {
            return refuse("a write needs a point; name one of " + pointIds(definition));
        }
        ActionSpec spec = config.profile() == null ? null : config.profile().action(command.action()).orElse(null);
        if (spec == null) {
            return new Checked(command, null); // an action of the adapter's own: the adapter checks it
        }
        ActionArguments.Checked arguments = ActionArguments.check(spec, command.arguments(), deviceId);
        return arguments.ok() ? new Checked(command.withArguments(arguments.arguments()), null) : refuse(arguments.problem());
    }

    private static Checked refuse(String problem) {
        return new Checked(null, problem);
    }

    private static String pointIds(DeviceDefinition definition) {
        return String.join(", ", definition.points().stream().map(PointDefinition::id).toList());
    }
}
