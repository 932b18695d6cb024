package dev.yakata.console.api;

import dev.yakata.api.event.Event;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What one live-event stream shows: event types (exact, or a prefix ending in {@code .} or {@code *}; {@code *} is
 * every type) and, optionally, only the events of some devices or zones (either matches). Built from the stream's
 * query ({@code topics}, {@code devices}, {@code zones}); a view asks for what it draws, not for everything.
 */
record StreamFilter(List<String> exactTypes, List<String> typePrefixes, Set<String> devices, Set<String> zones) {

    static final int MAX_TOPICS = 32;
    static final int MAX_DEVICES = 512;
    static final int MAX_ZONES = 64;
    private static final Pattern TOPIC = Pattern.compile("\\*|[a-z][a-z0-9-]*(\\.[a-z0-9-]+)*(\\.|\\.\\*|\\*)?");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@:-]{0,127}");

    /**
     * The filter of a stream's query parameters.
     *
     * @throws IllegalArgumentException naming the parameter, the bad value and what is accepted
     */
    static StreamFilter parse(String topics, String devices, String zones) {
        List<String> exact = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        List<String> t = split("topics", topics, MAX_TOPICS);
        if (t.isEmpty()) {
            throw new IllegalArgumentException("topics is missing: name the event types the view shows, e.g. "
                    + "topics=shutter.state,alarm.,device.status (a prefix ends in '.'; '*' is every type)");
        }
        for (String topic : t) {
            if (!TOPIC.matcher(topic).matches()) {
                throw new IllegalArgumentException("topics: '" + topic + "' is not an event type (lower case, dots, "
                        + "e.g. door.forced), a prefix ending in '.' or '*' (alarm.), or '*'");
            }
            if (topic.equals("*")) {
                prefixes.add("");
            } else if (topic.endsWith("*")) {
                prefixes.add(topic.substring(0, topic.length() - 1));
            } else if (topic.endsWith(".")) {
                prefixes.add(topic);
            } else {
                exact.add(topic);
            }
        }
        return new StreamFilter(List.copyOf(exact), List.copyOf(prefixes), ids("devices", devices, MAX_DEVICES),
                ids("zones", zones, MAX_ZONES));
    }

    private static Set<String> ids(String name, String text, int max) {
        Set<String> out = new TreeSet<>();
        for (String id : split(name, text, max)) {
            if (!ID.matcher(id).matches()) {
                throw new IllegalArgumentException(name + ": '" + id + "' is not an id (letters, digits, . _ @ : -, up "
                        + "to 128), as GET /api/devices names them");
            }
            out.add(id);
        }
        return Set.copyOf(out);
    }

    private static List<String> split(String name, String text, int max) {
        List<String> out = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        for (String s : text.split(",")) {
            if (!s.isBlank()) {
                out.add(s.trim());
            }
        }
        if (out.size() > max) {
            throw new IllegalArgumentException(name + ": " + out.size() + " values, more than the " + max
                    + " one stream takes; open a stream per view");
        }
        return out;
    }

    boolean matches(Event e) {
        String type = e.type();
        boolean typeOk = exactTypes.contains(type);
        for (int i = 0; !typeOk && i < typePrefixes.size(); i++) {
            typeOk = type.startsWith(typePrefixes.get(i));
        }
        if (!typeOk) {
            return false;
        }
        if (devices.isEmpty() && zones.isEmpty()) {
            return true;
        }
        return devices.contains(e.source()) || devices.contains(String.valueOf(e.data().get("device")))
                || (!e.zone().isEmpty() && zones.contains(e.zone()));
    }

    /** The filter as the stream's {@code ready} event states it back. */
    Map<String, Object> describe() {
        Map<String, Object> out = new LinkedHashMap<>();
        List<String> topics = new ArrayList<>(exactTypes);
        typePrefixes.forEach(p -> topics.add(p.isEmpty() ? "*" : p.endsWith(".") ? p : p + "*"));
        out.put("topics", topics);
        out.put("devices", new ArrayList<>(new TreeSet<>(devices)));
        out.put("zones", new ArrayList<>(new TreeSet<>(zones)));
        return out;
    }
}
