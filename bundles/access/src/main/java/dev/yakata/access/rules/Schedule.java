package dev.yakata.access.rules;

import java.util.BitSet;

/**
 * A schedule of policies.cfg: which minutes of the week it is on, and whether holidays switch it off. A minute is on
 * when a range covers its start: {@code 08:30-17:15} is on from 08:30:00 until 17:14:59.
 */
final class Schedule {

    static final int MINUTES_A_DAY = 1_440;
    static final String[] DAY_NAMES = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

    /** What a schedule says about one minute. */
    enum State { ON, OFF, HOLIDAY }

    final String id;
    final String where;
    final boolean exceptHolidays;
    private final BitSet minutesOfWeek;

    Schedule(String id, String where, BitSet minutesOfWeek, boolean exceptHolidays) {
        this.id = id;
        this.where = where;
        this.minutesOfWeek = minutesOfWeek;
        this.exceptHolidays = exceptHolidays;
    }

    /**
     * @param dayOfWeek 0 for Monday to 6 for Sunday
     * @param holiday   whether the local date is in holidays.cfg
     */
    State state(int dayOfWeek, int minuteOfDay, boolean holiday) {
        if (!minutesOfWeek.get(dayOfWeek * MINUTES_A_DAY + minuteOfDay)) {
            return State.OFF;
        }
        return exceptHolidays && holiday ? State.HOLIDAY : State.ON;
    }

    boolean on(int dayOfWeek, int minuteOfDay, boolean holiday) {
        return state(dayOfWeek, minuteOfDay, holiday) == State.ON;
    }
}
