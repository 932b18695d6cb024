package dev.yakata.alarms.rules;

import dev.yakata.alarms.rules.Condition.Above;
import dev.yakata.alarms.rules.Condition.Below;
import dev.yakata.alarms.rules.Condition.Equals;
import dev.yakata.alarms.rules.Condition.EventSelector;
import dev.yakata.alarms.rules.Condition.FeedsSelector;
import dev.yakata.alarms.rules.Condition.PointSelector;
import dev.yakata.alarms.rules.Condition.Rise;
import dev.yakata.alarms.rules.Condition.RoleSelector;
import dev.yakata.api.device.Quality;
import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventTypes;
import dev.yakata.api.event.Severity;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The alarm engine of ISA-18.2 / IEC 62682: evaluates the conditions of an {@link AlarmConfig} against point values
 * and events, keeps every alarm's state, and publishes each change as an event of source {@value #SOURCE} (subject
 * the alarm id) through the sink. Those events are the alarms' whole record: {@link #restore} rebuilds the state from
 * them after a restart.
 *
 * <p>Pure and synchronous: every method takes the time it runs at, and the engine keeps no thread. Thread-safe by
 * one lock; the sink is called under it and must not block (the bus's publish does not).
 *
 * <p>A value of quality BAD, or no value, leaves a point condition as it is: the engine does not guess.
 */
public final class AlarmEngine {

    /** The source of the engine's events, and the id of the device that takes the operators' alarm commands. */
    public static final String SOURCE = "alarms";
    /** Who ends a shelving that expires, or a change the engine makes on its own. */
    public static final String ENGINE = "alarms";

    private static final Comparator<AlarmView> ORDER = Comparator
            .comparing((AlarmView a) -> !a.standing())
            .thenComparing(AlarmView::priority)
            .thenComparing(a -> a.since() == null ? Instant.EPOCH : a.since(), Comparator.reverseOrder())
            .thenComparing(AlarmView::id);

    /** One alarm's state. */
    private static final class Alarm {
        final String id;
        final String device;
        Condition condition;
        String point;
        /** Feeds alarms: the point ids of feed-a, feed-b, load-supplied. */
        String[] feedPoints;
        boolean raw;
        Instant rawSince = Instant.EPOCH;
        boolean active;
        AlarmState state = AlarmState.NORMAL;
        int count;
        Object value;
        Instant since;
        String ackBy = "";
        String ackComment = "";
        Instant shelvedUntil;
        String shelvedBy = "";
        String shelveReason = "";
        boolean outOfService;
        String disabledBy = "";
        String disableReason = "";
        boolean suppressed;
        /** Rise conditions: a window of samples whose values increase, so the front is the window's lowest. */
        ArrayDeque<double[]> lows;

        Alarm(String id, String device, Condition condition) {
            this.id = id;
            this.device = device;
            this.condition = condition;
        }

        boolean silenced() {
            return outOfService || shelvedUntil != null || suppressed;
        }
    }

    private final Consumer<Event> sink;
    private final ZoneId zone;
    private AlarmConfig config = AlarmConfig.empty();
    private final Map<String, Alarm> alarms = new TreeMap<>();
    /** Device, then point, to the alarms it decides. */
    private Map<String, Map<String, List<Alarm>>> byPoint = new HashMap<>();
    private List<Condition> eventConditions = List.of();
    /** The last good value of every watched point, by device, then point. */
    private final Map<String, Map<String, Object>> values = new HashMap<>();
    /**
     * The last recorded event of each alarm whose device was not bound when the record was read (a device file
     * delivered after the engine's first load): the alarm takes that state when its device comes.
     */
    private final Map<String, List<Event>> unbound = new HashMap<>();
    /** Alarms whose condition changed and wait for a delay. */
    private final Set<Alarm> pending = new LinkedHashSet<>();

    /**
     * @param sink receives every alarm event, under the engine's lock
     * @param zone the time zone of the schedules
     */
    public AlarmEngine(Consumer<Event> sink, ZoneId zone) {
        this.sink = sink;
        this.zone = zone;
    }

    /**
     * Puts a configuration in force over the devices a catalog lists (again when the catalog changed): an alarm whose
     * condition and device remain keeps its state, one whose condition or device is gone is dropped (announced as
     * cleared if it was standing), and every kept or new alarm is evaluated again from the values the engine holds.
     * Feed the current values of {@link #watchedPoints()} after it.
     */
    public synchronized void configure(AlarmConfig newConfig, Catalog catalog, Instant now) {
        config = newConfig;
        Map<String, Map<String, List<Alarm>>> index = new HashMap<>();
        Set<String> kept = new LinkedHashSet<>();
        List<Condition> events = new ArrayList<>();
        for (Condition condition : newConfig.conditions()) {
            Condition.Selector selector = condition.selector();
            if (selector instanceof PointSelector p) {
                bind(index, kept, condition, p.device(), new String[] {p.point()}, p.point());
            } else if (selector instanceof RoleSelector r) {
                for (Catalog.Device device : catalog.devices()) {
                    String point = device.roles().get(r.role());
                    if (device.profile().equals(r.profile()) && point != null && Condition.matches(r.devices(), device.id())) {
                        bind(index, kept, condition, device.id(), new String[] {point}, point);
                    }
                }
            } else if (selector instanceof FeedsSelector f) {
                for (Catalog.Device device : catalog.devices()) {
                    if (!device.profile().equals(f.profile()) || !Condition.matches(f.devices(), device.id())) {
                        continue;
                    }
                    String[] points = ConfigParser.FEED_ROLES.stream().map(device.roles()::get).toArray(String[]::new);
                    if (java.util.Arrays.stream(points).allMatch(java.util.Objects::nonNull)) {
                        bind(index, kept, condition, device.id(), points, "feeds");
                    }
                }
            } else {
                events.add(condition);
                for (Alarm alarm : alarms.values()) {
                    if (alarm.condition.id().equals(condition.id())) {
                        alarm.condition = condition;
                        kept.add(alarm.id);
                    }
                }
            }
        }
        for (Alarm alarm : new ArrayList<>(alarms.values())) {
            if (!kept.contains(alarm.id)) {
                alarms.remove(alarm.id);
                pending.remove(alarm);
                if (alarm.state != AlarmState.NORMAL) {
                    alarm.state = AlarmState.NORMAL;
                    alarm.active = false;
                    publish(EventTypes.ALARM_CLEARED, alarm, now, ENGINE,
                            "its condition is no longer in the alarm files, or its device is gone", Map.of());
                }
            }
        }
        byPoint = index;
        eventConditions = List.copyOf(events);
        for (Alarm alarm : alarms.values()) {
            if (alarm.since == null && !alarm.suppressed) {
                alarm.suppressed = suppressedAt(alarm.condition, now); // a new alarm starts as its schedule says
            }
            if (!(alarm.condition.selector() instanceof EventSelector)) {
                evaluate(alarm, now);
            }
        }
        suppressions(now);
    }

    private void bind(Map<String, Map<String, List<Alarm>>> index, Set<String> kept, Condition condition,
            String device, String[] points, String label) {
        String id = condition.id() + "@" + device;
        Alarm alarm = alarms.get(id);
        if (alarm == null) {
            alarm = new Alarm(id, device, condition);
            alarms.put(id, alarm);
            List<Event> recorded = unbound.remove(id);
            if (recorded != null) {
                for (Event event : recorded) {
                    apply(alarm, event);
                }
            }
        } else if (!alarm.condition.equals(condition)) {
            alarm.lows = null; // another test or window: the old samples say nothing about it
        }
        alarm.condition = condition;
        alarm.point = label;
        alarm.feedPoints = condition.selector() instanceof FeedsSelector ? points : null;
        kept.add(id);
        for (String point : points) {
            index.computeIfAbsent(device, d -> new HashMap<>()).computeIfAbsent(point, p -> new ArrayList<>(2)).add(alarm);
        }
    }

    /** The points whose values decide an alarm, by device. */
    public synchronized Map<String, Set<String>> watchedPoints() {
        Map<String, Set<String>> watched = new TreeMap<>();
        byPoint.forEach((device, points) -> watched.put(device, Set.copyOf(points.keySet())));
        return watched;
    }

    /** The configuration in force. */
    public synchronized AlarmConfig config() {
        return config;
    }

    /** A point's new value. Cheap when no condition watches the point: two map lookups. */
    public synchronized void onPoint(String device, String point, Object value, Quality quality, Instant now) {
        Map<String, List<Alarm>> points = byPoint.get(device);
        List<Alarm> deciding = points == null ? null : points.get(point);
        if (deciding == null || value == null || quality == Quality.BAD) {
            return;
        }
        values.computeIfAbsent(device, d -> new HashMap<>()).put(point, value);
        for (int i = 0; i < deciding.size(); i++) {
            Alarm alarm = deciding.get(i);
            if (alarm.condition.test() instanceof Rise rise && value instanceof Number n) {
                sample(alarm, rise, n.doubleValue(), now);
            }
            evaluate(alarm, now);
        }
    }

    /** An event from the bus; the engine's own are ignored. */
    public synchronized void onEvent(Event event, Instant now) {
        if (SOURCE.equals(event.source()) || eventConditions.isEmpty()) {
            return;
        }
        for (Condition condition : eventConditions) {
            EventSelector selector = (EventSelector) condition.selector();
            if (!Condition.matches(selector.from(), event.source())) {
                continue;
            }
            String id = condition.id() + "@" + event.source();
            if (selector.type().equals(event.type()) && selector.trigger().test(event.data())) {
                Alarm alarm = alarms.computeIfAbsent(id, key -> new Alarm(key, event.source(), condition));
                alarm.point = selector.type();
                if (alarm.since == null) {
                    alarm.suppressed = suppressedAt(condition, now);
                }
                alarm.value = selector.trigger().field().isEmpty() ? event.type() : event.data().get(selector.trigger().field());
                if (alarm.active && !alarm.silenced()) {
                    alarm.count++; // a flood of the same alarm collapses into this one, with its count
                } else {
                    setRaw(alarm, true, now);
                }
            } else if (!selector.latched() && selector.clearType().equals(event.type())
                    && selector.clear().test(event.data())) {
                Alarm alarm = alarms.get(id);
                if (alarm != null) {
                    setRaw(alarm, false, now);
                }
            }
        }
    }

    /** Delays that have run out, rise windows that slid, shelvings that expired, schedules that began or ended. */
    public synchronized void tick(Instant now) {
        for (Alarm alarm : new ArrayList<>(pending)) {
            settle(alarm, now);
        }
        for (Alarm alarm : alarms.values()) {
            if (alarm.lows != null && !alarm.lows.isEmpty()) {
                evaluate(alarm, now);
            }
        }
        for (Alarm alarm : new ArrayList<>(alarms.values())) {
            if (alarm.shelvedUntil != null && !now.isBefore(alarm.shelvedUntil)) {
                alarm.shelvedUntil = null;
                publish(EventTypes.ALARM_UNSHELVED, alarm, now, ENGINE, "the shelving expired", Map.of());
                reconcile(alarm, now);
            }
        }
        suppressions(now);
    }

    private void suppressions(Instant now) {
        for (Alarm alarm : alarms.values()) {
            boolean suppressed = suppressedAt(alarm.condition, now);
            if (suppressed != alarm.suppressed) {
                alarm.suppressed = suppressed;
                publish(suppressed ? EventTypes.ALARM_SUPPRESSED : EventTypes.ALARM_UNSUPPRESSED, alarm, now, ENGINE,
                        "schedule " + alarm.condition.suppressDuring() + (suppressed ? " began" : " ended"), Map.of());
                if (!suppressed) {
                    reconcile(alarm, now);
                }
            }
        }
    }

    private boolean suppressedAt(Condition condition, Instant now) {
        if (condition.suppressDuring().isEmpty()) {
            return false;
        }
        Schedule schedule = config.schedules().get(condition.suppressDuring());
        return schedule != null && schedule.activeAt(now.atZone(zone));
    }

    // ---- evaluation

    private void evaluate(Alarm alarm, Instant now) {
        Boolean raw = alarm.feedPoints != null ? feeds(alarm) : test(alarm, now);
        if (raw != null) {
            setRaw(alarm, raw, now);
        }
    }

    private Boolean test(Alarm alarm, Instant now) {
        Object value = values.getOrDefault(alarm.device, Map.of()).get(alarm.point);
        if (value == null) {
            return null;
        }
        alarm.value = value;
        Condition.Test test = alarm.condition.test();
        if (test instanceof Equals e) {
            return e.test(value);
        }
        if (!(value instanceof Number number)) {
            return null;
        }
        double v = number.doubleValue();
        if (test instanceof Above a) {
            return alarm.raw ? v > a.limit() - a.deadband() : v > a.limit();
        }
        if (test instanceof Below b) {
            return alarm.raw ? v < b.limit() + b.deadband() : v < b.limit();
        }
        Rise rise = (Rise) test;
        if (alarm.lows == null || alarm.lows.isEmpty()) {
            return null;
        }
        prune(alarm, rise, now);
        double risen = v - alarm.lows.peekFirst()[1];
        return alarm.raw ? risen >= rise.amount() - rise.deadband() : risen >= rise.amount();
    }

    private static void sample(Alarm alarm, Rise rise, double v, Instant now) {
        if (alarm.lows == null) {
            alarm.lows = new ArrayDeque<>();
        }
        while (!alarm.lows.isEmpty() && alarm.lows.peekLast()[1] >= v) {
            alarm.lows.pollLast();
        }
        alarm.lows.addLast(new double[] {now.toEpochMilli(), v});
        prune(alarm, rise, now);
    }

    private static void prune(Alarm alarm, Rise rise, Instant now) {
        double oldest = now.toEpochMilli() - rise.window().toMillis();
        while (alarm.lows.size() > 1 && alarm.lows.peekFirst()[0] < oldest) {
            alarm.lows.pollFirst();
        }
    }

    private Boolean feeds(Alarm alarm) {
        Map<String, Object> device = values.getOrDefault(alarm.device, Map.of());
        Object a = device.get(alarm.feedPoints[0]);
        Object b = device.get(alarm.feedPoints[1]);
        Object load = device.get(alarm.feedPoints[2]);
        if (!(a instanceof Boolean feedA) || !(b instanceof Boolean feedB) || !(load instanceof Boolean supplied)) {
            return null;
        }
        alarm.value = "feed-a=" + feedA + " feed-b=" + feedB + " load-supplied=" + supplied;
        return ((FeedsSelector) alarm.condition.selector()).both() ? (!feedA && !feedB) || !supplied
                : feedA != feedB && supplied;
    }

    private void setRaw(Alarm alarm, boolean raw, Instant now) {
        if (raw != alarm.raw) {
            alarm.raw = raw;
            alarm.rawSince = now;
        }
        settle(alarm, now);
    }

    private void settle(Alarm alarm, Instant now) {
        if (alarm.raw == alarm.active) {
            pending.remove(alarm);
            return;
        }
        Duration delay = alarm.raw ? alarm.condition.onDelay() : alarm.condition.offDelay();
        if (Duration.between(alarm.rawSince, now).compareTo(delay) < 0) {
            pending.add(alarm);
            return;
        }
        pending.remove(alarm);
        alarm.active = alarm.raw;
        if (!alarm.silenced()) {
            if (alarm.active) {
                annunciate(alarm, now);
            } else {
                returnToNormal(alarm, now);
            }
        }
    }

    private void annunciate(Alarm alarm, Instant now) {
        alarm.count = alarm.state == AlarmState.NORMAL ? 1 : alarm.count + 1;
        alarm.ackBy = ""; // a new annunciation nobody has acknowledged yet
        alarm.ackComment = "";
        alarm.state = AlarmState.ACTIVE_UNACKED;
        alarm.since = now;
        publish(EventTypes.ALARM_RAISED, alarm, now, ENGINE, "", Map.of());
    }

    private void returnToNormal(Alarm alarm, Instant now) {
        if (alarm.state == AlarmState.ACTIVE_UNACKED) {
            alarm.state = AlarmState.RETURNED_UNACKED;
            alarm.since = now;
            publish(EventTypes.ALARM_RETURNED, alarm, now, ENGINE, "", Map.of());
        } else if (alarm.state == AlarmState.ACTIVE_ACKED) {
            alarm.state = AlarmState.NORMAL;
            alarm.since = now;
            publish(EventTypes.ALARM_CLEARED, alarm, now, ENGINE, "", Map.of());
        }
    }

    /** After a shelving, suppression or removal from service ends: the state catches up with the condition. */
    private void reconcile(Alarm alarm, Instant now) {
        if (alarm.silenced()) {
            return;
        }
        boolean showsActive = alarm.state == AlarmState.ACTIVE_UNACKED || alarm.state == AlarmState.ACTIVE_ACKED;
        if (alarm.active && !showsActive) {
            annunciate(alarm, now);
        } else if (!alarm.active && showsActive) {
            returnToNormal(alarm, now);
        }
    }

    // ---- operators

    /** Acknowledges an alarm; a latched event alarm (one without {@code clears}) is NORMAL again. */
    public synchronized AlarmView acknowledge(String id, String user, String comment, Instant now) {
        Alarm alarm = resolve(id);
        switch (alarm.state) {
            case ACTIVE_UNACKED -> {
                if (alarm.condition.selector() instanceof EventSelector e && e.latched()) {
                    alarm.raw = false;
                    alarm.active = false;
                    alarm.state = AlarmState.NORMAL;
                } else {
                    alarm.state = AlarmState.ACTIVE_ACKED;
                }
            }
            case RETURNED_UNACKED -> alarm.state = AlarmState.NORMAL;
            default -> throw new RefusedOperation("alarm " + alarm.id + " is " + alarm.state
                    + ": there is nothing to acknowledge");
        }
        alarm.since = now;
        alarm.ackBy = user;
        alarm.ackComment = comment == null ? "" : comment;
        publish(EventTypes.ALARM_ACKNOWLEDGED, alarm, now, user, alarm.ackComment, Map.of());
        return view(alarm);
    }

    /** Shelves an alarm until {@code now + duration}: it is not annunciated meanwhile. */
    public synchronized AlarmView shelve(String id, String user, String reason, Duration duration, Duration longest,
            Instant now) {
        Alarm alarm = resolve(id);
        if (reason == null || reason.isBlank()) {
            throw new RefusedOperation("shelving " + alarm.id + " needs a reason, for the record");
        }
        if (duration.isNegative() || duration.isZero() || duration.compareTo(longest) > 0) {
            throw new RefusedOperation("an alarm is shelved for 1 to " + longest.toMinutes() + " minutes (the engine's "
                    + "maxShelveMinutes), not " + duration.toMinutes() + "; for longer, take it out of service");
        }
        if (alarm.outOfService) {
            throw new RefusedOperation("alarm " + alarm.id + " is out of service; enable it before shelving it");
        }
        alarm.shelvedUntil = now.plus(duration);
        alarm.shelvedBy = user;
        alarm.shelveReason = reason;
        publish(EventTypes.ALARM_SHELVED, alarm, now, user, reason, Map.of());
        return view(alarm);
    }

    public synchronized AlarmView unshelve(String id, String user, String reason, Instant now) {
        Alarm alarm = resolve(id);
        if (alarm.shelvedUntil == null) {
            throw new RefusedOperation("alarm " + alarm.id + " is not shelved");
        }
        alarm.shelvedUntil = null;
        publish(EventTypes.ALARM_UNSHELVED, alarm, now, user, reason == null ? "" : reason, Map.of());
        reconcile(alarm, now);
        return view(alarm);
    }

    /** Takes an alarm out of service: not annunciated until {@link #enable}. */
    public synchronized AlarmView disable(String id, String user, String reason, Instant now) {
        Alarm alarm = resolve(id);
        if (reason == null || reason.isBlank()) {
            throw new RefusedOperation("taking " + alarm.id + " out of service needs a reason, for the record");
        }
        if (alarm.outOfService) {
            throw new RefusedOperation("alarm " + alarm.id + " is out of service already (by " + alarm.disabledBy
                    + ": " + alarm.disableReason + ")");
        }
        alarm.outOfService = true;
        alarm.disabledBy = user;
        alarm.disableReason = reason;
        publish(EventTypes.ALARM_OUT_OF_SERVICE, alarm, now, user, reason, Map.of());
        return view(alarm);
    }

    public synchronized AlarmView enable(String id, String user, String reason, Instant now) {
        Alarm alarm = resolve(id);
        if (!alarm.outOfService) {
            throw new RefusedOperation("alarm " + alarm.id + " is in service");
        }
        alarm.outOfService = false;
        publish(EventTypes.ALARM_IN_SERVICE, alarm, now, user, reason == null ? "" : reason, Map.of());
        reconcile(alarm, now);
        return view(alarm);
    }

    /** Every alarm, standing ones first, then by priority and newest change. */
    public synchronized List<AlarmView> list() {
        List<AlarmView> views = new ArrayList<>(alarms.size());
        alarms.values().forEach(a -> views.add(view(a)));
        views.sort(ORDER);
        return views;
    }

    /** One alarm by its id, or by a condition id that has exactly one alarm. */
    public synchronized AlarmView alarm(String id) {
        return view(resolve(id));
    }

    private Alarm resolve(String id) {
        Alarm alarm = alarms.get(id);
        if (alarm != null) {
            return alarm;
        }
        List<Alarm> ofCondition = alarms.values().stream().filter(a -> a.condition.id().equals(id)).toList();
        if (ofCondition.size() == 1) {
            return ofCondition.get(0);
        }
        if (ofCondition.size() > 1) {
            throw new RefusedOperation("condition " + id + " has " + ofCondition.size() + " alarms; name one of "
                    + String.join(", ", ofCondition.stream().map(a -> a.id).toList()));
        }
        throw new RefusedOperation("no alarm '" + id + "'; yakata:alarm-list --all shows every alarm's id "
                + "(condition@device)");
    }

    // ---- the record

    /**
     * Rebuilds the alarms' state from their stored events (oldest first), after {@link #configure}: each alarm takes
     * the state its last event says. Events of conditions no longer in the files are skipped.
     *
     * @return the ids of the alarms skipped, for the log
     */
    public synchronized Set<String> restore(List<Event> events, Instant now) {
        Set<String> skipped = new LinkedHashSet<>();
        for (Event event : events) {
            if (!SOURCE.equals(event.source()) || !event.type().startsWith("alarm.")) {
                continue;
            }
            Map<String, Object> data = event.data();
            Alarm alarm = alarms.get(event.subject());
            if (alarm == null) {
                Condition condition = config.condition(String.valueOf(data.get("condition")));
                if (condition == null) {
                    skipped.add(event.subject());
                    continue;
                }
                if (!(condition.selector() instanceof EventSelector e)) {
                    // its device is not listed yet: the alarm takes its recorded state when the device is bound
                    unbound.computeIfAbsent(event.subject(), k -> new ArrayList<>()).add(event);
                    continue;
                }
                alarm = new Alarm(event.subject(), String.valueOf(data.get("device")), condition);
                alarm.point = e.type();
                alarms.put(alarm.id, alarm);
            }
            skipped.remove(alarm.id);
            apply(alarm, event);
        }
        return skipped;
    }

    /**
     * Closes the recorded alarms whose device never came: an alarm standing when the hub stopped, whose device file is
     * not among those loaded since, would otherwise wait unseen (it is in no list, since nothing binds it). Each one
     * still standing is announced cleared with the reason, so the record and the operators see how it ended. Call it
     * once the device files have had time to load after the rebuild; a device that comes later starts afresh.
     *
     * @return the ids of the alarms closed
     */
    public synchronized Set<String> closeUnbound(Instant now) {
        Set<String> closed = new LinkedHashSet<>();
        for (Map.Entry<String, List<Event>> entry : unbound.entrySet()) {
            List<Event> recorded = entry.getValue();
            Map<String, Object> last = recorded.get(recorded.size() - 1).data();
            Condition condition = config.condition(String.valueOf(last.get("condition")));
            if (condition == null) {
                continue; // its condition left the files meanwhile: nothing to close it by
            }
            Alarm alarm = new Alarm(entry.getKey(), String.valueOf(last.get("device")), condition);
            alarm.point = String.valueOf(last.getOrDefault("point", ""));
            recorded.forEach(event -> apply(alarm, event));
            if (alarm.state != AlarmState.NORMAL) {
                String state = alarm.state.name();
                alarm.state = AlarmState.NORMAL;
                alarm.active = false;
                publish(EventTypes.ALARM_CLEARED, alarm, now, ENGINE, "its device " + alarm.device
                        + " is not among the devices loaded since the restart, so its recorded alarm (" + state
                        + ") is closed; it is evaluated afresh if the device's file comes back", Map.of());
                closed.add(alarm.id);
            }
        }
        unbound.clear();
        return closed;
    }

    /** One recorded event's state onto an alarm. */
    private static void apply(Alarm alarm, Event event) {
        Map<String, Object> data = event.data();
        try {
            alarm.state = AlarmState.valueOf(String.valueOf(data.get("state")));
        } catch (IllegalArgumentException e) {
            return; // not one of ours
        }
        alarm.active = Boolean.TRUE.equals(data.get("active"));
        alarm.raw = alarm.active;
        alarm.rawSince = event.time();
        alarm.count = data.get("count") instanceof Number n ? n.intValue() : alarm.count;
        alarm.outOfService = Boolean.TRUE.equals(data.get("outOfService"));
        alarm.suppressed = Boolean.TRUE.equals(data.get("suppressed"));
        Object until = data.get("until");
        alarm.shelvedUntil = until instanceof String text && !text.isEmpty() ? Instant.parse(text) : null;
        String user = String.valueOf(data.getOrDefault("user", ""));
        String comment = String.valueOf(data.getOrDefault("comment", ""));
        switch (event.type()) {
            // since is when the alarm entered its state, as the running engine keeps it; silencing does not move it
            case EventTypes.ALARM_RAISED -> {
                alarm.since = event.time();
                alarm.ackBy = "";
                alarm.ackComment = "";
            }
            case EventTypes.ALARM_RETURNED, EventTypes.ALARM_CLEARED -> alarm.since = event.time();
            case EventTypes.ALARM_ACKNOWLEDGED -> {
                alarm.since = event.time();
                alarm.ackBy = user;
                alarm.ackComment = comment;
            }
            case EventTypes.ALARM_SHELVED -> {
                alarm.shelvedBy = user;
                alarm.shelveReason = comment;
            }
            case EventTypes.ALARM_OUT_OF_SERVICE -> {
                alarm.disabledBy = user;
                alarm.disableReason = comment;
            }
            default -> {
            }
        }
        if (alarm.since == null) {
            alarm.since = event.time();
        }
    }

    private void publish(String type, Alarm alarm, Instant now, String user, String comment, Map<String, Object> extra) {
        Event.Builder event = Event.builder(type, SOURCE).time(now).subject(alarm.id)
                .severity(type.equals(EventTypes.ALARM_RAISED) ? alarm.condition.priority().severity() : Severity.INFO)
                .actor(user)
                .put("alarm", alarm.id)
                .put("condition", alarm.condition.id())
                .put("device", alarm.device)
                .put("point", alarm.point == null ? "" : alarm.point)
                .put("priority", alarm.condition.priority().word())
                .put("state", alarm.state.name())
                .put("active", alarm.active)
                .put("count", (long) alarm.count)
                .put("value", shown(alarm.value))
                .put("message", message(alarm))
                .put("user", user)
                .put("comment", comment)
                .put("shelved", alarm.shelvedUntil != null)
                .put("until", alarm.shelvedUntil == null ? "" : alarm.shelvedUntil.toString())
                .put("outOfService", alarm.outOfService)
                .put("suppressed", alarm.suppressed)
                .put("schedule", alarm.condition.suppressDuring());
        extra.forEach(event::put);
        sink.accept(event.build());
    }

    private static Object shown(Object value) {
        return value == null || value instanceof Number || value instanceof Boolean ? value : String.valueOf(value);
    }

    private static String message(Alarm alarm) {
        Condition c = alarm.condition;
        if (!c.text().isEmpty()) {
            return c.text();
        }
        String subject = alarm.device + (alarm.point == null || c.selector() instanceof EventSelector
                || c.selector() instanceof FeedsSelector ? "" : "/" + alarm.point);
        Condition.Test test = c.test();
        if (test instanceof Above a) {
            return subject + " above " + a.limit();
        }
        if (test instanceof Below b) {
            return subject + " below " + b.limit();
        }
        if (test instanceof Rise r) {
            return subject + " rose by " + r.amount() + " or more within " + r.window().toMinutes() + " min";
        }
        if (test instanceof Equals e) {
            return subject + " is " + e.value();
        }
        if (c.selector() instanceof FeedsSelector f) {
            return subject + (f.both() ? ": both feeds lost or the load is not supplied"
                    : ": one feed lost, redundancy lost (the load is still supplied)");
        }
        EventSelector e = (EventSelector) c.selector();
        return subject + ": " + e.type() + (e.trigger().field().isEmpty() ? "" : " " + e.trigger());
    }

    private static AlarmView view(Alarm a) {
        return new AlarmView(a.id, a.condition.id(), a.device, a.point == null ? "" : a.point, a.condition.priority(),
                a.state, a.active, a.count, a.value, message(a), a.since, a.ackBy, a.ackComment, a.shelvedUntil,
                a.shelvedBy, a.shelveReason, a.outOfService, a.disabledBy, a.disableReason, a.suppressed,
                a.condition.suppressDuring());
    }

    /** The data of an event as an operator's list shows it. */
    public static Map<String, Object> row(AlarmView a) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("alarm", a.id());
        // what the alarm is about, as its events say it, so a northbound view built from a list names it too
        row.put("condition", a.condition());
        row.put("device", a.device());
        row.put("point", a.point());
        row.put("priority", a.priority().word());
        row.put("state", a.state().name());
        row.put("count", a.count());
        row.put("since", a.since() == null ? "" : a.since().toString());
        row.put("flags", String.join(",", flags(a)));
        // who acknowledged the standing annunciation, and what they wrote
        row.put("acknowledged", a.acknowledgedBy() == null || a.acknowledgedBy().isEmpty() ? ""
                : a.acknowledgedBy() + (a.comment() == null || a.comment().isEmpty() ? "" : ": " + a.comment()));
        row.put("message", a.message());
        return row;
    }

    private static List<String> flags(AlarmView a) {
        List<String> flags = new ArrayList<>();
        if (a.active()) {
            flags.add("active");
        }
        if (a.shelved()) {
            flags.add("shelved until " + a.shelvedUntil());
        }
        if (a.suppressed()) {
            flags.add("suppressed (" + a.schedule() + ")");
        }
        if (a.outOfService()) {
            flags.add("out of service");
        }
        return flags;
    }
}
