package dev.yakata.alarms.rules;

import dev.yakata.api.event.Severity;
import java.util.Locale;

/**
 * The four alarm priorities ISA-18.2 suggests, highest first. The event severity follows the priority, so a route
 * that filters by severity sees urgent alarms as CRITICAL.
 */
public enum Priority {
    URGENT(Severity.CRITICAL),
    HIGH(Severity.ALARM),
    MEDIUM(Severity.ALARM),
    LOW(Severity.WARNING);

    private final Severity severity;

    Priority(Severity severity) {
        this.severity = severity;
    }

    public Severity severity() {
        return severity;
    }

    /** The word the files and events use: {@code urgent}, {@code high}, {@code medium}, {@code low}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The priority a word names, or null. */
    public static Priority of(String word) {
        for (Priority p : values()) {
            if (p.word().equals(word)) {
                return p;
            }
        }
        return null;
    }
}
