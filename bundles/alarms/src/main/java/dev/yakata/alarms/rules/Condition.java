package dev.yakata.alarms.rules;

import java.time.Duration;
import java.util.Map;

/**
 * One alarm condition of the alarm files: what it watches ({@link Selector}), when it is active ({@link Test}, for
 * point conditions), its priority, delays and the schedule that suppresses it. Each device a selector reaches has an
 * alarm of its own, {@code <condition>@<device>}.
 *
 * @param id             the condition's id ({@code server-room.temp-high})
 * @param priority       its priority
 * @param selector       what it watches
 * @param test           when a watched value makes it active; null for event and feeds conditions
 * @param onDelay        how long the test must hold before the alarm is raised
 * @param offDelay       how long the test must fail before the alarm returns
 * @param suppressDuring the schedule during which it is suppressed by design, empty when none
 * @param text           the operator's sentence for it, empty for the engine's own
 * @param where          {@code file:line} of its declaration
 */
public record Condition(String id, Priority priority, Selector selector, Test test, Duration onDelay,
        Duration offDelay, String suppressDuring, String text, String where) {

    /** What a condition watches. */
    public sealed interface Selector permits PointSelector, RoleSelector, EventSelector, FeedsSelector {
    }

    /** One point of one device: {@code point hvac.2f.server-room/supply-temp}. */
    public record PointSelector(String device, String point) implements Selector {
    }

    /** One role of every device of a profile ({@code role ups/on-battery}), optionally only devices matching a glob. */
    public record RoleSelector(String profile, String role, String devices) implements Selector {
    }

    /**
     * An event type from any device, or devices matching {@code from}, optionally only with one data field's value;
     * the alarm returns on the {@code clears} event (with its own match), or, without one, is latched until
     * acknowledged.
     */
    public record EventSelector(String type, Match trigger, String from, String clearType, Match clear)
            implements Selector {
        public boolean latched() {
            return clearType.isEmpty();
        }
    }

    /**
     * The redundancy of two feeds (roles {@code feed-a}, {@code feed-b}, {@code load-supplied}) of every device of a
     * profile: {@code lost-one} while exactly one feed is down and the load is still supplied, {@code lost-both} while
     * both are down or the load is not supplied.
     */
    public record FeedsSelector(String profile, boolean both, String devices) implements Selector {
    }

    /** A data field's value an event must have ({@code state=FAULT}) or must not have ({@code state!=FAULT}). */
    public record Match(String field, String value, boolean negated) {
        public static final Match ANY = new Match("", "", false);

        public boolean test(Map<String, Object> data) {
            if (field.isEmpty()) {
                return true;
            }
            Object actual = data.get(field);
            boolean equal = actual != null && String.valueOf(actual).equals(value);
            return negated != equal;
        }

        @Override
        public String toString() {
            return field.isEmpty() ? "" : field + (negated ? "!=" : "=") + value;
        }
    }

    /** When a value makes a point condition active. */
    public sealed interface Test permits Above, Below, Rise, Equals {
    }

    /** Active above {@code limit}; returns at or below {@code limit - deadband}. */
    public record Above(double limit, double deadband) implements Test {
    }

    /** Active below {@code limit}; returns at or above {@code limit + deadband}. */
    public record Below(double limit, double deadband) implements Test {
    }

    /** Active once the value rose by {@code amount} or more from its lowest within {@code window}. */
    public record Rise(double amount, Duration window, double deadband) implements Test {
    }

    /** Active while the value equals this one ({@code true}, {@code 3}, {@code FAULT}). */
    public record Equals(String value) implements Test {
        boolean test(Object actual) {
            if (actual instanceof Boolean b) {
                return b.toString().equals(value);
            }
            if (actual instanceof Number n) {
                try {
                    return n.doubleValue() == Double.parseDouble(value);
                } catch (NumberFormatException e) {
                    return false;
                }
            }
            return String.valueOf(actual).equals(value);
        }
    }

    /** Whether a device id matches a glob of the files ({@code power.*}); an empty glob matches every id. */
    static boolean matches(String glob, String id) {
        if (glob.isEmpty() || glob.equals("*")) {
            return true;
        }
        if (glob.indexOf('*') < 0) {
            return glob.equals(id);
        }
        // Matched in place, '*' being any run of characters: the engine asks this for every condition on every
        // event, and a regular expression built each time was a large part of the hub's garbage (BENCHMARKS.md,
        // Access control end to end).
        int g = 0;
        int i = 0;
        int star = -1;
        int resume = 0;
        while (i < id.length()) {
            if (g < glob.length() && glob.charAt(g) == '*') {
                star = g++;
                resume = i;
            } else if (g < glob.length() && glob.charAt(g) == id.charAt(i)) {
                g++;
                i++;
            } else if (star >= 0) {
                g = star + 1;
                i = ++resume;
            } else {
                return false;
            }
        }
        while (g < glob.length() && glob.charAt(g) == '*') {
            g++;
        }
        return g == glob.length();
    }
}
