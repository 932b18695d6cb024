package dev.yakata.bus;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;

/**
 * Which event types a listener receives: exact types ({@code door.forced}) or prefixes ending in {@code *}
 * ({@code access.*}, {@code *}). No patterns at all means every type.
 */
final class EventTypeFilter implements Predicate<String> {

    static final EventTypeFilter ALL = new EventTypeFilter(List.of(), List.of(), true);

    private final List<String> exact;
    private final List<String> prefixes;
    private final boolean all;

    private EventTypeFilter(List<String> exact, List<String> prefixes, boolean all) {
        this.exact = exact;
        this.prefixes = prefixes;
        this.all = all;
    }

    /** From a service property or URI option: null, a String (comma-separated allowed), String[] or Collection. */
    static EventTypeFilter of(Object property) {
        List<String> patterns = new ArrayList<>();
        if (property instanceof String s) {
            patterns.addAll(Arrays.asList(s.split(",")));
        } else if (property instanceof String[] a) {
            for (String s : a) {
                patterns.addAll(Arrays.asList(s.split(",")));
            }
        } else if (property instanceof Collection<?> c) {
            for (Object o : c) {
                patterns.addAll(Arrays.asList(String.valueOf(o).split(",")));
            }
        }
        List<String> exact = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        for (String p : patterns) {
            String t = p.trim();
            if (t.isEmpty()) {
                continue;
            }
            if (t.endsWith("*")) {
                prefixes.add(t.substring(0, t.length() - 1));
            } else {
                exact.add(t);
            }
        }
        if (exact.isEmpty() && prefixes.isEmpty()) {
            return ALL;
        }
        return new EventTypeFilter(List.copyOf(exact), List.copyOf(prefixes), false);
    }

    @Override
    public boolean test(String type) {
        if (all) {
            return true;
        }
        for (String e : exact) {
            if (e.equals(type)) {
                return true;
            }
        }
        for (String p : prefixes) {
            if (type.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return all ? "*" : String.join(",", exact) + (prefixes.isEmpty() ? "" : " " + prefixes + "*");
    }
}
