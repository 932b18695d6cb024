package dev.yakata.access.rules;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Everything in etc/access/ once read and checked as a whole; immutable, so a reload swaps one reference. Built by
 * {@link #load}; the formats are in docs/access-control.md.
 */
public final class AccessConfig {

    /**
     * Reads zones.cfg, people.cfg and people-*.cfg, policies.cfg and holidays.cfg from {@code dir}.
     *
     * @param cardPseudonym turns a card number from a file into its pseudonym (the core's {@code Pseudonyms.ofCard});
     *                      numbers are not kept
     * @throws AccessFileException for the first problem, naming file, line and fix
     */
    public static AccessConfig load(Path dir, UnaryOperator<String> cardPseudonym) throws AccessFileException {
        return new ConfigParser(dir, cardPseudonym).parse();
    }

    /** A door as zones.cfg declares it; {@code freeDuring} is empty when the door is never held open. */
    public record DoorSpec(String device, String fromZone, String toZone, String entryReader, String exitReader,
            int level, String freeDuring, int unlockSeconds, int heldOpenSeconds) {
    }

    /** A room inside a zone; {@code maxStaySeconds} 0 when no limit; {@code name} is the id when none is given. */
    public record RoomSpec(String id, String zone, String name, long maxStaySeconds) {
    }

    /** A fire-release input and the doors it releases. */
    public record FireRelease(String device, String point, List<String> doors) {
    }

    /** How a zone's anti-passback treats a violation. */
    public enum Passback { NONE, SOFT, HARD }

    /**
     * A zone as zones.cfg declares it; {@code name} is the id when none is given, {@code forgiveAfterSeconds} 0 when
     * a location there is never forgotten by time.
     */
    public record ZoneSpec(String id, int level, String name, Passback passback, long forgiveAfterSeconds) {
    }

    /** A person of the people files, with the groups resolved to their index in the policy. */
    record Person(String id, String name, List<String> groups, int[] groupIndexes, boolean escortRequired,
            String where) {
    }

    /** A card: its pseudonym (never the number), holder, state and validity as local epoch days, both included. */
    record Card(String pseudonym, Person person, CardState state, LocalDate validFrom, LocalDate validTo,
            long firstDay, long lastDay, String where) {
    }

    /** An allow or deny of policies.cfg; {@code during} null for a rule without schedule. */
    record Rule(boolean allow, String where, int line, List<String> groups, boolean byDoor, List<String> targets,
            Schedule during) {
    }

    /**
     * A door with what a decision needs precomputed: its zones, its free-passage schedule, and for each group index
     * the rules (in file order) that name the door or the zone entered through it.
     */
    record Door(DoorSpec spec, String where, ZoneSpec from, ZoneSpec to, Schedule freeDuring, Rule[][] entryRules) {
    }

    private final List<String> files;
    private final List<ZoneSpec> zones;
    private final Map<String, ZoneSpec> zoneById;
    private final Map<String, String> zoneWhere;
    private final List<DoorSpec> doorSpecs;
    private final Map<String, Door> doorByDevice;
    private final List<RoomSpec> rooms;
    private final List<FireRelease> fireReleases;
    private final Map<String, Boolean> groups;
    private final Map<String, Schedule> schedules;
    private final List<Rule> rules;
    private final Map<String, Person> people;
    private final Map<String, Card> cards;
    private final Map<LocalDate, String> holidays;
    private final long[] holidayDays;

    AccessConfig(List<String> files, List<ZoneSpec> zones, Map<String, String> zoneWhere, List<Door> doors,
            List<RoomSpec> rooms, List<FireRelease> fireReleases, Map<String, Boolean> groups,
            Map<String, Schedule> schedules, List<Rule> rules, Map<String, Person> people, Map<String, Card> cards,
            Map<LocalDate, String> holidays) {
        this.files = List.copyOf(files);
        this.zones = List.copyOf(zones);
        this.zoneById = zones.stream().collect(Collectors.toUnmodifiableMap(ZoneSpec::id, z -> z));
        this.zoneWhere = Map.copyOf(zoneWhere);
        this.doorSpecs = doors.stream().map(Door::spec).toList();
        this.doorByDevice = doors.stream().collect(Collectors.toUnmodifiableMap(d -> d.spec().device(),
                d -> d));
        this.rooms = List.copyOf(rooms);
        this.fireReleases = List.copyOf(fireReleases);
        this.groups = Collections.unmodifiableMap(new LinkedHashMap<>(groups));
        this.schedules = Collections.unmodifiableMap(new LinkedHashMap<>(schedules));
        this.rules = List.copyOf(rules);
        this.people = Collections.unmodifiableMap(new LinkedHashMap<>(people));
        this.cards = Map.copyOf(cards);
        this.holidays = Collections.unmodifiableMap(new TreeMap<>(holidays));
        this.holidayDays = holidays.keySet().stream().mapToLong(LocalDate::toEpochDay).sorted().toArray();
    }

    public List<DoorSpec> doors() {
        return doorSpecs;
    }

    public List<RoomSpec> rooms() {
        return rooms;
    }

    public List<FireRelease> fireReleases() {
        return fireReleases;
    }

    /** The zones in the order of zones.cfg. */
    public List<ZoneSpec> zones() {
        return zones;
    }

    /** The door a device is, or null when zones.cfg names no such door. */
    public DoorSpec door(String device) {
        Door door = doorByDevice.get(device);
        return door == null ? null : door.spec();
    }

    /** The person holding a card pseudonym, or null. */
    public String personOfCard(String cardPseudonym) {
        Card card = cardPseudonym == null ? null : cards.get(cardPseudonym);
        return card == null ? null : card.person().id();
    }

    /** The level of a zone, or -1 for an unknown zone. */
    public int levelOf(String zone) {
        ZoneSpec spec = zone == null ? null : zoneById.get(zone);
        return spec == null ? -1 : spec.level();
    }

    /**
     * Whether a schedule is on at an instant (the hub's time zone, holidays applied). The local date and time of
     * {@code at} are used as they are, so pass it in the hub's zone. An empty or null schedule (a door without
     * {@code free-during}) is never on.
     *
     * @throws IllegalArgumentException for a schedule policies.cfg does not define
     */
    public boolean scheduleOn(String schedule, ZonedDateTime at) {
        if (schedule == null || schedule.isEmpty()) {
            return false;
        }
        Schedule found = schedules.get(schedule);
        if (found == null) {
            throw new IllegalArgumentException("schedule '" + schedule + "' is not defined in policies.cfg; "
                    + Values.choices(schedule, schedules.keySet()));
        }
        return found.on(at.getDayOfWeek().getValue() - 1, at.getHour() * 60 + at.getMinute(),
                holiday(at.toLocalDate()) != null);
    }

    /** The name of a holiday from holidays.cfg, or null when the date is not one. */
    public String holiday(LocalDate date) {
        return holidays.get(date);
    }

    /** The files read, in the order they were read (zones.cfg, policies.cfg, people files, holidays.cfg if any). */
    public List<String> files() {
        return files;
    }

    public int peopleCount() {
        return people.size();
    }

    public int cardCount() {
        return cards.size();
    }

    /** The allow and deny lines of policies.cfg. */
    public int ruleCount() {
        return rules.size();
    }

    /** For the status line: how many people, cards, doors, rules, and which files. */
    public String summary() {
        return count(people.size(), "person", "people") + ", " + count(cards.size(), "card", "cards") + ", "
                + count(doorSpecs.size(), "door", "doors") + ", " + count(zones.size(), "zone", "zones") + ", "
                + count(rooms.size(), "room", "rooms") + ", " + count(groups.size(), "group", "groups") + ", "
                + count(schedules.size(), "schedule", "schedules") + ", " + count(rules.size(), "rule", "rules") + ", "
                + count(holidays.size(), "holiday", "holidays") + "; files: " + String.join(", ", files);
    }

    private static String count(int n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    // What the engine and the CSV import read.

    Door doorOf(String device) {
        return device == null ? null : doorByDevice.get(device);
    }

    Card card(String pseudonym) {
        return cards.get(pseudonym);
    }

    ZoneSpec zone(String id) {
        return zoneById.get(id);
    }

    /** {@code zones.cfg:<line>} of a zone, for a passback decision's rule. */
    String zoneWhere(String id) {
        return zoneWhere.getOrDefault(id, "");
    }

    boolean isHolidayEpochDay(long epochDay) {
        return holidayDays.length > 0 && Arrays.binarySearch(holidayDays, epochDay) >= 0;
    }

    Map<String, Boolean> groups() {
        return groups;
    }

    Map<String, Person> people() {
        return people;
    }

    Map<String, Card> cards() {
        return cards;
    }
}
