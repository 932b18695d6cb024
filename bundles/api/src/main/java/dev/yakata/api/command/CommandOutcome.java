package dev.yakata.api.command;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How a command ended, with a sentence a person can act on.
 *
 * @param commandId   the command's correlation id
 * @param status      how it ended
 * @param reason      why, empty for a plain success
 * @param data        result values, if the action returns any
 * @param completedAt when it ended
 */
public record CommandOutcome(String commandId, OutcomeStatus status, String reason, Map<String, Object> data,
        Instant completedAt) {

    public CommandOutcome {
        Objects.requireNonNull(commandId, "commandId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(completedAt, "completedAt");
        reason = reason == null ? "" : reason;
        data = data == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(data));
    }

    public static CommandOutcome completed(Command command) {
        return new CommandOutcome(command.id(), OutcomeStatus.COMPLETED, "", Map.of(), Instant.now());
    }

    public static CommandOutcome failed(Command command, String reason) {
        return new CommandOutcome(command.id(), OutcomeStatus.FAILED, reason, Map.of(), Instant.now());
    }

    public static CommandOutcome rejected(Command command, String reason) {
        return new CommandOutcome(command.id(), OutcomeStatus.REJECTED, reason, Map.of(), Instant.now());
    }

    public static CommandOutcome timedOut(Command command, String reason) {
        return new CommandOutcome(command.id(), OutcomeStatus.TIMED_OUT, reason, Map.of(), Instant.now());
    }

    public boolean isSuccess() {
        return status == OutcomeStatus.COMPLETED;
    }
}
