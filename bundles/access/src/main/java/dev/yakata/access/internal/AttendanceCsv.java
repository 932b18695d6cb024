package dev.yakata.access.internal;

import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventTypes;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.TreeMap;

/**
 * The attendance report of one day: from that day's {@code access.granted} events, each person's first entry and
 * last exit (at any door; times by the hub's clock in its zone), as CSV for a spreadsheet: UTF-8 with a byte order
 * mark, RFC 4180, one row per person in id order.
 */
final class AttendanceCsv {

    static final String HEADER = "person,first_entry,first_entry_door,last_exit,last_exit_door";

    private final ZoneId zone;
    private final Map<String, Day> people = new TreeMap<>();

    /** One person's day. */
    private static final class Day {
        Instant firstEntry;
        String firstEntryDoor = "";
        Instant lastExit;
        String lastExitDoor = "";
    }

    AttendanceCsv(ZoneId zone) {
        this.zone = zone;
    }

    /** Takes one stored event; anything but a granted swipe of a known person is ignored. */
    void add(Event event) {
        String person = EventData.text(event.data(), "person");
        if (!EventTypes.ACCESS_GRANTED.equals(event.type()) || person.isEmpty()) {
            return;
        }
        Day day = people.computeIfAbsent(person, p -> new Day());
        String door = EventData.text(event.data(), "door");
        switch (EventData.text(event.data(), "direction")) {
            case "entry" -> {
                if (day.firstEntry == null || event.time().isBefore(day.firstEntry)) {
                    day.firstEntry = event.time();
                    day.firstEntryDoor = door;
                }
            }
            case "exit" -> {
                if (day.lastExit == null || event.time().isAfter(day.lastExit)) {
                    day.lastExit = event.time();
                    day.lastExitDoor = door;
                }
            }
            default -> {
            }
        }
    }

    int rows() {
        return people.size();
    }

    /** The whole file, byte order mark first. */
    String text() {
        StringBuilder csv = new StringBuilder("\uFEFF").append(HEADER).append("\r\n");
        people.forEach((person, day) -> csv.append(field(person)).append(',').append(time(day.firstEntry)).append(',')
                .append(field(day.firstEntryDoor)).append(',').append(time(day.lastExit)).append(',')
                .append(field(day.lastExitDoor)).append("\r\n"));
        return csv.toString();
    }

    private String time(Instant at) {
        return at == null ? "" : Outcomes.shown(at, zone);
    }

    private static String field(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}
