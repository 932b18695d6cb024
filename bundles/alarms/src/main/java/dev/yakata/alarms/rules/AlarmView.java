package dev.yakata.alarms.rules;

import java.time.Instant;

/**
 * One alarm as the operators see it, a snapshot.
 *
 * @param id             {@code <condition>@<device>}
 * @param condition      the condition's id
 * @param device         the device it is about
 * @param point          the point it watches, or the event type, or {@code feeds}
 * @param priority       its priority
 * @param state          its ISA-18.2 state
 * @param active         whether the condition is active now (also while shelved, suppressed or out of service)
 * @param count          how many times it became active since it was last NORMAL (a flood collapses into one alarm)
 * @param value          the last value that decided it, or null
 * @param message        the operator's sentence
 * @param since          when its state last changed, or null
 * @param acknowledgedBy who acknowledged it last, empty when nobody
 * @param comment        the comment of that acknowledgement
 * @param shelvedUntil   when its shelving ends, null when not shelved
 * @param shelvedBy      who shelved it, with {@code shelveReason}
 * @param shelveReason   why
 * @param outOfService   whether it is out of service, by {@code disabledBy} for {@code disableReason}
 * @param disabledBy     who took it out of service
 * @param disableReason  why
 * @param suppressed     whether its schedule suppresses it now
 * @param schedule       that schedule's name, empty when none
 */
public record AlarmView(String id, String condition, String device, String point, Priority priority,
        AlarmState state, boolean active, int count, Object value, String message, Instant since,
        String acknowledgedBy, String comment, Instant shelvedUntil, String shelvedBy, String shelveReason,
        boolean outOfService, String disabledBy, String disableReason, boolean suppressed, String schedule) {

    /** Whether it waits for an operator: active, or returned and not yet acknowledged. */
    public boolean standing() {
        return state != AlarmState.NORMAL;
    }

    public boolean shelved() {
        return shelvedUntil != null;
    }
}
