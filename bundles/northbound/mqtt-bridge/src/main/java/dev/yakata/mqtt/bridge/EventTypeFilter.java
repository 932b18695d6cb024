package dev.yakata.mqtt.bridge;

import java.util.ArrayList;
import java.util.List;

/** {@code event.types}: {@code *}, exact types and prefixes ending in {@code *}, comma-separated. */
final class EventTypeFilter {

    private final boolean all;
    private final List<String> exact = new ArrayList<>();
    private final List<String> prefixes = new ArrayList<>();

    EventTypeFilter(String spec) {
        boolean any = false;
        for (String part : (spec == null ? "*" : spec).split(",")) {
            String p = part.trim();
            if (p.equals("*")) {
                any = true;
            } else if (p.endsWith("*")) {
                prefixes.add(p.substring(0, p.length() - 1));
            } else if (!p.isEmpty()) {
                exact.add(p);
            }
        }
        all = any || (exact.isEmpty() && prefixes.isEmpty());
    }

    boolean matches(String type) {
        return all || exact.contains(type) || prefixes.stream().anyMatch(type::startsWith);
    }
}
