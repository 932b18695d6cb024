package dev.yakata.alarms.rules;

import dev.yakata.alarms.rules.Condition.Above;
import dev.yakata.alarms.rules.Condition.Below;
import dev.yakata.alarms.rules.Condition.Equals;
import dev.yakata.alarms.rules.Condition.EventSelector;
import dev.yakata.alarms.rules.Condition.FeedsSelector;
import dev.yakata.alarms.rules.Condition.Match;
import dev.yakata.alarms.rules.Condition.PointSelector;
import dev.yakata.alarms.rules.Condition.Rise;
import dev.yakata.alarms.rules.Condition.RoleSelector;
import dev.yakata.alarms.rules.Condition.Selector;
import dev.yakata.alarms.rules.Condition.Test;
import dev.yakata.api.device.PointKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads the statements of the alarm files (docs/alarms.md, "Files"): {@code schedule} and {@code alarm} lines. A line
 * ending in {@code \} goes on on the next; {@code #} outside double quotes starts a comment. Every problem is an
 * {@link AlarmFileException} at the statement's first line, saying what is wrong and what to write.
 */
final class ConfigParser {

    static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]*");
    /** The roles a feeds condition reads, as the power-feeds profile names them. */
    static final List<String> FEED_ROLES = List.of("feed-a", "feed-b", "load-supplied");

    private static final String ALARM_FORM = "alarm <id> <urgent|high|medium|low> <point DEVICE/POINT | role PROFILE/ROLE"
            + " | event TYPE | feeds PROFILE lost-one|lost-both> ...";

    private final Catalog catalog;
    private final List<Condition> conditions = new ArrayList<>();
    private final Map<String, Schedule> schedules = new LinkedHashMap<>();
    /** Schedules named by suppress-during, checked once every file is read: a schedule may live in another file. */
    private final Map<Condition, Statement> suppressions = new LinkedHashMap<>();

    ConfigParser(Catalog catalog) {
        this.catalog = catalog;
    }

    List<Condition> conditions() {
        return conditions;
    }

    Map<String, Schedule> schedules() {
        return schedules;
    }

    /** A statement of a file: its words, and whether each was quoted (a quoted word is never a keyword). */
    record Statement(String file, int line, List<String> words, List<Boolean> quoted) {
        String where() {
            return file + ":" + line;
        }

        AlarmFileException error(String message) {
            return new AlarmFileException(file, line, message);
        }

        boolean keyword(int i, String word) {
            return i < words.size() && !quoted.get(i) && words.get(i).equals(word);
        }
    }

    void file(String name, String text) throws AlarmFileException {
        for (Statement statement : statements(name, text)) {
            if (statement.keyword(0, "schedule")) {
                schedule(statement);
            } else if (statement.keyword(0, "alarm")) {
                alarm(statement);
            } else {
                throw statement.error("'" + statement.words().get(0) + "' starts no statement of the alarm files; a "
                        + "line is 'schedule <name> <days> <HH:MM-HH:MM> ...' or '" + ALARM_FORM + "'");
            }
        }
    }

    void finish() throws AlarmFileException {
        for (Map.Entry<Condition, Statement> entry : suppressions.entrySet()) {
            String name = entry.getKey().suppressDuring();
            if (!schedules.containsKey(name)) {
                throw entry.getValue().error("suppress-during names schedule '" + name + "', which no file declares; "
                        + "declare it with 'schedule " + name + " mon-fri 08:30-17:15' or name one of: "
                        + (schedules.isEmpty() ? "(none declared)" : String.join(", ", new TreeSet<>(schedules.keySet()))));
            }
        }
    }

    private void schedule(Statement s) throws AlarmFileException {
        List<String> w = s.words();
        if (w.size() < 4 || (w.size() - 2) % 2 != 0) {
            throw s.error("a schedule is 'schedule <name> <days> <HH:MM-HH:MM> [<days> <HH:MM-HH:MM> ...]', "
                    + "for instance 'schedule opening-hours mon-fri 08:30-17:15'");
        }
        String name = w.get(1);
        if (!ID.matcher(name).matches()) {
            throw s.error("schedule name '" + name + "' must be lower-case letters, digits, '.', '-' or '_'");
        }
        if (schedules.containsKey(name)) {
            throw s.error("schedule '" + name + "' is declared twice (first at " + schedules.get(name).where()
                    + "); give one of them another name");
        }
        List<Schedule.Window> windows = new ArrayList<>();
        for (int i = 2; i < w.size(); i += 2) {
            int days = Schedule.days(w.get(i));
            if (days <= 0) {
                throw s.error("'" + w.get(i) + "' names no days; write daily, a day (mon..sun), a range (mon-fri) or "
                        + "a list (sat,sun)");
            }
            String[] times = w.get(i + 1).split("-", -1);
            int start = times.length == 2 ? Schedule.minute(times[0], false) : -1;
            int end = times.length == 2 ? Schedule.minute(times[1], true) : -1;
            if (start < 0 || end < 0 || start == end) {
                throw s.error("'" + w.get(i + 1) + "' is not a time window; write HH:MM-HH:MM, for instance "
                        + "08:30-17:15 (22:00-06:00 runs overnight, 00:00-24:00 is the whole day)");
            }
            windows.add(new Schedule.Window(days, start, end));
        }
        schedules.put(name, new Schedule(name, windows, s.where()));
    }

    private void alarm(Statement s) throws AlarmFileException {
        List<String> w = s.words();
        if (w.size() < 4) {
            throw s.error("an alarm is '" + ALARM_FORM + "'; see docs/alarms.md");
        }
        String id = w.get(1);
        if (!ID.matcher(id).matches()) {
            throw s.error("alarm id '" + id + "' must be lower-case letters, digits, '.', '-' or '_' (an alarm of a "
                    + "device is then <id>@<device>)");
        }
        for (Condition other : conditions) {
            if (other.id().equals(id)) {
                throw s.error("alarm '" + id + "' is declared twice (first at " + other.where()
                        + "); give one of them another id");
            }
        }
        Priority priority = Priority.of(w.get(2));
        if (priority == null) {
            throw s.error("'" + w.get(2) + "' is not a priority; write urgent, high, medium or low");
        }
        Selector selector = null;
        Test test = null;
        double deadband = -1;
        Duration riseWindow = null;
        Duration onDelay = Duration.ZERO;
        Duration offDelay = Duration.ZERO;
        String suppress = "";
        String text = "";
        String devices = "";
        String eventType = null;
        Match trigger = Match.ANY;
        String from = "";
        String clearType = "";
        Match clear = Match.ANY;
        boolean afterClears = false;
        Boolean both = null;
        String feedsProfile = null;
        int i = 3;
        while (i < w.size()) {
            String word = w.get(i);
            if (s.quoted().get(i)) {
                throw s.error("\"" + word + "\" is quoted where a keyword is expected; the operator's sentence is "
                        + "written text \"...\"");
            }
            switch (word) {
                case "point", "role", "event", "feeds" -> {
                    if (selector != null || eventType != null || feedsProfile != null) {
                        throw s.error("'" + word + "' is a second selector; an alarm watches one point, role, event or "
                                + "feeds (declare another alarm for the other)");
                    }
                    String value = value(s, i, word + " needs a value");
                    if (word.equals("point")) {
                        selector = pointSelector(s, value);
                    } else if (word.equals("role")) {
                        selector = roleSelector(s, value);
                    } else if (word.equals("event")) {
                        eventType = value;
                    } else {
                        feedsProfile = value;
                    }
                    i += 2;
                }
                case "above", "below", "equals" -> {
                    test = once(s, test, word);
                    String value = value(s, i, word + " needs a value");
                    test = word.equals("equals") ? new Equals(value)
                            : word.equals("above") ? new Above(number(s, value, word), 0)
                                    : new Below(number(s, value, word), 0);
                    i += 2;
                }
                case "rise" -> {
                    test = once(s, test, word);
                    double amount = number(s, value(s, i, "rise needs an amount, as in 'rise 2 in 5m'"), "rise");
                    if (!s.keyword(i + 2, "in") || i + 3 >= w.size()) {
                        throw s.error("rise needs a window: write 'rise " + w.get(i + 1) + " in 5m'");
                    }
                    riseWindow = duration(s, w.get(i + 3), "the rise window");
                    if (amount <= 0 || riseWindow.isZero()) {
                        throw s.error("a rise needs a positive amount and window, as in 'rise 2 in 5m'");
                    }
                    test = new Rise(amount, riseWindow, 0);
                    i += 4;
                }
                case "deadband" -> {
                    deadband = number(s, value(s, i, "deadband needs a value"), "deadband");
                    if (deadband < 0) {
                        throw s.error("deadband must not be negative; write 'deadband 0.5'");
                    }
                    i += 2;
                }
                case "on-delay" -> {
                    onDelay = duration(s, value(s, i, "on-delay needs a duration"), "on-delay");
                    i += 2;
                }
                case "off-delay" -> {
                    offDelay = duration(s, value(s, i, "off-delay needs a duration"), "off-delay");
                    i += 2;
                }
                case "suppress-during" -> {
                    suppress = value(s, i, "suppress-during needs a schedule's name");
                    i += 2;
                }
                case "text" -> {
                    text = value(s, i, "text needs the operator's sentence in double quotes");
                    i += 2;
                }
                case "devices" -> {
                    devices = value(s, i, "devices needs a device id or a glob such as power.*");
                    i += 2;
                }
                case "from" -> {
                    from = value(s, i, "from needs a device id or a glob such as door.1f.*");
                    i += 2;
                }
                case "where" -> {
                    Match match = match(s, value(s, i, "where needs field=value or field!=value"));
                    if (afterClears) {
                        clear = match;
                    } else {
                        trigger = match;
                    }
                    i += 2;
                }
                case "clears" -> {
                    clearType = value(s, i, "clears needs the event type that clears the alarm, such as door.secured");
                    afterClears = true;
                    i += 2;
                }
                case "lost-one", "lost-both" -> {
                    if (both != null) {
                        throw s.error("say lost-one or lost-both once");
                    }
                    both = word.equals("lost-both");
                    i += 1;
                }
                default -> throw s.error("unknown word '" + word + "' in an alarm; it takes point, role, event or feeds, "
                        + "then above, below, rise, equals, deadband, on-delay, off-delay, devices, from, where, "
                        + "clears, lost-one, lost-both, suppress-during, text (docs/alarms.md)");
            }
        }
        if (eventType != null) {
            if (test != null || deadband >= 0 || !onDelay.isZero() || !offDelay.isZero() || !devices.isEmpty()) {
                throw s.error("an event alarm takes no above/below/rise/equals, deadband, delays or devices; "
                        + "narrow it with 'from <device or glob>' and 'where field=value'");
            }
            if (from.indexOf('*') < 0 && !from.isEmpty() && catalog.device(from).isEmpty()) {
                throw s.error(unknownDevice(from));
            }
            selector = new EventSelector(eventType, trigger, from, clearType, clear);
        } else if (feedsProfile != null) {
            if (both == null) {
                throw s.error("a feeds alarm says which loss it watches: 'feeds " + feedsProfile
                        + " lost-one' (redundancy lost) or 'feeds " + feedsProfile + " lost-both'");
            }
            if (test != null || deadband >= 0 || !from.isEmpty() || !clearType.isEmpty()) {
                throw s.error("a feeds alarm takes no above/below/rise/equals, deadband, from or clears");
            }
            Map<String, PointKind> roles = profileRoles(s, feedsProfile);
            for (String role : FEED_ROLES) {
                if (!roles.containsKey(role)) {
                    throw s.error("profile " + feedsProfile + " has no role " + role + "; a feeds alarm needs a profile "
                            + "with roles " + String.join(", ", FEED_ROLES) + " (power-feeds)");
                }
            }
            selector = new FeedsSelector(feedsProfile, both, devices);
        } else {
            if (selector == null) {
                throw s.error("the alarm watches nothing; add 'point DEVICE/POINT', 'role PROFILE/ROLE', 'event TYPE' "
                        + "or 'feeds PROFILE lost-one'");
            }
            if (test == null) {
                throw s.error("the alarm says not when it is active; add 'above N', 'below N', 'rise N in 5m' or "
                        + "'equals VALUE'");
            }
            if (both != null || !from.isEmpty() || !clearType.isEmpty() || trigger != Match.ANY) {
                throw s.error("lost-one, lost-both, from, where and clears belong to event and feeds alarms");
            }
            if (selector instanceof PointSelector && !devices.isEmpty()) {
                throw s.error("devices narrows a role selector; a point selector names its device already");
            }
            if (selector instanceof RoleSelector r) {
                selector = new RoleSelector(r.profile(), r.role(), devices);
            }
            PointKind kind = kind(selector);
            if (deadband >= 0 && test instanceof Equals) {
                throw s.error("deadband applies to above, below and rise, not to equals");
            }
            double band = Math.max(deadband, 0);
            if (test instanceof Above a) {
                test = new Above(a.limit(), band);
            } else if (test instanceof Below b) {
                test = new Below(b.limit(), band);
            } else if (test instanceof Rise r) {
                if (band >= r.amount()) {
                    throw s.error("the deadband (" + band + ") must be smaller than the rise (" + r.amount() + ")");
                }
                test = new Rise(r.amount(), r.window(), band);
            }
            checkKind(s, test, kind);
        }
        Condition condition = new Condition(id, priority, selector, test, onDelay, offDelay, suppress, text, s.where());
        conditions.add(condition);
        if (!suppress.isEmpty()) {
            suppressions.put(condition, s);
        }
    }

    private PointSelector pointSelector(Statement s, String value) throws AlarmFileException {
        int slash = value.lastIndexOf('/');
        if (slash <= 0 || slash == value.length() - 1) {
            throw s.error("point needs DEVICE/POINT, as in 'point hvac.2f.server-room/supply-temp'");
        }
        String device = value.substring(0, slash);
        String point = value.substring(slash + 1);
        Optional<Catalog.Device> known = catalog.device(device);
        if (known.isEmpty()) {
            throw s.error(unknownDevice(device));
        }
        if (!known.get().points().containsKey(point)) {
            throw s.error("device " + device + " has no point '" + point + "'; its points are "
                    + String.join(", ", new TreeSet<>(known.get().points().keySet())));
        }
        return new PointSelector(device, point);
    }

    private RoleSelector roleSelector(Statement s, String value) throws AlarmFileException {
        int slash = value.indexOf('/');
        if (slash <= 0 || slash == value.length() - 1) {
            throw s.error("role needs PROFILE/ROLE, as in 'role ups/on-battery'");
        }
        String profile = value.substring(0, slash);
        String role = value.substring(slash + 1);
        Map<String, PointKind> roles = profileRoles(s, profile);
        if (!roles.containsKey(role)) {
            throw s.error("profile " + profile + " has no role '" + role + "'; its roles are "
                    + String.join(", ", new TreeSet<>(roles.keySet())));
        }
        return new RoleSelector(profile, role, "");
    }

    private Map<String, PointKind> profileRoles(Statement s, String profile) throws AlarmFileException {
        Optional<Map<String, PointKind>> roles = catalog.profileRoles(profile);
        if (roles.isEmpty()) {
            throw s.error("the hub declares no profile '" + profile + "'; the profiles are "
                    + String.join(", ", catalog.profiles()) + " (docs/profiles.md)");
        }
        return roles.get();
    }

    private PointKind kind(Selector selector) {
        if (selector instanceof PointSelector p) {
            return catalog.device(p.device()).map(d -> d.points().get(p.point())).orElse(null);
        }
        RoleSelector r = (RoleSelector) selector;
        return catalog.profileRoles(r.profile()).map(roles -> roles.get(r.role())).orElse(null);
    }

    private static void checkKind(Statement s, Test test, PointKind kind) throws AlarmFileException {
        if (kind == null) {
            return;
        }
        boolean numeric = kind == PointKind.ANALOG || kind == PointKind.MULTISTATE;
        if (!(test instanceof Equals) && !numeric) {
            throw s.error("above, below and rise need an analog or multistate point, and this one is "
                    + kind.name().toLowerCase() + "; write 'equals VALUE'");
        }
        if (test instanceof Equals e) {
            String v = e.value();
            if (kind == PointKind.BINARY && !v.equals("true") && !v.equals("false")) {
                throw s.error("the point is binary: write 'equals true' or 'equals false', not '" + v + "'");
            }
            if (numeric && !isNumber(v)) {
                throw s.error("the point is " + kind.name().toLowerCase() + ": 'equals' needs a number, not '" + v + "'");
            }
        }
    }

    private static boolean isNumber(String text) {
        try {
            Double.parseDouble(text);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private String unknownDevice(String device) {
        List<String> known = catalog.devices().stream().map(Catalog.Device::id).toList();
        return "no device '" + device + "' is configured (no etc/dev.yakata.device-*.cfg declares it, or its file is "
                + "invalid); name one of " + (known.isEmpty() ? "(no devices yet)" : String.join(", ", known))
                + ", or select by profile with 'role PROFILE/ROLE' to cover devices configured later";
    }

    private static Test once(Statement s, Test test, String word) throws AlarmFileException {
        if (test != null) {
            throw s.error("'" + word + "' is a second test; an alarm has one of above, below, rise or equals "
                    + "(declare another alarm for the other)");
        }
        return null;
    }

    private static String value(Statement s, int i, String problem) throws AlarmFileException {
        if (i + 1 >= s.words().size()) {
            throw s.error(problem);
        }
        return s.words().get(i + 1);
    }

    private static Match match(Statement s, String text) throws AlarmFileException {
        int ne = text.indexOf("!=");
        int eq = text.indexOf('=');
        if (ne > 0) {
            return new Match(text.substring(0, ne), text.substring(ne + 2), true);
        }
        if (eq > 0) {
            return new Match(text.substring(0, eq), text.substring(eq + 1), false);
        }
        throw s.error("where needs field=value or field!=value, as in 'where state=FAULT', not '" + text + "'");
    }

    private static double number(Statement s, String text, String what) throws AlarmFileException {
        try {
            double value = Double.parseDouble(text);
            if (Double.isNaN(value) || Double.isInfinite(value)) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw s.error(what + " needs a number, as in '" + what + " 27.5', not '" + text + "'");
        }
    }

    /** {@code 30s}, {@code 5m}, {@code 2h}, {@code 0}. */
    static Duration duration(Statement s, String text, String what) throws AlarmFileException {
        if (text.equals("0")) {
            return Duration.ZERO;
        }
        if (text.matches("\\d{1,6}[smh]")) {
            long n = Long.parseLong(text.substring(0, text.length() - 1));
            return switch (text.charAt(text.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
        }
        throw s.error(what + " needs a duration such as 30s, 5m or 2h, not '" + text + "'");
    }

    /** Splits a file into statements: words, quotes, comments, continuations. */
    static List<Statement> statements(String file, String text) throws AlarmFileException {
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<Statement> result = new ArrayList<>();
        List<String> words = new ArrayList<>();
        List<Boolean> quoted = new ArrayList<>();
        int startLine = 0;
        String[] lines = text.split("\r?\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n];
            boolean continued = false;
            int i = 0;
            while (i < line.length()) {
                char c = line.charAt(i);
                if (Character.isWhitespace(c)) {
                    i++;
                } else if (c == '#') {
                    break;
                } else if (c == '\\' && line.substring(i + 1).isBlank()) {
                    continued = true;
                    break;
                } else if (c == '"') {
                    StringBuilder word = new StringBuilder();
                    i++;
                    boolean closed = false;
                    while (i < line.length()) {
                        char q = line.charAt(i);
                        if (q == '\\' && i + 1 < line.length()) {
                            word.append(line.charAt(i + 1));
                            i += 2;
                        } else if (q == '"') {
                            closed = true;
                            i++;
                            break;
                        } else {
                            word.append(q);
                            i++;
                        }
                    }
                    if (!closed) {
                        throw new AlarmFileException(file, n + 1, "a double quote is not closed on this line; close it "
                                + "(a quote inside is written \\\")");
                    }
                    if (words.isEmpty()) {
                        startLine = n + 1;
                    }
                    words.add(word.toString());
                    quoted.add(true);
                } else {
                    int end = i;
                    while (end < line.length() && !Character.isWhitespace(line.charAt(end)) && line.charAt(end) != '"'
                            && line.charAt(end) != '#') {
                        end++;
                    }
                    if (words.isEmpty()) {
                        startLine = n + 1;
                    }
                    words.add(line.substring(i, end));
                    quoted.add(false);
                    i = end;
                }
            }
            if (!continued && !words.isEmpty()) {
                result.add(new Statement(file, startLine, List.copyOf(words), List.copyOf(quoted)));
                words = new ArrayList<>();
                quoted = new ArrayList<>();
            }
        }
        if (!words.isEmpty()) {
            result.add(new Statement(file, startLine, List.copyOf(words), List.copyOf(quoted)));
        }
        return result;
    }
}
