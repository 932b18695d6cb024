package dev.yakata.shutters.internal;

import dev.yakata.api.command.Command;
import dev.yakata.api.command.CommandOutcome;
import dev.yakata.api.command.OutcomeStatus;
import java.time.Instant;
import java.util.Map;

/** Outcomes with a sentence and data, which the API's factories do not take. */
final class Outcomes {

    private Outcomes() {
    }

    static CommandOutcome completed(Command command, String sentence, Map<String, Object> data) {
        return new CommandOutcome(command.id(), OutcomeStatus.COMPLETED, sentence, data, Instant.now());
    }

    static CommandOutcome rejected(Command command, String reason) {
        return CommandOutcome.rejected(command, reason);
    }
}
