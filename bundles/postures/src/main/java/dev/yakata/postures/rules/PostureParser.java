package dev.yakata.postures.rules;

import dev.yakata.api.device.DeviceDefinition;
import dev.yakata.api.device.PointDefinition;
import dev.yakata.api.device.PointKind;
import dev.yakata.api.profile.ActionSpec;
import dev.yakata.api.profile.ArgumentSpec;
import dev.yakata.api.profile.Profile;
import dev.yakata.core.api.DeviceInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads {@code etc/postures/postures.cfg} and checks it against the devices and profiles the hub has now, so a posture that
 * names a device, a profile or an action that does not exist is refused when the file loads, never half-way through
 * a run. Every error names the file and line and says what to write.
 *
 * <pre>
 * posture closing-time title "閉庁" title-en "Closing time"
 * step profile shutter zone L1 device shutter.1f.counter-* do close
 * step profile door zone L2 do lock
 * step device hvac.2f.server-room write setpoint 26
 * </pre>
 *
 * {@code #} starts a comment outside quotes; words are separated by spaces; a value with spaces is quoted
 * ({@code reason="end of day"}). A step belongs to the posture above it. Selectors: {@code device <id or glob>,...},
 * {@code profile <name>,...}, {@code type <type>,...}, {@code zone <zone>,...}, {@code floor <floor>,...}; all given
 * must match. Then {@code do <action> [<argument>=<value> ...]} or {@code write <point> <value>}.
 */
public final class PostureParser {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final List<String> SELECTORS = List.of("device", "profile", "type", "zone", "floor");

    /** What the file is checked against: the registry's devices and the hub's profiles. */
    public record Catalog(List<DeviceInfo> devices, Function<String, Optional<Profile>> profiles) {
    }

    private final String file;
    private final Catalog catalog;

    private PostureParser(String file, Catalog catalog) {
        this.file = file;
        this.catalog = catalog;
    }

    /** The postures of a file, by name in the file's order. */
    public static Map<String, Posture> parse(String file, String text, Catalog catalog) throws PostureFileException {
        return new PostureParser(file, catalog).parse(text);
    }

    private Map<String, Posture> parse(String text) throws PostureFileException {
        Map<String, Posture> postures = new LinkedHashMap<>();
        String[] lines = text.startsWith("\uFEFF") ? text.substring(1).split("\r?\n", -1) : text.split("\r?\n", -1);
        String name = null;
        String title = null;
        String titleEn = null;
        int postureLine = 0;
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            int line = i + 1;
            List<String> words = words(lines[i], line);
            if (words.isEmpty()) {
                continue;
            }
            switch (words.get(0)) {
                case "posture" -> {
                    if (name != null) {
                        postures.put(name, finish(name, title, titleEn, postureLine, steps));
                    }
                    Map<String, String> options = options(words, line);
                    name = words.size() > 1 ? words.get(1) : "";
                    if (!NAME.matcher(name).matches()) {
                        throw error(line, "'" + name + "' is not a posture name; write posture <name> title \"<日本語>\" "
                                + "title-en \"<English>\" with a name of lower-case letters, digits and '-' (closing-time)");
                    }
                    Posture earlier = postures.get(name);
                    if (earlier != null) {
                        throw error(line, "posture " + name + " is defined twice (also at line " + earlier.line()
                                + "); give one of them another name");
                    }
                    title = options.get("title");
                    titleEn = options.get("title-en");
                    if (title == null || title.isBlank() || titleEn == null || titleEn.isBlank()) {
                        throw error(line, "posture " + name + " needs both titles; write posture " + name
                                + " title \"<日本語>\" title-en \"<English>\"");
                    }
                    postureLine = line;
                    steps = new ArrayList<>();
                }
                case "step" -> {
                    if (name == null) {
                        throw error(line, "a step before any posture; write posture <name> title \"...\" title-en "
                                + "\"...\" above it");
                    }
                    steps.add(step(words, line));
                }
                default -> throw error(line, "'" + words.get(0) + "' starts no line of a postures file; a line starts "
                        + "with posture or step (or # for a comment)");
            }
        }
        if (name != null) {
            postures.put(name, finish(name, title, titleEn, postureLine, steps));
        }
        return postures;
    }

    private Posture finish(String name, String title, String titleEn, int line, List<Step> steps)
            throws PostureFileException {
        if (steps.isEmpty()) {
            throw error(line, "posture " + name + " has no step; add step <selection> do <action> (or write <point> "
                    + "<value>) lines below it");
        }
        return new Posture(name, title, titleEn, line, steps);
    }

    /** {@code title "..." title-en "..."} after the name. */
    private Map<String, String> options(List<String> words, int line) throws PostureFileException {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 2; i < words.size(); i += 2) {
            String key = words.get(i);
            if (!key.equals("title") && !key.equals("title-en")) {
                throw error(line, "unknown option '" + key + "'; a posture line has title \"<日本語>\" and title-en "
                        + "\"<English>\"");
            }
            if (i + 1 >= words.size()) {
                throw error(line, key + " needs a value in quotes");
            }
            if (options.put(key, words.get(i + 1)) != null) {
                throw error(line, key + " is given twice");
            }
        }
        return options;
    }

    private Step step(List<String> words, int line) throws PostureFileException {
        Map<String, List<String>> selectors = new LinkedHashMap<>();
        int i = 1;
        while (i < words.size() && SELECTORS.contains(words.get(i))) {
            String key = words.get(i);
            if (i + 1 >= words.size()) {
                throw error(line, key + " needs a value, e.g. " + example(key));
            }
            if (selectors.containsKey(key)) {
                throw error(line, key + " is given twice; list several values with commas (" + key + " a,b)");
            }
            List<String> values = List.of(words.get(i + 1).split(",")).stream().map(String::trim)
                    .filter(v -> !v.isEmpty()).toList();
            if (values.isEmpty()) {
                throw error(line, key + " needs a value, e.g. " + example(key));
            }
            selectors.put(key, values);
            i += 2;
        }
        if (selectors.isEmpty()) {
            throw error(line, "a step selects devices first: write step " + String.join("|", SELECTORS)
                    + " <value> ... then do <action> or write <point> <value>");
        }
        Selection selection = new Selection(selectors.getOrDefault("device", List.of()),
                selectors.getOrDefault("profile", List.of()), selectors.getOrDefault("type", List.of()),
                selectors.getOrDefault("zone", List.of()), selectors.getOrDefault("floor", List.of()));
        String verb = i < words.size() ? words.get(i) : "";
        Step step;
        if (verb.equals("do")) {
            if (i + 1 >= words.size()) {
                throw error(line, "do needs an action, e.g. do close");
            }
            String action = words.get(i + 1);
            Map<String, String> arguments = new LinkedHashMap<>();
            for (String word : words.subList(i + 2, words.size())) {
                int eq = word.indexOf('=');
                if (eq <= 0) {
                    throw error(line, "'" + word + "' is not an argument; write <argument>=<value> after do " + action);
                }
                if (arguments.put(word.substring(0, eq), word.substring(eq + 1)) != null) {
                    throw error(line, "argument " + word.substring(0, eq) + " is given twice");
                }
            }
            step = new Step(line, selection, action, arguments, null, null);
        } else if (verb.equals("write")) {
            if (words.size() != i + 3) {
                throw error(line, "write takes a point and a value: write <point> <value>, e.g. write setpoint 26");
            }
            step = new Step(line, selection, Step.WRITE, Map.of(), words.get(i + 1), words.get(i + 2));
        } else {
            throw error(line, (verb.isEmpty() ? "the step says nothing to do" : "'" + verb + "' is neither a selector nor "
                    + "do/write") + "; after the selection write do <action> [<argument>=<value> ...] or write <point> "
                    + "<value> (selectors: " + String.join(", ", SELECTORS) + ")");
        }
        check(step);
        return step;
    }

    /** Checks the step against the devices and profiles the hub has now. */
    private void check(Step step) throws PostureFileException {
        int line = step.line();
        Selection selection = step.selection();
        List<DeviceInfo> all = catalog.devices();
        for (String device : selection.devices()) {
            boolean glob = Selection.isGlob(device);
            boolean found = all.stream().anyMatch(d -> d.definition() != null
                    && Selection.glob(device).matcher(d.id()).matches());
            if (!found) {
                throw error(line, glob ? "device " + device + " matches no device; yakata:device-list shows the ids"
                        : "no device '" + device + "'" + near(device, all) + "; yakata:device-list shows the ids");
            }
        }
        for (String profile : selection.profiles()) {
            if (catalog.profiles().apply(profile).isEmpty()) {
                throw error(line, "no profile '" + profile + "'; yakata:profile-list shows the profiles");
            }
        }
        List<DeviceInfo> selected = selection.select(all);
        if (selected.isEmpty()) {
            throw error(line, "step " + selection + " selects no device now; check the values against "
                    + "yakata:device-list (zone, floor, profile, type)");
        }
        for (DeviceInfo device : selected) {
            DeviceDefinition d = device.definition();
            if (step.isWrite()) {
                checkWrite(step, d);
            } else {
                checkAction(step, d);
            }
        }
    }

    private void checkAction(Step step, DeviceDefinition d) throws PostureFileException {
        int line = step.line();
        Optional<Profile> profile = d.profile().isEmpty() ? Optional.empty() : catalog.profiles().apply(d.profile());
        if (profile.isEmpty()) {
            throw error(line, "device " + d.id() + " has no profile, so it has no action '" + step.action() + "'; "
                    + "narrow the selection (profile <name>) or write a point instead (write <point> <value>)");
        }
        ActionSpec action = profile.get().action(step.action()).orElse(null);
        if (action == null) {
            throw error(line, "device " + d.id() + " (profile " + profile.get().name() + ") has no action '"
                    + step.action() + "'; its actions are " + (profile.get().actions().isEmpty() ? "none (write a point"
                    + " instead)" : profile.get().actions().stream().map(ActionSpec::name).collect(Collectors.joining(", "))));
        }
        for (Map.Entry<String, String> argument : step.arguments().entrySet()) {
            ArgumentSpec spec = action.argument(argument.getKey()).orElse(null);
            if (spec == null) {
                throw error(line, step.action() + " has no argument '" + argument.getKey() + "'; its arguments are "
                        + (action.arguments().isEmpty() ? "none" : action.arguments().stream().map(ArgumentSpec::name)
                                .collect(Collectors.joining(", "))));
            }
            String problem = problem(spec, argument.getValue());
            if (problem != null) {
                throw error(line, "argument " + spec.name() + "=" + argument.getValue() + ": " + problem);
            }
        }
        for (ArgumentSpec spec : action.arguments()) {
            if (spec.required() && !step.arguments().containsKey(spec.name())) {
                throw error(line, step.action() + " needs argument " + spec.name() + " (" + spec.description()
                        + "); add " + spec.name() + "=<value>");
            }
        }
    }

    private void checkWrite(Step step, DeviceDefinition d) throws PostureFileException {
        int line = step.line();
        PointDefinition point = d.point(step.point()).orElse(null);
        if (point == null) {
            throw error(line, "device " + d.id() + " has no point '" + step.point() + "'; its points are "
                    + d.points().stream().map(PointDefinition::id).collect(Collectors.joining(", ")));
        }
        if (!point.writable()) {
            throw error(line, "point " + d.id() + "/" + point.id() + " is read-only; write a writable point or do an "
                    + "action of the device's profile");
        }
        if (!fits(point.kind(), step.value())) {
            throw error(line, "'" + step.value() + "' is not a " + point.kind().name().toLowerCase(Locale.ROOT)
                    + " value for " + d.id() + "/" + point.id() + "; write " + example(point.kind()));
        }
    }

    /** Why a value does not fit an argument, or null. The core converts and checks again at every command. */
    private static String problem(ArgumentSpec spec, String value) {
        if (!spec.allowed().isEmpty() && !spec.allowed().contains(value)) {
            return "write one of " + String.join(", ", spec.allowed());
        }
        switch (spec.kind()) {
            case INTEGER -> {
                try {
                    return range(spec, Long.parseLong(value));
                } catch (NumberFormatException e) {
                    return "a whole number is needed";
                }
            }
            case NUMBER -> {
                try {
                    return range(spec, Double.parseDouble(value));
                } catch (NumberFormatException e) {
                    return "a number is needed";
                }
            }
            case BOOLEAN -> {
                return value.equals("true") || value.equals("false") ? null : "write true or false";
            }
            default -> {
                return null;
            }
        }
    }

    private static String range(ArgumentSpec spec, double value) {
        if ((spec.min() != null && value < spec.min()) || (spec.max() != null && value > spec.max())) {
            return "out of range " + spec.min() + ".." + spec.max() + (spec.unit().isEmpty() ? "" : " " + spec.unit());
        }
        return null;
    }

    private static boolean fits(PointKind kind, String value) {
        try {
            return switch (kind) {
                case ANALOG -> {
                    Double.parseDouble(value);
                    yield true;
                }
                case MULTISTATE -> {
                    Long.parseLong(value);
                    yield true;
                }
                case BINARY -> value.equals("true") || value.equals("false");
                case TEXT -> true;
            };
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String example(PointKind kind) {
        return switch (kind) {
            case ANALOG -> "a number, e.g. 26";
            case MULTISTATE -> "a whole number, e.g. 2";
            case BINARY -> "true or false";
            case TEXT -> "a text";
        };
    }

    private static String example(String selector) {
        return switch (selector) {
            case "device" -> "device shutter.1f.counter-*";
            case "profile" -> "profile shutter";
            case "type" -> "type door";
            case "zone" -> "zone L2";
            default -> "floor 2F";
        };
    }

    /** A hint for a mistyped id: the devices sharing its first two parts. */
    private static String near(String device, List<DeviceInfo> all) {
        int second = device.indexOf('.', device.indexOf('.') + 1);
        String prefix = second > 0 ? device.substring(0, second + 1) : device;
        List<String> near = all.stream().map(DeviceInfo::id).filter(id -> id.startsWith(prefix)).limit(5).toList();
        return near.isEmpty() ? "" : " (did you mean " + String.join(", ", near) + "?)";
    }

    /** The words of a line: spaces separate, double quotes keep spaces ({@code \"} a quote), # starts a comment. */
    private List<String> words(String text, int line) throws PostureFileException {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        boolean inWord = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '\\' && i + 1 < text.length() && (text.charAt(i + 1) == '"' || text.charAt(i + 1) == '\\')) {
                    word.append(text.charAt(++i));
                } else if (c == '"') {
                    quoted = false;
                } else {
                    word.append(c);
                }
            } else if (c == '"') {
                quoted = true;
                inWord = true;
            } else if (c == '#') {
                break;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quoted) {
            throw error(line, "a quote is not closed; end the value with \"");
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    private PostureFileException error(int line, String message) {
        return new PostureFileException(file, line, message);
    }
}
