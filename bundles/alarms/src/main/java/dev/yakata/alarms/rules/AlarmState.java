package dev.yakata.alarms.rules;

/** The alarm states of ISA-18.2 / IEC 62682 that an operator sees. */
public enum AlarmState {
    /** The condition is normal and nothing waits for the operator. */
    NORMAL,
    /** The condition is active and nobody has acknowledged it yet. */
    ACTIVE_UNACKED,
    /** The condition is active and an operator has acknowledged it. */
    ACTIVE_ACKED,
    /** The condition returned to normal before anyone acknowledged it. */
    RETURNED_UNACKED
}
