package dev.yakata.access.rules;

import dev.yakata.access.rules.AccessConfig.Card;
import dev.yakata.access.rules.AccessConfig.Door;
import dev.yakata.access.rules.AccessConfig.Passback;
import dev.yakata.access.rules.AccessConfig.Person;
import dev.yakata.access.rules.AccessConfig.Rule;
import dev.yakata.access.rules.AccessConfig.ZoneSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The decision rules with the state they need between swipes: where each person is (anti-passback), who was last
 * granted at each reader (escort), which swipe ids were seen (replay), operators' card-state overrides. Not
 * thread-safe: one thread (the access component's decision thread) calls it.
 *
 * <p>A decision goes through the checks of docs/access-control.md in the order of its table; the first that fails is
 * the reason. A person moves (their location changes, and at a Level-2 door they become an escort) only on a granted
 * swipe that was neither late nor a replay: a late swipe's door is not unlocked, so the person did not pass.
 */
public final class AccessEngine {

    /** The limits from the component's configuration. */
    public record Settings(ZoneId zone, Duration escortWindow, Duration lateSwipe, Duration clockSkew, int replayMemory) {
        public static Settings defaults(ZoneId zone) {
            return new Settings(zone, Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(60), 100_000);
        }
    }

    /** Where a person was last seen entering, for anti-passback and who-is-inside. */
    public record Location(String person, String zone, Instant since) {
    }

    public static final String GRANTED = "granted";
    public static final String FREE_PASSAGE = "free-passage";
    public static final String REPLAYED = "replayed";
    public static final String UNKNOWN_READER = "unknown-reader";
    public static final String MALFORMED_CARD = "malformed-card";
    public static final String UNKNOWN_CARD = "unknown-card";
    public static final String SUSPENDED = "suspended";
    public static final String LOST = "lost";
    public static final String REVOKED = "revoked";
    public static final String NOT_YET_VALID = "not-yet-valid";
    public static final String EXPIRED = "expired";
    public static final String DENIED_BY_RULE = "denied-by-rule";
    public static final String WRONG_ZONE = "wrong-zone";
    public static final String OUTSIDE_SCHEDULE = "outside-schedule";
    public static final String HOLIDAY = "holiday";
    public static final String ESCORT_MISSING = "escort-missing";
    public static final String PASSBACK = "passback";
    public static final String LOCKDOWN = "lockdown";

    public static final String ENTRY = "entry";
    public static final String EXIT = "exit";

    private static final int ESCORT_LEVEL = 2;
    private static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss", Locale.ROOT);

    private record Grant(String person, long atMillis) {
    }

    private AccessConfig config;
    private final Settings settings;
    private final ZoneRules zoneRules;
    private final long escortWindowMillis;
    private final long lateSwipeMillis;
    private final long clockSkewMillis;
    private final Map<String, Location> locations = new HashMap<>();
    /** door device to reader to the last grant there of a person who needs no escort (Level-2 doors only). */
    private final Map<String, Map<String, Grant>> escorts = new HashMap<>();
    private final Map<String, Boolean> seenEventIds;
    private final Map<String, CardState> overrides = new HashMap<>();
    /** While on, only people allowed into a Level-3 zone are granted an entry anywhere; exits stay granted. */
    private boolean lockdown;

    public AccessEngine(AccessConfig config, Settings settings) {
        this.config = Objects.requireNonNull(config, "config");
        this.settings = Objects.requireNonNull(settings, "settings");
        if (settings.replayMemory() < 0) {
            throw new IllegalArgumentException("replayMemory is the number of swipe ids kept, 0 or more, not "
                    + settings.replayMemory());
        }
        this.zoneRules = settings.zone().getRules();
        this.escortWindowMillis = settings.escortWindow().toMillis();
        this.lateSwipeMillis = settings.lateSwipe().toMillis();
        this.clockSkewMillis = settings.clockSkew().toMillis();
        int memory = settings.replayMemory();
        // access order: an id seen again counts as recent (a least-recently-used set of the last `memory` ids)
        this.seenEventIds = new LinkedHashMap<>(Math.min(memory, 1 << 17) * 4 / 3 + 1, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > memory;
            }
        };
    }

    /** Swaps in a reloaded configuration; state (locations, overrides, seen ids) is kept. */
    public void reconfigure(AccessConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    public AccessConfig config() {
        return config;
    }

    public Settings settings() {
        return settings;
    }

    /** Decides a swipe and updates the state (location, escort memory, replay ids). */
    public Decision decide(Swipe swipe) {
        Instant at = Objects.requireNonNull(swipe.receivedAt(), "receivedAt");
        long atMillis = at.toEpochMilli();
        long deviceMillis = swipe.deviceTime() == null ? atMillis : swipe.deviceTime().toEpochMilli();
        boolean late = atMillis - deviceMillis > lateSwipeMillis;
        boolean clockSkew = deviceMillis - atMillis > clockSkewMillis;
        boolean replayed = false;
        String eventId = swipe.eventId();
        if (eventId != null && !eventId.isEmpty() && settings.replayMemory() > 0) {
            replayed = seenEventIds.get(eventId) != null; // get() also makes it recent
            if (!replayed) {
                seenEventIds.put(eventId, Boolean.TRUE);
            }
        }
        Draft draft = evaluate(eventId, swipe.door(), swipe.reader(), swipe.card(), at, replayed);
        if (late) {
            draft.late = true;
            draft.unlockSeconds = 0;
            draft.note("The swipe reached the hub " + seconds(atMillis - deviceMillis) + " after the reader's time, "
                    + "later than the " + seconds(lateSwipeMillis) + " limit, so the door is not unlocked.");
        }
        if (clockSkew) {
            draft.clockSkew = true;
            draft.note("The reader's clock is " + seconds(deviceMillis - atMillis) + " ahead of the hub's (limit "
                    + seconds(clockSkewMillis) + "); check the reader's time setting.");
        }
        Decision decision = draft.decision();
        if (decision.granted() && !late && !replayed) {
            moved(draft, atMillis, at);
        }
        return decision;
    }

    /**
     * What {@link #decide} would answer for this card at this door and direction at {@code at}, changing nothing
     * (an operator's "may this card pass", also "at" a given time).
     *
     * @param direction {@code entry} or {@code exit}
     * @throws IllegalArgumentException for another direction
     */
    public Decision check(String cardPseudonym, String door, String direction, Instant at) {
        if (!ENTRY.equals(direction) && !EXIT.equals(direction)) {
            throw new IllegalArgumentException("the direction is entry or exit, not '" + direction + "'");
        }
        Door found = config.doorOf(door);
        String reader = found == null ? "" : direction.equals(ENTRY) ? found.spec().entryReader()
                : found.spec().exitReader();
        return evaluate(null, door, reader, cardPseudonym, Objects.requireNonNull(at, "at"), false).decision();
    }

    /**
     * Sets (or with {@code null} removes) an operator's override of a card's state.
     *
     * @throws IllegalArgumentException when {@code cardPseudonym} is not a card pseudonym ({@code card:} and 24 hex
     *                                  digits); a card nobody holds yet may be given a state
     */
    public void overrideCardState(String cardPseudonym, CardState state) {
        if (!Values.isCardPseudonym(cardPseudonym)) {
            throw new IllegalArgumentException("'" + cardPseudonym + "' is not a card pseudonym (card: and 24 hex "
                    + "digits); give the card as the events name it");
        }
        if (state == null) {
            overrides.remove(cardPseudonym);
        } else {
            overrides.put(cardPseudonym, state);
        }
    }

    /** The overrides in force, card pseudonym to state (to persist them). */
    public Map<String, CardState> cardStateOverrides() {
        return Map.copyOf(overrides);
    }

    /**
     * Turns the lockdown on or off. While on, an entry anywhere is granted only to a person one of whose groups an
     * {@code allow} lets into a Level-3 zone (whatever that allow's schedule); the others are refused with
     * {@value #LOCKDOWN}. Exits are still granted (egress is never blocked), and no door is free for passage.
     */
    public void lockdown(boolean on) {
        lockdown = on;
    }

    public boolean lockdown() {
        return lockdown;
    }

    /** Forgets where a person is (operator's passback forgiveness); false when nothing was known. */
    public boolean forgive(String person) {
        return locations.remove(person) != null;
    }

    /**
     * Restores a location read back from the record at start (granted entries and exits, oldest first). Refusals,
     * late swipes and decisions without a person or zone change nothing; a decision older than the location already
     * known does not replace it.
     */
    public void restore(Decision decision, Instant at) {
        if (decision == null || at == null || !decision.granted() || decision.late() || decision.person().isEmpty()
                || decision.toZone().isEmpty()) {
            return;
        }
        Location known = locations.get(decision.person());
        if (known == null || !known.since().isAfter(at)) {
            locations.put(decision.person(), new Location(decision.person(), decision.toZone(), at));
        }
    }

    /**
     * Everyone known to be inside a passback or Level-3 zone now, with forgiveness applied at {@code now}; by zone,
     * then longest inside first.
     */
    public List<Location> locations(Instant now) {
        List<Location> inside = new ArrayList<>();
        for (Location location : locations.values()) {
            ZoneSpec zone = config.zone(location.zone());
            if (zone != null && (zone.passback() != Passback.NONE || zone.level() == 3)
                    && !forgotten(zone, location, now.toEpochMilli())) {
                inside.add(location);
            }
        }
        inside.sort(Comparator.comparing(Location::zone).thenComparing(Location::since)
                .thenComparing(Location::person));
        return inside;
    }

    // the decision

    /** The decision being made; the fields of {@link Decision}, filled as far as the swipe lets them be known. */
    private static final class Draft {
        boolean granted;
        String reason = "";
        StringBuilder detail = new StringBuilder();
        String rule = "";
        String door = "";
        String reader = "";
        String direction = "";
        String fromZone = "";
        String toZone = "";
        int level;
        String person = "";
        boolean passbackViolation;
        String escort = "";
        boolean late;
        boolean clockSkew;
        int unlockSeconds;
        /** Whether a grant moves the person (false for a free passage with a card that is not valid). */
        boolean moves = true;

        Draft refuse(String code, String sentence, String where) {
            granted = false;
            reason = code;
            detail.setLength(0);
            detail.append(sentence);
            rule = where;
            unlockSeconds = 0;
            return this;
        }

        Draft grant(String code, String sentence, String where, int seconds) {
            granted = true;
            reason = code;
            detail.setLength(0);
            detail.append(sentence);
            rule = where;
            unlockSeconds = seconds;
            return this;
        }

        void note(String sentence) {
            detail.append(' ').append(sentence);
        }

        Decision decision() {
            return new Decision(granted, reason, detail.toString(), rule, door, reader, direction, fromZone, toZone,
                    level, person, passbackViolation, escort, late, clockSkew, unlockSeconds);
        }
    }

    /** The local calendar of an instant in the hub's zone, as schedules and validity dates read it. */
    private final class Moment {
        final long epochDay;
        final int dayOfWeek;
        final int minuteOfDay;
        final boolean holiday;

        Moment(Instant at) {
            long local = at.getEpochSecond() + zoneRules.getOffset(at).getTotalSeconds();
            epochDay = Math.floorDiv(local, 86_400);
            minuteOfDay = (int) (Math.floorMod(local, 86_400) / 60);
            dayOfWeek = (int) Math.floorMod(epochDay + 3, 7); // 1970-01-01 was a Thursday; Monday is 0
            holiday = config.isHolidayEpochDay(epochDay);
        }

        String text() {
            return Schedule.DAY_NAMES[dayOfWeek] + " " + LocalDate.ofEpochDay(epochDay) + " "
                    + String.format(Locale.ROOT, "%02d:%02d", minuteOfDay / 60, minuteOfDay % 60);
        }
    }

    private Draft evaluate(String eventId, String device, String reader, String cardValue, Instant at,
            boolean replayed) {
        AccessConfig config = this.config;
        Draft draft = new Draft();
        draft.door = device == null ? "" : device;
        draft.reader = reader == null ? "" : reader;
        Door door = config.doorOf(device);
        boolean entry = door != null && door.spec().entryReader().equals(reader);
        boolean exit = door != null && !entry && door.spec().exitReader().equals(reader);
        if (door != null) {
            draft.level = door.spec().level();
        }
        if (entry || exit) {
            draft.direction = entry ? ENTRY : EXIT;
            draft.fromZone = entry ? door.spec().fromZone() : door.spec().toZone();
            draft.toZone = entry ? door.spec().toZone() : door.spec().fromZone();
        }
        Card card = Values.isCardPseudonym(cardValue) ? config.card(cardValue) : null;
        Person person = card == null ? null : card.person();
        if (person != null) {
            draft.person = person.id();
        }

        if (replayed) {
            return draft.refuse(REPLAYED, "The swipe " + eventId + " at " + draft.door + " was decided before; this "
                    + "copy is ignored and unlocks nothing.", "");
        }
        if (door == null) {
            return draft.refuse(UNKNOWN_READER, "No door in zones.cfg is the device " + draft.door + "; if it is a "
                    + "door, add 'door " + draft.door + " from <zone> to <zone>' to zones.cfg, else check the "
                    + "adapter's device id.", "");
        }
        if (!entry && !exit) {
            return draft.refuse(UNKNOWN_READER, "Door " + draft.door + " has no reader '" + draft.reader + "': its "
                    + "entry reader is '" + door.spec().entryReader() + "' and its exit reader '"
                    + door.spec().exitReader() + "'; set entry-reader or exit-reader on its line (" + door.where()
                    + ") or check the adapter's reader id.", door.where());
        }
        Moment now = new Moment(at);
        ZoneSpec left = entry ? door.from() : door.to();
        ZoneSpec entered = entry ? door.to() : door.from();
        String passage = "from " + label(left) + " to " + label(entered) + " through " + draft.door;
        if (!lockdown && door.freeDuring() != null && door.freeDuring().on(now.dayOfWeek, now.minuteOfDay, now.holiday)) {
            // The door is held open: every swipe passes, whatever the card, and is recorded all the same. Only a valid
            // card moves its holder: a lost one at an open door may be in anyone's hand.
            draft.moves = card != null && validOn(card, now.epochDay);
            return draft.grant(FREE_PASSAGE, "Door " + draft.door + " is open for free passage during schedule "
                    + door.spec().freeDuring() + " (" + door.where() + "); the swipe"
                    + (person == null ? "" : " of " + person.id()) + " is recorded and unlocks nothing.",
                    door.where(), 0);
        }
        if (!Values.isCardPseudonym(cardValue)) {
            // the value is never repeated: it may be a card number an adapter failed to pseudonymise
            return draft.refuse(MALFORMED_CARD, cardValue == null || cardValue.isEmpty()
                    ? "The swipe at " + draft.door + " reader " + draft.reader + " carries no card; check the "
                    + "reader and its adapter."
                    : "The swipe at " + draft.door + " reader " + draft.reader + " carries a card value that is not "
                    + "a card pseudonym (card: and 24 hex digits); check the adapter's card point.", "");
        }
        if (card == null) {
            return draft.refuse(UNKNOWN_CARD, "Card " + cardValue + " is not given to anyone in the people files; "
                    + "if its holder should pass " + draft.door + ", add a card line for them with the number of the "
                    + "card.", "");
        }
        CardState override = overrides.get(card.pseudonym());
        CardState state = stateOf(card);
        if (state != CardState.ACTIVE) {
            String by = override != null ? "by an operator" : "in " + card.where();
            String where = override != null ? "" : card.where();
            return switch (state) {
                case SUSPENDED -> draft.refuse(SUSPENDED, "The card of " + person.id() + " is suspended (" + by
                        + "); reinstate it (yakata:card-reinstate) if " + person.id() + " may pass again.", where);
                case LOST -> draft.refuse(LOST, "The card of " + person.id() + " was reported lost (" + by + "); "
                        + "whoever holds it is refused: if it is " + person.id() + ", check their identity and "
                        + "issue a new card.", where);
                default -> draft.refuse(REVOKED, "The card of " + person.id() + " is revoked (" + by + "); it opens "
                        + "no door any more, issue a new card if " + person.id() + " still needs one.", where);
            };
        }
        if (now.epochDay < card.firstDay()) {
            return draft.refuse(NOT_YET_VALID, "The card of " + person.id() + " is valid only from "
                    + card.validFrom() + " (" + card.where() + "); change its valid dates if " + person.id()
                    + " may pass earlier.", card.where());
        }
        if (now.epochDay > card.lastDay()) {
            return draft.refuse(EXPIRED, "The card of " + person.id() + " expired: it was valid until "
                    + card.validTo() + " (" + card.where() + "); extend its valid dates if " + person.id()
                    + " still needs access.", card.where());
        }

        if (lockdown && entry && !levelThreeStaff(person)) {
            return draft.refuse(LOCKDOWN, person.id() + " (" + groupsText(person) + ") may not go " + passage
                    + ": the building is in lockdown, which lets in only people allowed into a Level-3 zone; exits "
                    + "are still granted. An operator ends it (the lockdown-end posture, or lockdown state=off).", "");
        }
        Rule allowedBy = null;
        if (entry) {
            Rule deny = null;
            Rule allowOn = null;
            Rule allowOnlyNotOnHoliday = null;
            Rule allowOff = null;
            for (int group : person.groupIndexes()) {
                for (Rule rule : door.entryRules()[group]) {
                    Schedule.State ruleState = rule.during() == null ? Schedule.State.ON
                            : rule.during().state(now.dayOfWeek, now.minuteOfDay, now.holiday);
                    if (!rule.allow()) {
                        if (ruleState == Schedule.State.ON) {
                            deny = first(deny, rule);
                        }
                    } else if (ruleState == Schedule.State.ON) {
                        allowOn = first(allowOn, rule);
                    } else if (ruleState == Schedule.State.HOLIDAY) {
                        allowOnlyNotOnHoliday = first(allowOnlyNotOnHoliday, rule);
                    } else {
                        allowOff = first(allowOff, rule);
                    }
                }
            }
            if (deny != null) {
                return draft.refuse(DENIED_BY_RULE, person.id() + " may not go " + passage + ": " + deny.where()
                        + " denies group " + groupOf(deny, person) + (deny.during() == null ? ""
                        : " during " + deny.during().id) + ".", deny.where());
            }
            if (allowOn == null && allowOnlyNotOnHoliday == null && allowOff == null) {
                return draft.refuse(WRONG_ZONE, "No allow in policies.cfg lets " + person.id() + " ("
                        + groupsText(person) + ") go " + passage + "; add an allow for one of their groups and "
                        + "door " + draft.door + " or zone " + entered.id() + " if they should.", "");
            }
            if (allowOn == null) {
                if (allowOnlyNotOnHoliday != null) {
                    return draft.refuse(HOLIDAY, person.id() + " may go " + passage + " during "
                            + allowOnlyNotOnHoliday.during().id + " (" + allowOnlyNotOnHoliday.where() + "), but "
                            + "today is a holiday (" + config.holiday(LocalDate.ofEpochDay(now.epochDay)) + ") and "
                            + "that schedule is off on holidays.", allowOnlyNotOnHoliday.where());
                }
                return draft.refuse(OUTSIDE_SCHEDULE, person.id() + " may go " + passage + " only during "
                        + allowOff.during().id + " (" + allowOff.where() + "), which is off at " + now.text()
                        + ".", allowOff.where());
            }
            allowedBy = allowOn;
            if (draft.level == ESCORT_LEVEL && person.escortRequired()) {
                Grant escort = escortAt(draft.door, draft.reader);
                long since = escort == null ? -1 : at.toEpochMilli() - escort.atMillis();
                if (escort == null || since < 0 || since > escortWindowMillis) {
                    return draft.refuse(ESCORT_MISSING, person.id() + " (" + groupsText(person) + ") needs an "
                            + "escort at this Level-2 door: nobody without escort-required was let in at reader "
                            + draft.reader + " of " + draft.door + " in the " + seconds(escortWindowMillis)
                            + " before; the escort swipes first, then the visitor.", allowOn.where());
                }
                draft.escort = escort.person();
            }
        }

        Location location = currentLocation(person.id(), at.toEpochMilli());
        ZoneSpec alreadyInside = location != null && entered.passback() != Passback.NONE
                && location.zone().equals(entered.id()) ? entered : null;
        ZoneSpec notInside = location != null && left.passback() != Passback.NONE
                && !location.zone().equals(left.id()) ? left : null;
        ZoneSpec violated = alreadyInside != null && (notInside == null || alreadyInside.passback() == Passback.HARD)
                ? alreadyInside : notInside;
        String violation = null;
        if (violated != null) {
            violation = violated == alreadyInside
                    ? person.id() + " is already inside " + label(violated) + " since " + localTime(location.since())
                    : person.id() + " is not inside " + label(violated) + ": they were last seen entering "
                    + location.zone() + " at " + localTime(location.since());
            if (violated.passback() == Passback.HARD) {
                return draft.refuse(PASSBACK, violation + ", and hard anti-passback (" + config.zoneWhere(violated.id())
                        + ") refuses the swipe; if they passed without swiping, an operator can forgive them "
                        + "(yakata:access-forgive " + person.id() + ").", config.zoneWhere(violated.id()));
            }
            draft.passbackViolation = true;
        }

        int unlock = door.spec().unlockSeconds();
        if (entry) {
            draft.grant(GRANTED, person.id() + " may go " + passage + ": " + allowedBy.where() + " allows group "
                    + groupOf(allowedBy, person) + (allowedBy.during() == null ? "" : " during "
                    + allowedBy.during().id) + ".", allowedBy.where(), unlock);
        } else {
            draft.grant(GRANTED, person.id() + " may go " + passage + ": exits are always granted to a valid card.",
                    "", unlock);
        }
        if (!draft.escort.isEmpty()) {
            draft.note("Escorted by " + draft.escort + ", let in at the same reader "
                    + seconds(at.toEpochMilli() - escortAt(draft.door, draft.reader).atMillis()) + " before.");
        }
        if (violation != null) {
            draft.note("Soft anti-passback (" + config.zoneWhere(violated.id()) + ") lets it pass although " + violation
                    + "; it is recorded as a passback violation.");
        }
        return draft;
    }

    /** Whether an allow of one of the person's groups names a door into a Level-3 zone, or such a zone. */
    private boolean levelThreeStaff(Person person) {
        for (AccessConfig.DoorSpec spec : config.doors()) {
            Door door = config.doorOf(spec.device());
            if (door == null || door.to().level() != 3) {
                continue;
            }
            for (int group : person.groupIndexes()) {
                for (Rule rule : door.entryRules()[group]) {
                    if (rule.allow()) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** The card's state: an operator's override, else the file's. */
    private CardState stateOf(Card card) {
        CardState override = overrides.get(card.pseudonym());
        return override != null ? override : card.state();
    }

    private boolean validOn(Card card, long epochDay) {
        return stateOf(card) == CardState.ACTIVE && epochDay >= card.firstDay() && epochDay <= card.lastDay();
    }

    /** A granted, timely, first swipe: the person is now where they went, and may escort at a Level-2 door. */
    private void moved(Draft draft, long atMillis, Instant at) {
        if (!draft.moves || draft.person.isEmpty() || draft.toZone.isEmpty()) {
            return;
        }
        locations.put(draft.person, new Location(draft.person, draft.toZone, at));
        if (draft.level == ESCORT_LEVEL && draft.direction.equals(ENTRY) && draft.reason.equals(GRANTED)) {
            Person person = config.people().get(draft.person);
            if (person != null && !person.escortRequired()) {
                escorts.computeIfAbsent(draft.door, d -> new HashMap<>()).put(draft.reader,
                        new Grant(draft.person, atMillis));
            }
        }
    }

    private Grant escortAt(String door, String reader) {
        Map<String, Grant> readers = escorts.get(door);
        return readers == null ? null : readers.get(reader);
    }

    /** The person's location, or null when unknown or forgotten by the zone's forgive-after at {@code atMillis}. */
    private Location currentLocation(String person, long atMillis) {
        Location location = locations.get(person);
        if (location == null) {
            return null;
        }
        ZoneSpec zone = config.zone(location.zone());
        if (zone == null || forgotten(zone, location, atMillis)) {
            return null; // a zone removed by a reload holds nothing against anyone
        }
        return location;
    }

    private static boolean forgotten(ZoneSpec zone, Location location, long atMillis) {
        return zone.forgiveAfterSeconds() > 0
                && atMillis - location.since().toEpochMilli() >= zone.forgiveAfterSeconds() * 1_000;
    }

    private static Rule first(Rule best, Rule candidate) {
        return best == null || candidate.line() < best.line() ? candidate : best;
    }

    /** The person's group the rule names (the first of theirs that it lists). */
    private static String groupOf(Rule rule, Person person) {
        for (String group : person.groups()) {
            if (rule.groups().contains(group)) {
                return group;
            }
        }
        return rule.groups().get(0);
    }

    private static String groupsText(Person person) {
        return person.groups().isEmpty() ? "no group" : (person.groups().size() == 1 ? "group " : "groups ")
                + String.join(", ", person.groups());
    }

    private static String label(ZoneSpec zone) {
        return zone.name().equals(zone.id()) ? zone.id() : zone.name() + " (" + zone.id() + ")";
    }

    private String localTime(Instant at) {
        return LOCAL_TIME.format(at.atZone(settings.zone()));
    }

    private static String seconds(long millis) {
        return millis % 1_000 == 0 ? millis / 1_000 + " s" : String.format(Locale.ROOT, "%.1f s", millis / 1_000.0);
    }
}
