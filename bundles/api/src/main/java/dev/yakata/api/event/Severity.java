package dev.yakata.api.event;

/** How urgently a person should look at an event. */
public enum Severity {
    /** Routine: a value changed, a command completed. */
    INFO,
    /** Worth noticing: a device went offline, a command was rejected. */
    WARNING,
    /** Needs a person: a door forced, a power feed lost. */
    ALARM,
    /** Needs a person now: life safety or the server room at risk. */
    CRITICAL
}
