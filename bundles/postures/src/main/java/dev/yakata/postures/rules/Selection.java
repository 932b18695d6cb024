package dev.yakata.postures.rules;

import dev.yakata.api.device.DeviceDefinition;
import dev.yakata.core.api.DeviceInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which devices a step commands: every selector given must match (device AND profile AND zone ...), and a device
 * matches a selector when it matches any of its values. A device selector is an id or a glob ({@code *} any run of
 * characters, {@code ?} one).
 *
 * @param devices  ids and globs, empty for any device
 * @param profiles profile names, empty for any
 * @param types    device types, empty for any
 * @param zones    zones ({@code L1}, {@code L2}, {@code L3}), empty for any
 * @param floors   floors ({@code 1F}), empty for any
 */
public record Selection(List<String> devices, List<String> profiles, List<String> types, List<String> zones,
        List<String> floors) {

    public Selection {
        devices = List.copyOf(devices);
        profiles = List.copyOf(profiles);
        types = List.copyOf(types);
        zones = List.copyOf(zones);
        floors = List.copyOf(floors);
    }

    public boolean isEmpty() {
        return devices.isEmpty() && profiles.isEmpty() && types.isEmpty() && zones.isEmpty() && floors.isEmpty();
    }

    /** Whether a device of the registry is selected; a device without a usable file never is. */
    public boolean matches(DeviceInfo device) {
        DeviceDefinition d = device.definition();
        if (d == null) {
            return false;
        }
        return (devices.isEmpty() || devices.stream().anyMatch(p -> glob(p).matcher(d.id()).matches()))
                && (profiles.isEmpty() || profiles.contains(d.profile()))
                && (types.isEmpty() || types.contains(d.type()))
                && (zones.isEmpty() || zones.contains(d.zone()))
                && (floors.isEmpty() || floors.contains(d.floor()));
    }

    /** The devices of the list that are selected, in the list's order. */
    public List<DeviceInfo> select(List<DeviceInfo> all) {
        return all.stream().filter(this::matches).toList();
    }

    static boolean isGlob(String device) {
        return device.indexOf('*') >= 0 || device.indexOf('?') >= 0;
    }

    static Pattern glob(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }

    /** As the file writes it: {@code device shutter.1f.* profile shutter zone L1}. */
    @Override
    public String toString() {
        List<String> words = new ArrayList<>();
        add(words, "device", devices);
        add(words, "profile", profiles);
        add(words, "type", types);
        add(words, "zone", zones);
        add(words, "floor", floors);
        return String.join(" ", words);
    }

    private static void add(List<String> words, String key, List<String> values) {
        if (!values.isEmpty()) {
            words.add(key + " " + String.join(",", values));
        }
    }
}
