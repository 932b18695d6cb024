package dev.yakata.access.internal;

import dev.yakata.access.rules.AccessConfig;
import dev.yakata.api.event.Event;
import dev.yakata.api.event.Severity;
import dev.yakata.bus.api.EventBus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fire-release inputs of zones.cfg: while an input's point is true (an alarm) its doors are held unlocked (see
 * {@link DoorHolds}) and {@code access.fire-release} says so (CRITICAL, {@code state=active}); when it turns false they
 * are locked again ({@code state=cleared}, INFO). A BAD value changes nothing: a door is never locked on a reading
 * nobody can trust. Thread-safe.
 */
final class FireRelease {

    private final DoorHolds holds;
    private final DeviceLookup devices;
    private final EventBus bus;
    /** Input ({@code device/point}) to its doors, as configured. */
    private final Map<String, List<String>> inputs = new LinkedHashMap<>();
    private final Set<String> active = new LinkedHashSet<>();
    /** Whether an operator holds the doors released by hand ({@code fire-release state=on}), and who. */
    private String manual;

    FireRelease(DoorHolds holds, DeviceLookup devices, EventBus bus) {
        this.holds = holds;
        this.devices = devices;
        this.bus = bus;
    }

    /**
     * Takes the inputs of a reloaded zones.cfg. An input already active keeps its state, with its doors as the file
     * now lists them; a new one starts from its point's latest value, so an alarm raised before the hub looked
     * still releases; an active input the file no longer names is cleared.
     */
    synchronized void configure(List<AccessConfig.FireRelease> releases) {
        Map<String, List<String>> now = new LinkedHashMap<>();
        releases.forEach(r -> now.put(input(r.device(), r.point()), List.copyOf(r.doors())));
        if (manual != null) {
            // held by hand: the doors the file no longer lists are locked, new ones released, as for an input
            List<String> before = doorsOf(inputs);
            List<String> after = doorsOf(now);
            before.stream().filter(d -> !after.contains(d)).forEach(d -> holds.release(d, MANUAL_REASON));
            after.forEach(d -> holds.hold(d, MANUAL_REASON));
        }
        for (String input : List.copyOf(active)) {
            List<String> doors = now.get(input);
            if (doors == null) {
                clear(input);
                continue;
            }
            for (String door : inputs.get(input)) {
                if (!doors.contains(door)) {
                    holds.release(door, reason(input));
                }
            }
            doors.forEach(door -> holds.hold(door, reason(input)));
        }
        inputs.clear();
        inputs.putAll(now);
        for (AccessConfig.FireRelease release : releases) {
            String input = input(release.device(), release.point());
            if (!active.contains(input) && Boolean.TRUE.equals(devices.value(release.device(), release.point()))) {
                activate(input);
            }
        }
    }

    /** A {@code point.changed} event; ignored unless it is a fire-release input with a good binary value. */
    synchronized void pointChanged(Event event) {
        String input = input(event.source(), EventData.text(event.data(), "point"));
        if (!inputs.containsKey(input) || !(event.data().get("value") instanceof Boolean alarm)) {
            return;
        }
        if (alarm && !active.contains(input)) {
            activate(input);
        } else if (!alarm && active.contains(input)) {
            clear(input);
        }
    }

    /**
     * Compares each input with its latest value in the registry and acts on a difference: a {@code point.changed}
     * travels on the telemetry lane, which drops when full, and a fire alarm must not be missed for that. Called
     * every second.
     */
    synchronized void reconcile() {
        for (Map.Entry<String, List<String>> entry : inputs.entrySet()) {
            String input = entry.getKey();
            int slash = input.lastIndexOf('/');
            Object value = devices.value(input.substring(0, slash), input.substring(slash + 1));
            if (Boolean.TRUE.equals(value) && !active.contains(input)) {
                activate(input);
            } else if (Boolean.FALSE.equals(value) && active.contains(input)) {
                clear(input);
            }
        }
    }

    /**
     * An operator's fire release ({@code fire-release state=on}): holds the doors every fire-release input lists
     * unlocked, through the same holds as an alarm input, until turned off; opens nothing else. It adds to an alarm
     * input's holds and ends only its own.
     *
     * @return whether it changed anything (false when it was already in that state)
     */
    synchronized boolean manual(boolean on, String who) {
        if (on == (manual != null)) {
            return false;
        }
        List<String> doors = doorsOf(inputs);
        if (on) {
            manual = who;
            doors.forEach(door -> holds.hold(door, MANUAL_REASON));
            publish(MANUAL_INPUT, doors, "active", Severity.CRITICAL, who);
        } else {
            manual = null;
            doors.forEach(door -> holds.release(door, MANUAL_REASON));
            publish(MANUAL_INPUT, doors, "cleared", Severity.INFO, who);
        }
        return true;
    }

    /** Who holds the manual fire release, or null when nobody does. */
    synchronized String manual() {
        return manual;
    }

    /** Every door the fire-release inputs list, each once, in the file's order. */
    synchronized List<String> releasedDoors() {
        return doorsOf(inputs);
    }

    private static List<String> doorsOf(Map<String, List<String>> inputs) {
        Set<String> doors = new LinkedHashSet<>();
        inputs.values().forEach(doors::addAll);
        return List.copyOf(doors);
    }

    /** The inputs in alarm now. */
    synchronized List<String> activeInputs() {
        return new ArrayList<>(active);
    }

    private void activate(String input) {
        active.add(input);
        List<String> doors = inputs.get(input);
        doors.forEach(door -> holds.hold(door, reason(input)));
        publish(input, doors, "active", Severity.CRITICAL);
    }

    private void clear(String input) {
        active.remove(input);
        List<String> doors = inputs.get(input);
        doors.forEach(door -> holds.release(door, reason(input)));
        publish(input, doors, "cleared", Severity.INFO);
    }

    private void publish(String input, List<String> doors, String state, Severity severity) {
        publish(input, doors, state, severity, "");
    }

    private void publish(String input, List<String> doors, String state, Severity severity, String actor) {
        bus.publish(Event.builder(AccessEventTypes.FIRE_RELEASE, AccessEventTypes.SOURCE).subject(input)
                .severity(severity).actor(actor).put("state", state).put("doors", doors).put("input", input).build());
    }

    private static String reason(String input) {
        return "fire release " + input;
    }

    /** The input a manual release is published as, and the reason its holds carry. */
    static final String MANUAL_INPUT = "manual";
    static final String MANUAL_REASON = "fire release by hand";

    static String input(String device, String point) {
        return device + "/" + point;
    }
}
