package dev.yakata.api.command;

/** How a command ended. */
public enum OutcomeStatus {
    /** The device did what was asked (and confirmed it, where it can). */
    COMPLETED,
    /** The device or adapter tried and failed. */
    FAILED,
    /** No answer within the command's time limit. */
    TIMED_OUT,
    /** Not attempted: unknown device or point, device offline, not writable, an interlock, a missing permission. */
    REJECTED
}
