package dev.yakata.api.hub;

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
     * Validates and dispatches a command. Never throws for bad input: an unknown device or point, an offline
     * device, a read-only point or a value of the wrong type completes the stage REJECTED with a reason that
     * names the fix. The stage completes within the command time limit (TIMED_OUT otherwise). The bus carries
     * {@code command.issued} and the outcome event.
     */
    CompletionStage<CommandOutcome> submit(Command command);
}
