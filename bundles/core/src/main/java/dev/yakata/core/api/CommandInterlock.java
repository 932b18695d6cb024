package dev.yakata.core.api;

import dev.yakata.api.command.Command;
import dev.yakata.api.device.PointValue;
import java.util.Map;
import java.util.Optional;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A safety rule outside the core that may refuse a command before it reaches a device: a shutter must not close onto
 * an obstruction, whichever adapter drives it. Register an implementation as an OSGi service; the device registry
 * asks every registered interlock about every command that the policy allowed and the checks passed, before
 * {@code command.issued}. A refusal completes the command REJECTED with the interlock's reason; the outcome's data
 * and the {@code command.rejected} event carry {@code interlock} and {@code code}, so a caller (a posture, the shell)
 * can tell "an interlock refused this step" from a refusal by the policy.
 *
 * <p>Interlocks decide on what they already know: {@link #check} runs on the submitter's thread, for every command,
 * and must return within a millisecond, never block and never submit a command itself. An interlock that throws
 * refuses the command (fail closed), with the exception in the reason. The core's own action language
 * ({@code action.<name>.refuseWhen}) is checked later, as before.
 */
@ConsumerType
public interface CommandInterlock {

    /**
     * Whether the command may go to its device.
     *
     * @param command the command, with its arguments checked and converted
     * @param device  the device as the registry knows it (its definition carries profile, roles and settings)
     * @param values  the device's latest value of each point
     * @return empty to let the command go, or why it is refused
     */
    Optional<InterlockRefusal> check(Command command, DeviceInfo device, Map<String, PointValue> values);
}
