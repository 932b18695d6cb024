package dev.yakata.core.api;

import dev.yakata.api.command.Command;
import dev.yakata.api.command.CommandOutcome;
import dev.yakata.api.device.PointValue;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/** The hub's devices, their status and latest values, and the way to command them. */
@ProviderType
public interface DeviceRegistry {

    /** Every configured device, sorted by id, including those that are OFFLINE or FAULT. */
    List<DeviceInfo> devices();

    /** One device. */
    Optional<DeviceInfo> device(String deviceId);

    /** The latest value of each point of a device that has published one; empty for an unknown device. */
    Map<String, PointValue> values(String deviceId);

    /**
     * Authorises, validates and dispatches a command. Never throws for bad input: an issuer the command policy
     * refuses, an unknown device or point, an offline device, a read-only point, a value of the wrong type, or a
     * profile action with a missing, mistyped or out-of-range argument completes the stage REJECTED with a reason
     * that names the fix (for a refusal: who, what, and the rule). The policy's decision is an event
     * ({@code policy.allowed}/{@code policy.refused}). The stage completes within the command time limit (TIMED_OUT otherwise). The bus carries
     * {@code command.issued} and the outcome event.
     */
    CompletionStage<CommandOutcome> submit(Command command);

    /**
     * Runs now every check {@link #submit} would run on this command, in the same order (policy, device state, points
     * and arguments, interlocks), without dispatching it and without publishing anything: what a preview shows
     * before an operator confirms. A REJECTED outcome of {@code submit} names the same check in its data
     * ({@value CommandCheck#REFUSED_BY}). The answer holds for now only: a device may go offline, an interlock
     * engage, before the command is submitted. Never throws; quick (no adapter is called).
     *
     * <p>The default answer, for a registry that cannot look ahead, refuses with {@code state}.
     */
    default CommandCheck check(Command command) {
        return CommandCheck.refused(CommandCheck.STATE, "this device registry cannot check a command without running it",
                "");
    }
}
