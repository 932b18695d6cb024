package dev.yakata.access.internal;

import dev.yakata.api.command.Command;
import dev.yakata.core.api.Pseudonyms;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/**
 * The arguments of an operator's access command, read and checked: the core has checked their presence and kinds
 * against the access-control profile, this checks what they mean. Every problem is a {@link RejectedInput} naming the
 * argument and what to write.
 */
final class OperatorInput {

    private final Command command;
    private final ZoneId zone;

    OperatorInput(Command command, ZoneId zone) {
        this.command = command;
        this.zone = zone;
    }

    /** A required text argument. */
    String text(String name) {
        String value = optional(name);
        if (value.isEmpty()) {
            throw new RejectedInput("argument " + name + " is required and must not be empty");
        }
        return value;
    }

    /** An optional text argument, trimmed; empty when absent. */
    String optional(String name) {
        Object value = command.arguments().get(name);
        return value == null ? "" : String.valueOf(value).trim();
    }

    /**
     * The {@code card} argument as a pseudonym: the number an operator typed is pseudonymised here and never kept; a
     * pseudonym copied from an event ({@code card:} and 24 hex digits) is taken as it is.
     */
    String card(Pseudonyms pseudonyms) {
        String card = text("card");
        return CardStateFile.PSEUDONYM.matcher(card).matches() ? card : pseudonyms.ofCard(card);
    }

    /**
     * An optional time: ISO-8601 with an offset ({@code 2026-12-02T08:30+09:00}, {@code ...Z}), a local date and time
     * in the hub's zone ({@code 2026-12-02T08:30}), or a date (its start); {@code absent} when not given.
     */
    Instant time(String name, Instant absent) {
        String text = optional(name);
        if (text.isEmpty()) {
            return absent;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notWithOffset) {
            try {
                return LocalDateTime.parse(text).atZone(zone).toInstant();
            } catch (DateTimeParseException notLocal) {
                try {
                    return LocalDate.parse(text).atStartOfDay(zone).toInstant();
                } catch (DateTimeParseException notADate) {
                    throw new RejectedInput("argument " + name + " = \"" + text + "\" is not a time: write ISO-8601, "
                            + "2026-12-02T08:30 (in " + zone + "), 2026-12-02T08:30+09:00 or 2026-12-02");
                }
            }
        }
    }

    /** A required local date, {@code yyyy-mm-dd}. */
    LocalDate date(String name) {
        String text = text(name);
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new RejectedInput("argument " + name + " = \"" + text + "\" is not a date: write yyyy-mm-dd, "
                    + "for instance 2026-12-02");
        }
    }

    /** The {@code from} and {@code to} arguments, which must not make an empty range. */
    Range range(Instant defaultFrom, Instant defaultTo) {
        Instant from = time("from", defaultFrom);
        Instant to = time("to", defaultTo);
        if (!to.isAfter(from)) {
            throw new RejectedInput("from (" + from + ") must be before to (" + to + ")");
        }
        return new Range(from, to);
    }

    /** A time range, {@code from} included, {@code to} not. */
    record Range(Instant from, Instant to) {
    }
}
