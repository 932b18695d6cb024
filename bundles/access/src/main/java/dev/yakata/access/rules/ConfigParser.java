package dev.yakata.access.rules;

import dev.yakata.access.rules.AccessConfig.Card;
import dev.yakata.access.rules.AccessConfig.Door;
import dev.yakata.access.rules.AccessConfig.DoorSpec;
import dev.yakata.access.rules.AccessConfig.FireRelease;
import dev.yakata.access.rules.AccessConfig.Passback;
import dev.yakata.access.rules.AccessConfig.Person;
import dev.yakata.access.rules.AccessConfig.RoomSpec;
import dev.yakata.access.rules.AccessConfig.Rule;
import dev.yakata.access.rules.AccessConfig.ZoneSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * Reads the files of etc/access/ into an {@link AccessConfig}: first every file line by line (syntax, values,
 * duplicates), then the references between them, then the indexes the decisions use. The first problem ends the load
 * with an {@link AccessFileException}; nothing is built until everything checked.
 */
final class ConfigParser {

    static final String ZONES = "zones.cfg";
    static final String POLICIES = "policies.cfg";
    static final String PEOPLE = "people.cfg";
    static final String HOLIDAYS = "holidays.cfg";

    static final String DEFAULT_ENTRY_READER = "entry";
    static final String DEFAULT_EXIT_READER = "exit";
    static final int DEFAULT_UNLOCK_SECONDS = 5;
    static final int DEFAULT_HELD_OPEN_SECONDS = 30;
    static final int MAX_UNLOCK_SECONDS = 600;
    static final int MAX_HELD_OPEN_SECONDS = 3_600;

    private static final Map<String, String> OPTION_EXAMPLES = Map.ofEntries(Map.entry("level", "2"),
            Map.entry("name", "\"事務室\""), Map.entry("passback", "hard"), Map.entry("forgive-after", "12h"),
            Map.entry("from", "hall"), Map.entry("to", "back-office"), Map.entry("entry-reader", "entry"),
            Map.entry("exit-reader", "exit"), Map.entry("free-during", "opening-hours"),
            Map.entry("unlock-seconds", "5"), Map.entry("held-open-seconds", "30"), Map.entry("in", "server-room"),
            Map.entry("max-stay", "4h"), Map.entry("groups", "staff,it"),
            Map.entry("valid", "2026-04-01..2027-03-31"), Map.entry("state", "active"));

    private record DoorLine(ConfigLine line, String device, String from, String to, String entryReader,
            String exitReader, String freeDuring, int unlockSeconds, int heldOpenSeconds) {
    }

    private record RoomLine(ConfigLine line, RoomSpec spec) {
    }

    private record FireLine(ConfigLine line, FireRelease spec) {
    }

    private record GroupLine(String where, boolean escortRequired) {
    }

    private record RuleLine(ConfigLine line, boolean allow, List<String> groups, boolean byDoor, List<String> targets,
            String during) {
    }

    private record PersonLine(ConfigLine line, String id, String name, List<String> groups) {
    }

    private record CardLine(ConfigLine line, String person, String pseudonym, LocalDate from, LocalDate to,
            CardState state) {
    }

    private final Path dir;
    private final UnaryOperator<String> cardPseudonym;
    private final List<String> files = new ArrayList<>();

    private final Map<String, ZoneSpec> zones = new LinkedHashMap<>();
    private final Map<String, String> zoneWhere = new HashMap<>();
    private final Map<String, DoorLine> doors = new LinkedHashMap<>();
    private final Map<String, RoomLine> rooms = new LinkedHashMap<>();
    private final Map<String, FireLine> fireReleases = new LinkedHashMap<>();

    private final Map<String, GroupLine> groups = new LinkedHashMap<>();
    private final Map<String, Schedule> schedules = new LinkedHashMap<>();
    private final List<RuleLine> rules = new ArrayList<>();

    private final Map<String, PersonLine> people = new LinkedHashMap<>();
    private final Map<String, CardLine> cards = new LinkedHashMap<>();

