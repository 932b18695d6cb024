package dev.yakata.alarms.rules;

import java.time.DayOfWeek;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * A weekly schedule of the alarm files ({@code schedule opening-hours mon-fri 08:30-17:15}), during which the alarms
 * that name it are suppressed by design. A window whose end is before its start runs overnight into the next day.
 *
 * @param name    the schedule's name
 * @param windows its windows
 * @param where   the file and line that declares it, for messages
 */
public record Schedule(String name, List<Window> windows, String where) {

    static final String[] DAY_NAMES = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

    /**
     * Some days of the week (bit 0 Monday) from one minute of the day to another.
     *
     * @param days        the days the window starts on
     * @param startMinute minute of the day it starts, 0..1439
     * @param endMinute   minute of the day it ends (not included), 1..1440; at or before the start it ends the next day
     */
    public record Window(int days, int startMinute, int endMinute) {
        boolean contains(DayOfWeek day, int minute) {
            int today = 1 << (day.getValue() - 1);
            int yesterday = 1 << ((day.getValue() + 5) % 7);
            if (endMinute > startMinute) {
                return (days & today) != 0 && minute >= startMinute && minute < endMinute;
            }
            return ((days & today) != 0 && minute >= startMinute) || ((days & yesterday) != 0 && minute < endMinute);
        }
    }

    public Schedule {
        windows = List.copyOf(windows);
    }

    /** Whether the schedule is on at this local time. */
    public boolean activeAt(ZonedDateTime time) {
        int minute = time.getHour() * 60 + time.getMinute();
        for (Window window : windows) {
            if (window.contains(time.getDayOfWeek(), minute)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The days a word names ({@code mon}, {@code mon-fri}, {@code sat,sun}, {@code daily}), as a bit set, or -1.
     */
    static int days(String word) {
        if (word.equals("daily")) {
            return 0x7F;
        }
        int set = 0;
        for (String part : word.split(",", -1)) {
            int dash = part.indexOf('-');
            int from = day(dash < 0 ? part : part.substring(0, dash));
            int to = dash < 0 ? from : day(part.substring(dash + 1));
            if (from < 0 || to < 0) {
                return -1;
            }
            for (int d = from; ; d = (d + 1) % 7) {
                set |= 1 << d;
                if (d == to) {
                    break;
                }
            }
        }
        return set;
    }

    private static int day(String name) {
        for (int i = 0; i < DAY_NAMES.length; i++) {
            if (DAY_NAMES[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** Minutes of the day of {@code HH:MM} (24:00 allowed as an end), or -1. */
    static int minute(String text, boolean end) {
        if (!text.matches("\\d\\d:\\d\\d")) {
            return -1;
        }
        int hours = Integer.parseInt(text.substring(0, 2));
        int minutes = Integer.parseInt(text.substring(3));
        if (minutes > 59 || hours > 24 || (hours == 24 && (minutes != 0 || !end))) {
            return -1;
        }
        return hours * 60 + minutes;
    }
}
