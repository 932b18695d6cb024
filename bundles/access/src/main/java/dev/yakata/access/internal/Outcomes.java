package dev.yakata.access.internal;

import dev.yakata.api.command.Command;
import dev.yakata.api.command.CommandOutcome;
import dev.yakata.api.command.OutcomeStatus;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/** Outcomes of the access device's actions, with the data a shell or console prints. */
final class Outcomes {

    private Outcomes() {
    }

    static CommandOutcome completed(Command command, Map<String, Object> data) {
        return new CommandOutcome(command.id(), OutcomeStatus.COMPLETED, "", data, Instant.now());
    }

    static CommandOutcome rejected(Command command, String reason) {
        return CommandOutcome.rejected(command, reason);
    }

    static CommandOutcome failed(Command command, String reason) {
        return CommandOutcome.failed(command, reason);
    }

    /** A time as the outcomes show it: ISO-8601 to the second, in the hub's zone with its offset. */
    static String shown(Instant at, ZoneId zone) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(at.truncatedTo(ChronoUnit.SECONDS).atZone(zone));
    }
}