    private final Map<LocalDate, String> holidays = new LinkedHashMap<>();
    private final Map<LocalDate, String> holidayWhere = new HashMap<>();

    ConfigParser(Path dir, UnaryOperator<String> cardPseudonym) {
        this.dir = dir;
        this.cardPseudonym = cardPseudonym;
    }

    AccessConfig parse() throws AccessFileException {
        byte[] zonesFile = read(ZONES, "zones, doors and rooms, e.g. 'zone hall level 1' and "
                + "'door door.1f.main-entrance from outside to hall'");
        byte[] policiesFile = read(POLICIES, "groups, schedules and rules, e.g. 'group staff' and "
                + "'allow staff zone hall'");
        for (ConfigLine line : ConfigLine.parse(zonesFile, ZONES)) {
            zonesLine(line);
        }
        files.add(ZONES);
        for (ConfigLine line : ConfigLine.parse(policiesFile, POLICIES)) {
            policiesLine(line);
        }
        files.add(POLICIES);
        for (String peopleFile : peopleFiles()) {
            byte[] bytes = read(peopleFile, null);
            if (bytes == null) {
                continue;
            }
            for (ConfigLine line : ConfigLine.parse(bytes, peopleFile)) {
                peopleLine(line);
            }
            files.add(peopleFile);
        }
        byte[] holidaysFile = read(HOLIDAYS, null);
        if (holidaysFile != null) {
            for (ConfigLine line : ConfigLine.parse(holidaysFile, HOLIDAYS)) {
                holidayLine(line);
            }
            files.add(HOLIDAYS);
        }
        checkReferences();
        return build();
    }

    /** The file's bytes; null for a missing optional file ({@code mustHold} null), an error for a required one. */
    private byte[] read(String name, String mustHold) throws AccessFileException {
        try {
            return Files.readAllBytes(dir.resolve(name));
        } catch (NoSuchFileException e) {
            if (mustHold == null) {
                return null;
            }
            throw new AccessFileException(name, 0, "the file is missing from " + dir + "; create it with the " + mustHold
                    + " (docs/access-control.md gives the format)");
        } catch (IOException e) {
            throw new AccessFileException(name, 0, "the file cannot be read (" + e + "); check that the hub's user may "
                    + "read it");
        }
    }

