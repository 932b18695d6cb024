package dev.yakata.access.internal;

import dev.yakata.api.command.Command;
import dev.yakata.api.command.CommandOutcome;
import dev.yakata.api.command.Issuer;
import dev.yakata.api.profile.Profiles;
import dev.yakata.core.api.DeviceRegistry;
import dev.yakata.core.api.Issuers;
import dev.yakata.util.log.RateLimitedLog;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Unlocks and locks doors as the hub ({@code access-control}, role {@code yakata-hub}, channel HUB) through the device
 * registry, so the command policy and the audit trail see each as any other command. Never waits for an outcome: the
 * caller may be the swipe listener. An outcome other than success is logged (rate limited); the core publishes it.
 */
final class DoorCommands {

    /** Who access control's commands come from. */
    static final Issuer ISSUER = Issuers.hub("access-control");

    private static final Logger LOG = LoggerFactory.getLogger(DoorCommands.class);
    private static final RateLimitedLog FAILURES = new RateLimitedLog(LOG, Duration.ofSeconds(10));

    private final DeviceRegistry registry;

    DoorCommands(DeviceRegistry registry) {
        this.registry = registry;
    }

    /** Submits {@code unlock seconds=<seconds>}; returns the command, whose outcome comes later. */
    Submitted unlock(String door, long seconds, String reason, String correlationId) {
        return submit(Command.builder(door, Profiles.UNLOCK).argument(Profiles.SECONDS, seconds).issuer(ISSUER)
                .reason(reason).correlationId(correlationId).build());
    }

    /** Submits {@code lock}. */
    Submitted lock(String door, String reason) {
        return submit(Command.builder(door, Profiles.LOCK).issuer(ISSUER).reason(reason).build());
    }

    private Submitted submit(Command command) {
        CompletionStage<CommandOutcome> outcome;
        try {
            outcome = registry.submit(command);
        } catch (RuntimeException e) { // the registry's contract says it never throws; a door stays a door anyway
            outcome = java.util.concurrent.CompletableFuture.completedFuture(CommandOutcome.failed(command, e.toString()));
        }
        outcome.whenComplete((done, failure) -> {
            if (failure != null || !done.isSuccess()) {
                FAILURES.warn(command.deviceId() + "/" + command.action(), "Access control: " + command.action()
                        + " of " + command.deviceId() + " (" + command.reason() + ") did not succeed: "
                        + (failure != null ? failure : done.status() + " " + done.reason()));
            }
        });
        return new Submitted(command, outcome);
    }

    /** A command on its way, and its outcome to come. */
    record Submitted(Command command, CompletionStage<CommandOutcome> outcome) {
    }
}
