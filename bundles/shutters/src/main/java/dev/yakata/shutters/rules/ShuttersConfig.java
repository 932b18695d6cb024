package dev.yakata.shutters.rules;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What {@code etc/shutters/shutters.cfg} says, checked: the default travel time, the building's time zone, the groups (each
 * resolved to its shutters, in the order written), the daily closings and the holidays on which no closing runs.
 *
 * @param travelSeconds the travel time of a shutter whose device file sets no {@code shutter.travelSeconds}
 * @param zone          the zone closing times are read in
 * @param groups        by id, in file order
 * @param closings      the daily closings, in file order
 * @param holidays      the days no closing runs
 */
public record ShuttersConfig(int travelSeconds, ZoneId zone, Map<String, Group> groups, List<Closing> closings,
        Set<LocalDate> holidays) {

    public static final int DEFAULT_TRAVEL_SECONDS = 20;
    public static final int MAX_TRAVEL_SECONDS = 600;

    public ShuttersConfig {
        groups = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(groups));
        closings = List.copyOf(closings);
        holidays = Set.copyOf(holidays);
    }

    /** The configuration of a hub with no file: no group, no closing. */
    public static ShuttersConfig empty(ZoneId zone) {
        return new ShuttersConfig(DEFAULT_TRAVEL_SECONDS, zone, Map.of(), List.of(), Set.of());
    }

    /**
     * A named set of shutters.
     *
     * @param id       the id commands name ({@code 1f-counters})
     * @param name     its name for people ({@code 1F counters})
     * @param shutters every shutter, the nested groups' included, each once, in the order written
     * @param line     where it is declared
     */
    public record Group(String id, String name, List<String> shutters, String line) {
        public Group {
            shutters = List.copyOf(new LinkedHashSet<>(shutters));
        }
    }

    /**
     * A daily closing: the group closes at {@code at} on each of {@code days} that is not a holiday.
     *
     * @param line where it is declared ({@code shutters.cfg:9}), which also names it in events
     */
    public record Closing(String group, LocalTime at, Set<DayOfWeek> days, String line) {
        public Closing {
            days = Set.copyOf(days);
        }

        /** Whether it runs on that day. */
        public boolean runsOn(LocalDate day, Set<LocalDate> holidays) {
            return days.contains(day.getDayOfWeek()) && !holidays.contains(day);
        }
    }

    public Optional<Group> group(String id) {
        return Optional.ofNullable(groups.get(id));
    }

    /** The closings that run on a day. */
    public List<Closing> closingsOn(LocalDate day) {
        List<Closing> due = new ArrayList<>();
        for (Closing closing : closings) {
            if (closing.runsOn(day, holidays)) {
                due.add(closing);
            }
        }
        return due;
    }

    /** In a sentence, for the status and the log. */
    public String summary() {
        int shutters = (int) groups.values().stream().flatMap(g -> g.shutters().stream()).distinct().count();
        return groups.size() + " group(s) over " + shutters + " shutter(s), " + closings.size() + " daily closing(s), "
                + holidays.size() + " holiday(s), travel time " + travelSeconds + " s by default, zone " + zone;
    }
}