    /** people.cfg first, then the people-*.cfg files by name. */
    private List<String> peopleFiles() throws AccessFileException {
        List<String> names = new ArrayList<>();
        names.add(PEOPLE);
        try (Stream<Path> listing = Files.list(dir)) {
            listing.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("people-") && n.endsWith(".cfg") && n.length() > "people-.cfg".length())
                    .filter(n -> Files.isRegularFile(dir.resolve(n)))
                    .sorted()
                    .forEach(names::add);
        } catch (IOException e) {
            throw new AccessFileException(PEOPLE, 0, "the folder " + dir + " cannot be listed (" + e + ")");
        }
        return names;
    }

    private static AccessFileException misplaced(ConfigLine line, String expected) {
        String word = line.text(0);
        String home = switch (word) {
            case "zone", "door", "room", "fire-release" -> ZONES;
            case "group", "schedule", "allow", "deny" -> POLICIES;
            case "person", "card" -> "people.cfg or a people-*.cfg";
            default -> word.matches("[0-9]{4}-.*") ? HOLIDAYS : null;
        };
        if (home != null && !line.words.get(0).quoted()) {
            return line.error("a '" + word + "' line belongs in " + home + "; " + line.file + " holds " + expected
                    + " lines");
        }
        if (line.words.get(0).quoted()) {
            return line.error("a line of " + line.file + " starts with " + expected + " written without quotes, not "
                    + "the quoted \"" + word + "\"");
        }
        return line.error("a line of " + line.file + " starts with " + expected + ", not '" + word
                + "'; check the spelling");
    }

    /**
     * The options after the fixed words, each a keyword with one value: keyword to the index of its value. Unknown,
     * repeated and valueless options are errors.
     */
    private static Map<String, Integer> options(ConfigLine line, int first, String what, List<String> known)
            throws AccessFileException {
        Map<String, Integer> found = new HashMap<>();
        for (int i = first; i < line.size(); i += 2) {
            String option = line.text(i);
            if (line.words.get(i).quoted() || !known.contains(option)) {
                throw line.error("'" + option + "' is not an option of " + what + "; write " + String.join(", ", known)
                        + (line.words.get(i).quoted() ? " (a quoted value needs its option before it)" : ""));
            }
            if (found.containsKey(option)) {
                throw line.error("'" + option + "' is given twice; give it once");
            }
            if (i + 1 >= line.size()) {
                throw line.error("'" + option + "' needs a value after it, e.g. " + option + " "
                        + OPTION_EXAMPLES.getOrDefault(option, "<value>"));
            }
            found.put(option, i + 1);
        }
        return found;
    }

    // zones.cfg

    private void zonesLine(ConfigLine line) throws AccessFileException {
        if (line.words.get(0).quoted()) {
            throw misplaced(line, "zone, door, room or fire-release");
        }
        switch (line.text(0)) {
            case "zone" -> zone(line);
            case "door" -> door(line);
            case "room" -> room(line);
            case "fire-release" -> fireRelease(line);
            default -> throw misplaced(line, "zone, door, room or fire-release");
        }
    }

    private void zone(ConfigLine line) throws AccessFileException {
        String id = Values.id(line, 1, "zone");
        Map<String, Integer> options = options(line, 2, "a zone", List.of("level", "name", "passback", "forgive-after"));
        if (!options.containsKey("level")) {
            throw line.error("zone '" + id + "' needs its level: zone " + id + " level <0..3>, e.g. zone " + id
                    + " level 2");
        }
        int level = Values.integer(line, options.get("level"), "level", 0, 3);
        String name = options.containsKey("name") ? line.text(options.get("name")) : id;
        Passback passback = Passback.NONE;
        if (options.containsKey("passback")) {
            String mode = line.text(options.get("passback"));
            passback = switch (mode) {
                case "hard" -> Passback.HARD;
                case "soft" -> Passback.SOFT;
                default -> throw line.error("passback is hard or soft, not '" + mode + "'; hard refuses a violation, "
                        + "soft lets it pass and records it");
            };
        }
        long forgiveAfter = options.containsKey("forgive-after")
                ? Values.durationSeconds(line, options.get("forgive-after"), "forgive-after") : 0;
        String before = zoneWhere.get(id);
        if (before != null) {
            throw line.error("zone '" + id + "' is already defined at " + before + "; define each zone once (remove "
                    + "or rename one of the two lines)");
        }
        zones.put(id, new ZoneSpec(id, level, name, passback, forgiveAfter));
        zoneWhere.put(id, line.where());
    }

    private void door(ConfigLine line) throws AccessFileException {
        String device = Values.id(line, 1, "door device");
        Map<String, Integer> options = options(line, 2, "a door", List.of("from", "to", "entry-reader", "exit-reader",
                "free-during", "unlock-seconds", "held-open-seconds"));
        if (!options.containsKey("from") || !options.containsKey("to")) {
            throw line.error("door '" + device + "' needs the zones it joins: door " + device + " from <zone> to <zone>");
        }
        String from = Values.id(line, options.get("from"), "zone");
        String to = Values.id(line, options.get("to"), "zone");
        if (from.equals(to)) {
            throw line.error("door '" + device + "' goes from zone '" + from + "' to the same zone; a door joins two "
                    + "different zones");
        }
        String entry = options.containsKey("entry-reader")
                ? Values.id(line, options.get("entry-reader"), "reader") : DEFAULT_ENTRY_READER;
        String exit = options.containsKey("exit-reader")
                ? Values.id(line, options.get("exit-reader"), "reader") : DEFAULT_EXIT_READER;
        if (entry.equals(exit)) {
            throw line.error("door '" + device + "' has the reader '" + entry + "' for both entry and exit; give the "
                    + "exit reader another id with exit-reader <id>");
        }
        String freeDuring = options.containsKey("free-during")
                ? Values.id(line, options.get("free-during"), "schedule") : "";
        int unlock = options.containsKey("unlock-seconds") ? Values.integer(line, options.get("unlock-seconds"),
                "unlock-seconds", 1, MAX_UNLOCK_SECONDS) : DEFAULT_UNLOCK_SECONDS;
        int heldOpen = options.containsKey("held-open-seconds") ? Values.integer(line,
                options.get("held-open-seconds"), "held-open-seconds", 1, MAX_HELD_OPEN_SECONDS)
                : DEFAULT_HELD_OPEN_SECONDS;
        DoorLine before = doors.get(device);
        if (before != null) {
            throw line.error("door '" + device + "' is already defined at " + before.line().where() + "; a device is "
                    + "one door: remove one of the two lines");
        }
        doors.put(device, new DoorLine(line, device, from, to, entry, exit, freeDuring, unlock, heldOpen));
    }

    private void room(ConfigLine line) throws AccessFileException {
        String id = Values.id(line, 1, "room");
        Map<String, Integer> options = options(line, 2, "a room", List.of("in", "name", "max-stay"));
        if (!options.containsKey("in")) {
            throw line.error("room '" + id + "' needs its zone: room " + id + " in <zone>");
        }
        String zone = Values.id(line, options.get("in"), "zone");
        String name = options.containsKey("name") ? line.text(options.get("name")) : id;
        long maxStay = options.containsKey("max-stay")
                ? Values.durationSeconds(line, options.get("max-stay"), "max-stay") : 0;
        RoomLine before = rooms.get(id);
        if (before != null) {
            throw line.error("room '" + id + "' is already defined at " + before.line().where() + "; define each room "
                    + "once");
        }
        rooms.put(id, new RoomLine(line, new RoomSpec(id, zone, name, maxStay)));
    }

    private void fireRelease(ConfigLine line) throws AccessFileException {
        if (line.size() != 5 || !line.is(3, "doors")) {
            throw line.error("a fire release is: fire-release <device id> <point id> doors <door>,<door>,..., e.g. "
                    + "fire-release fire.panel alarm doors door.1f.main-entrance,door.1f.staff-entrance");
        }
        String device = Values.id(line, 1, "fire-release device");
        String point = Values.id(line, 2, "point");
        List<String> released = Values.list(line, 4, "door");
        String key = device + " " + point;
        FireLine before = fireReleases.get(key);
        if (before != null) {
            throw line.error("the fire release " + device + " " + point + " is already defined at "
                    + before.line().where() + "; list all its doors on one line");
        }
        fireReleases.put(key, new FireLine(line, new FireRelease(device, point, List.copyOf(released))));
    }

    // policies.cfg

    private void policiesLine(ConfigLine line) throws AccessFileException {
        if (line.words.get(0).quoted()) {
            throw misplaced(line, "group, schedule, allow or deny");
        }
        switch (line.text(0)) {
            case "group" -> group(line);
            case "schedule" -> schedule(line);
            case "allow", "deny" -> rule(line);
            default -> throw misplaced(line, "group, schedule, allow or deny");
        }
    }

    private void group(ConfigLine line) throws AccessFileException {
        String id = Values.id(line, 1, "group");
        boolean escort = line.is(2, "escort-required");
        int extra = escort ? 3 : 2;
        if (line.size() > extra) {
            throw line.error("a group is: group <id> [escort-required]; '" + line.text(extra) + "' is not part of it");
        }
        GroupLine before = groups.get(id);
        if (before != null) {
            throw line.error("group '" + id + "' is already defined at " + before.where() + "; define each group once");
        }
        groups.put(id, new GroupLine(line.where(), escort));
    }

    private void schedule(ConfigLine line) throws AccessFileException {
        String id = Values.id(line, 1, "schedule");
        String example = "schedule " + id + " mon-fri 08:30-17:15 [sat 09:00-12:00] [except holidays]";
        BitSet minutes = new BitSet(7 * Schedule.MINUTES_A_DAY);
        boolean[] days = null;
        boolean daysHaveTime = false;
        boolean exceptHolidays = false;
        for (int i = 2; i < line.size(); i++) {
            String word = line.text(i);
            if (exceptHolidays) {
                throw line.error("'except holidays' ends a schedule; move '" + word + "' before it");
            }
            if (line.is(i, "except")) {
                if (!line.is(i + 1, "holidays")) {
                    throw line.error("write 'except holidays' (holidays.cfg's dates switch the schedule off)");
                }
                exceptHolidays = true;
                i++;
            } else if (word.indexOf(':') >= 0) {
                if (days == null) {
                    throw line.error("the time range '" + word + "' has no days before it; write the days first, "
                            + "e.g. mon-fri " + word);
                }
                int dash = word.indexOf('-');
                int start = dash < 0 ? -1 : Values.minutes(word.substring(0, dash), false);
                int end = dash < 0 ? -1 : Values.minutes(word.substring(dash + 1), true);
                if (start < 0 || end < 0) {
                    throw line.error("'" + word + "' is not a time range; write hh:mm-hh:mm with times from 00:00 to "
                            + "24:00, e.g. 08:30-17:15 or 00:00-24:00");
                }
                if (end <= start) {
                    throw line.error("the time range '" + word + "' ends before it starts; a range stays within one "
                            + "day (it may end at 24:00): for a night write two, e.g. mon-fri 22:00-24:00 "
                            + "tue-sat 00:00-06:00");
                }
                for (int day = 0; day < 7; day++) {
                    if (days[day]) {
                        minutes.set(day * Schedule.MINUTES_A_DAY + start, day * Schedule.MINUTES_A_DAY + end);
                    }
                }
                daysHaveTime = true;
            } else {
                if (days != null && !daysHaveTime) {
                    throw line.error("the days before '" + word + "' have no time range; write one after them, e.g. "
                            + "mon-fri 08:30-17:15");
                }
                days = days(line, word);
                daysHaveTime = false;
            }
        }
        if (days == null) {
            throw line.error("schedule '" + id + "' needs days and times: " + example);
        }
        if (!daysHaveTime) {
            throw line.error("the last days of schedule '" + id + "' have no time range; write one after them, e.g. "
                    + "mon-fri 08:30-17:15");
        }
        Schedule before = schedules.get(id);
        if (before != null) {
            throw line.error("schedule '" + id + "' is already defined at " + before.where + "; define each schedule "
                    + "once (one line may hold several days and times)");
        }
        schedules.put(id, new Schedule(id, line.where(), minutes, exceptHolidays));
    }

    /** {@code mon}, {@code mon-fri} (a range may wrap: {@code fri-mon}), {@code sat,sun} or {@code daily}. */
    private static boolean[] days(ConfigLine line, String word) throws AccessFileException {
        boolean[] days = new boolean[7];
        if (word.equals("daily")) {
            Arrays.fill(days, true);
            return days;
        }
        for (String item : word.split(",", -1)) {
            int dash = item.indexOf('-');
            int first = dayIndex(dash < 0 ? item : item.substring(0, dash));
            int last = dash < 0 ? first : dayIndex(item.substring(dash + 1));
            if (first < 0 || last < 0) {
                throw line.error("'" + word + "' is not a set of days; write mon, tue, wed, thu, fri, sat or sun, a "
                        + "range such as mon-fri, a list such as sat,sun, or daily");
            }
            for (int day = first; ; day = (day + 1) % 7) {
                days[day] = true;
                if (day == last) {
                    break;
                }
            }
        }
        return days;
    }

    private static int dayIndex(String name) {
        for (int i = 0; i < Schedule.DAY_NAMES.length; i++) {
            if (Schedule.DAY_NAMES[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private void rule(ConfigLine line) throws AccessFileException {
        String form = line.text(0) + " <group>,... door <door id>,...|zone <zone id>,... [during <schedule>]";
        if (line.size() != 4 && line.size() != 6) {
            throw line.error("a rule is: " + form + ", e.g. allow staff zone hall,back-office during office-hours");
        }
        boolean allow = line.is(0, "allow");
        List<String> ruleGroups = Values.list(line, 1, "group");
        boolean byDoor;
        if (line.is(2, "door")) {
            byDoor = true;
        } else if (line.is(2, "zone")) {
            byDoor = false;
        } else {
            throw line.error("after the groups comes 'door' or 'zone', not '" + line.text(2) + "'; a rule is: " + form);
        }
        List<String> targets = Values.list(line, 3, byDoor ? "door" : "zone");
        String during = null;
        if (line.size() == 6) {
            if (!line.is(4, "during")) {
                throw line.error("after the " + (byDoor ? "doors" : "zones") + " comes 'during <schedule>', not '"
                        + line.text(4) + "'");
            }
            during = Values.id(line, 5, "schedule");
        }
        rules.add(new RuleLine(line, allow, ruleGroups, byDoor, targets, during));
    }

    // people.cfg and people-*.cfg

    private void peopleLine(ConfigLine line) throws AccessFileException {
        if (line.words.get(0).quoted()) {
            throw misplaced(line, "person or card");
        }
        switch (line.text(0)) {
            case "person" -> person(line);
            case "card" -> card(line);
            default -> throw misplaced(line, "person or card");
        }
    }

    private void person(ConfigLine line) throws AccessFileException {
        String id = Values.id(line, 1, "person");
        Map<String, Integer> options = options(line, 2, "a person", List.of("name", "groups"));
        String name = options.containsKey("name") ? line.text(options.get("name")) : id;
        List<String> personGroups = options.containsKey("groups")
                ? Values.list(line, options.get("groups"), "group") : List.of();
        PersonLine before = people.get(id);
        if (before != null) {
            throw line.error("person '" + id + "' is already defined at " + before.line().where() + "; a person is "
                    + "defined once across people.cfg and people-*.cfg: remove or rename one of the two");
        }
        people.put(id, new PersonLine(line, id, name, personGroups));
    }

    /** The card number (word 2) is checked, turned into its pseudonym and dropped; no message repeats it. */
    private void card(ConfigLine line) throws AccessFileException {
        String person = Values.id(line, 1, "person");
        if (line.size() < 3) {
            throw line.error("the card of " + person + " has no number: card " + person + " <card number> "
                    + "[valid <from>..<to>] [state active|suspended|lost|revoked]");
        }
        String problem = Values.cardNumberProblem(line.text(2));
        if (problem != null) {
            throw line.error("the card number of " + person + " " + problem);
        }
        Map<String, Integer> options = options(line, 3, "a card", List.of("valid", "state"));
        LocalDate from = null;
        LocalDate to = null;
        if (options.containsKey("valid")) {
            String validity = line.text(options.get("valid"));
            int dots = validity.indexOf("..");
            if (dots < 0 || validity.equals("..")) {
                throw line.error("'" + validity + "' is not a validity; write valid <from>..<to> with dates as "
                        + "yyyy-mm-dd, e.g. valid 2026-04-01..2027-03-31; either end may be left out "
                        + "(valid ..2027-03-31)");
            }
            String first = validity.substring(0, dots);
            String last = validity.substring(dots + 2);
            from = first.isEmpty() ? null : Values.date(line, first);
            to = last.isEmpty() ? null : Values.date(line, last);
            if (from != null && to != null && to.isBefore(from)) {
                throw line.error("the card of " + person + " would be valid from " + from + " to " + to + ", which "
                        + "ends before it starts; swap the two dates");
            }
        }
        CardState state = CardState.ACTIVE;
        if (options.containsKey("state")) {
            state = cardState(line.text(options.get("state")));
            if (state == null) {
                throw line.error("a card's state is active, suspended, lost or revoked, not '"
                        + line.text(options.get("state")) + "'");
            }
        }
        String pseudonym = cardPseudonym.apply(line.text(2));
        CardLine before = cards.get(pseudonym);
        if (before != null) {
            throw line.error("this card number is already given to " + before.person() + " at "
                    + before.line().where() + "; a card number belongs to one person: remove one of the two lines");
        }
        cards.put(pseudonym, new CardLine(line, person, pseudonym, from, to, state));
    }

    static CardState cardState(String text) {
        return switch (text) {
            case "active" -> CardState.ACTIVE;
            case "suspended" -> CardState.SUSPENDED;
            case "lost" -> CardState.LOST;
            case "revoked" -> CardState.REVOKED;
            default -> null;
        };
    }

    // holidays.cfg

    private void holidayLine(ConfigLine line) throws AccessFileException {
        if (line.size() != 2) {
            throw line.error("a holiday is a date and its name in quotes: 2026-05-04 \"みどりの日\""
                    + (line.size() > 2 ? "; quote a name with spaces" : ""));
        }
        LocalDate date = Values.date(line, line.text(0));
        String before = holidayWhere.get(date);
        if (before != null) {
            throw line.error(date + " is already a holiday at " + before + " (" + holidays.get(date) + "); list each "
                    + "date once");
        }
        holidays.put(date, line.text(1));
        holidayWhere.put(date, line.where());
    }

    // across the files

    private void checkReferences() throws AccessFileException {
        for (DoorLine door : doors.values()) {
            requireZone(door.line(), door.from());
            requireZone(door.line(), door.to());
            if (!door.freeDuring().isEmpty() && !schedules.containsKey(door.freeDuring())) {
                throw door.line().error(undefinedSchedule(door.freeDuring()));
            }
        }
        for (RoomLine room : rooms.values()) {
            requireZone(room.line(), room.spec().zone());
        }
        for (FireLine fire : fireReleases.values()) {
            for (String door : fire.spec().doors()) {
                requireDoor(fire.line(), door);
            }
        }
        for (RuleLine rule : rules) {
            for (String group : rule.groups()) {
                if (!groups.containsKey(group)) {
                    throw rule.line().error("group '" + group + "' is not defined; define it with 'group " + group
                            + "' or use " + Values.choices(group, groups.keySet()));
                }
            }
            for (String target : rule.targets()) {
                if (rule.byDoor()) {
                    requireDoor(rule.line(), target);
                } else {
                    requireZone(rule.line(), target);
                }
            }
            if (rule.during() != null && !schedules.containsKey(rule.during())) {
                throw rule.line().error("schedule '" + rule.during() + "' is not defined; define it with 'schedule "
                        + rule.during() + " mon-fri 08:30-17:15' or use " + Values.choices(rule.during(),
                        schedules.keySet()));
            }
        }
        for (PersonLine person : people.values()) {
            for (String group : person.groups()) {
                if (!groups.containsKey(group)) {
                    throw person.line().error("group '" + group + "' of " + person.id() + " is not defined in "
                            + POLICIES + "; define it there with 'group " + group + "' or use "
                            + Values.choices(group, groups.keySet()));
                }
            }
        }
        for (CardLine card : cards.values()) {
            if (!people.containsKey(card.person())) {
                throw card.line().error("person '" + card.person() + "' of this card is not defined; add 'person "
                        + card.person() + " name \"<name>\" groups <group>' to a people file or use "
                        + Values.choices(card.person(), people.keySet()));
            }
        }
    }

    private void requireZone(ConfigLine line, String zone) throws AccessFileException {
        if (!zones.containsKey(zone)) {
            throw line.error("zone '" + zone + "' is not defined in " + ZONES + "; define it with 'zone " + zone
                    + " level <0..3>' or use " + Values.choices(zone, zones.keySet()));
        }
    }

    private void requireDoor(ConfigLine line, String door) throws AccessFileException {
        if (!doors.containsKey(door)) {
            throw line.error("door '" + door + "' is not defined in " + ZONES + "; define it with 'door " + door
                    + " from <zone> to <zone>' or use " + Values.choices(door, doors.keySet()));
        }
    }

    private String undefinedSchedule(String schedule) {
        return "schedule '" + schedule + "' is not defined in " + POLICIES + "; define it there with 'schedule "
                + schedule + " mon-fri 08:30-17:15' or use " + Values.choices(schedule, schedules.keySet());
    }

    // the indexes

    private AccessConfig build() {
        Map<String, Integer> groupIndex = new HashMap<>();
        Map<String, Boolean> escortByGroup = new LinkedHashMap<>();
        for (Map.Entry<String, GroupLine> group : groups.entrySet()) {
            groupIndex.put(group.getKey(), groupIndex.size());
            escortByGroup.put(group.getKey(), group.getValue().escortRequired());
        }
        List<Rule> builtRules = new ArrayList<>();
        for (RuleLine rule : rules) {
            builtRules.add(new Rule(rule.allow(), rule.line().where(), rule.line().number, List.copyOf(rule.groups()),
                    rule.byDoor(), List.copyOf(rule.targets()), rule.during() == null ? null
                    : schedules.get(rule.during())));
        }
        // a rule may list hundreds of zones, and every door looks it up
        List<Set<String>> targets = builtRules.stream().map(r -> (Set<String>) new HashSet<>(r.targets())).toList();
        List<Door> builtDoors = new ArrayList<>();
        for (DoorLine line : doors.values()) {
            ZoneSpec from = zones.get(line.from());
            ZoneSpec to = zones.get(line.to());
            DoorSpec spec = new DoorSpec(line.device(), line.from(), line.to(), line.entryReader(), line.exitReader(),
                    Math.max(from.level(), to.level()), line.freeDuring(), line.unlockSeconds(),
                    line.heldOpenSeconds());
            builtDoors.add(new Door(spec, line.line().where(), from, to,
                    line.freeDuring().isEmpty() ? null : schedules.get(line.freeDuring()),
                    entryRules(spec, builtRules, targets, groupIndex)));
        }
        Map<String, Person> builtPeople = new LinkedHashMap<>();
        for (PersonLine line : people.values()) {
            int[] indexes = line.groups().stream().mapToInt(groupIndex::get).toArray();
            boolean escort = line.groups().stream().anyMatch(g -> groups.get(g).escortRequired());
            builtPeople.put(line.id(), new Person(line.id(), line.name(), List.copyOf(line.groups()), indexes, escort,
                    line.line().where()));
        }
        Map<String, Card> builtCards = new HashMap<>();
        for (CardLine line : cards.values()) {
            builtCards.put(line.pseudonym(), new Card(line.pseudonym(), builtPeople.get(line.person()), line.state(),
                    line.from(), line.to(), line.from() == null ? Long.MIN_VALUE : line.from().toEpochDay(),
                    line.to() == null ? Long.MAX_VALUE : line.to().toEpochDay(), line.line().where()));
        }
        return new AccessConfig(files, new ArrayList<>(zones.values()), zoneWhere, builtDoors,
                rooms.values().stream().map(RoomLine::spec).toList(),
                fireReleases.values().stream().map(FireLine::spec).toList(), escortByGroup, schedules, builtRules,
                builtPeople, builtCards, holidays);
    }

    /**
     * For each group index, the rules that apply to entering through this door: those naming the door, or the zone it
     * leads into, and the group; in file order, so the first match is the lowest line.
     */
    private static Rule[][] entryRules(DoorSpec door, List<Rule> rules, List<Set<String>> targets,
            Map<String, Integer> groupIndex) {
        List<List<Rule>> byGroup = new ArrayList<>();
        for (int i = 0; i < groupIndex.size(); i++) {
            byGroup.add(new ArrayList<>());
        }
        for (int r = 0; r < rules.size(); r++) {
            Rule rule = rules.get(r);
            boolean names = targets.get(r).contains(rule.byDoor() ? door.device() : door.toZone());
            if (names) {
                for (String group : rule.groups()) {
                    byGroup.get(groupIndex.get(group)).add(rule);
                }
            }
        }
        Rule[][] table = new Rule[byGroup.size()][];
        for (int i = 0; i < table.length; i++) {
            table[i] = byGroup.get(i).toArray(new Rule[0]);
        }
        return table;
    }
}
