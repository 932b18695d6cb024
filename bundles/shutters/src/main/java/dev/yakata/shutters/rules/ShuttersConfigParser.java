package dev.yakata.shutters.rules;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads {@code etc/shutters/shutters.cfg}. One declaration a line; words are separated by white space, a value with spaces is
 * written in double quotes, {@code #} outside quotes starts a comment, and a comma joins words into one list whether
 * or not spaces follow it. The first problem refuses the whole file, as {@code shutters.cfg:7: what; fix}:
 *
 * <pre>
 * travel-seconds 20
 * time-zone Asia/Tokyo
 * group 1f-counters name "1F counters" shutters shutter.1f.counter-1, shutter.1f.counter-2
 * group all-counters name "All counters" groups 1f-counters
 * closing all-counters at 17:15 on mon-fri
 * holiday 2026-12-29 name "year-end"
 * </pre>
 */
public final class ShuttersConfigParser {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("H:mm");
    private static final List<String> KEYWORDS = List.of("travel-seconds", "time-zone", "group", "closing", "holiday");
    private static final Map<String, DayOfWeek> DAYS = new LinkedHashMap<>();

    static {
        for (DayOfWeek day : DayOfWeek.values()) {
            DAYS.put(day.name().substring(0, 3).toLowerCase(Locale.ROOT), day);
        }
    }

    private ShuttersConfigParser() {
    }

    /** One line, split into words. */
    private record Line(String file, int number, List<String> words) {
        String where() {
            return file + ":" + number;
        }

        ShuttersFileException error(String message) {
            return new ShuttersFileException(file, number, message);
        }
    }

    /** A group as written, before its nested groups are resolved. */
    private record Declared(String id, String name, List<String> shutters, List<String> groups, Line line) {
    }

    /**
     * Parses the file's bytes.
     *
     * @param zone the zone to use when the file names none (the JVM's)
     */
    public static ShuttersConfig parse(byte[] bytes, String file, ZoneId zone) throws ShuttersFileException {
        Integer travel = null;
        ZoneId fileZone = null;
        Map<String, Declared> declared = new LinkedHashMap<>();
        List<Line> closingLines = new ArrayList<>();
        Set<LocalDate> holidays = new LinkedHashSet<>();
        for (Line line : lines(bytes, file)) {
            String keyword = line.words().get(0);
            switch (keyword) {
                case "travel-seconds" -> {
                    if (travel != null) {
                        throw line.error("travel-seconds is given twice; keep one line");
                    }
                    travel = travelSeconds(line);
                }
                case "time-zone" -> {
                    if (fileZone != null) {
                        throw line.error("time-zone is given twice; keep one line");
                    }
                    fileZone = zone(line);
                }
                case "group" -> {
                    Declared group = group(line);
                    Declared before = declared.putIfAbsent(group.id(), group);
                    if (before != null) {
                        throw line.error("group '" + group.id() + "' is already declared at " + before.line().where()
                                + "; give this group another id or merge the two lines");
                    }
                }
                case "closing" -> closingLines.add(line);
                case "holiday" -> holidays.add(holiday(line));
                default -> throw line.error("unknown keyword '" + keyword + "'; a line starts with one of "
                        + String.join(", ", KEYWORDS));
            }
        }
        Map<String, ShuttersConfig.Group> groups = new LinkedHashMap<>();
        for (Declared group : declared.values()) {
            List<String> shutters = new ArrayList<>();
            resolve(group, declared, new ArrayList<>(), shutters);
            groups.put(group.id(), new ShuttersConfig.Group(group.id(), group.name(), shutters, group.line().where()));
        }
        List<ShuttersConfig.Closing> closings = new ArrayList<>();
        for (Line line : closingLines) {
            closings.add(closing(line, groups));
        }
        return new ShuttersConfig(travel == null ? ShuttersConfig.DEFAULT_TRAVEL_SECONDS : travel,
                fileZone == null ? zone : fileZone, groups, closings, holidays);
    }

    private static int travelSeconds(Line line) throws ShuttersFileException {
        if (line.words().size() != 2) {
            throw line.error("write travel-seconds <seconds>, for example travel-seconds 20");
        }
        return seconds(line, line.words().get(1), "travel-seconds");
    }

    /** A whole number of seconds from 1 to {@value ShuttersConfig#MAX_TRAVEL_SECONDS}. */
    static int seconds(Line line, String text, String what) throws ShuttersFileException {
        try {
            int value = Integer.parseInt(text);
            if (value >= 1 && value <= ShuttersConfig.MAX_TRAVEL_SECONDS) {
                return value;
            }
        } catch (NumberFormatException e) {
            // the same sentence as for a number out of range
        }
        throw line.error(what + " '" + text + "' is not a whole number of seconds from 1 to "
                + ShuttersConfig.MAX_TRAVEL_SECONDS + "; write for example " + what + " 20");
    }

    /** The travel time a device file's {@code shutter.travelSeconds} gives, or why it cannot be used. */
    public static int deviceTravelSeconds(String text, String device) throws ShuttersFileException {
        return seconds(new Line("device " + device, 0, List.of()), text.trim(), "shutter.travelSeconds");
    }

    private static ZoneId zone(Line line) throws ShuttersFileException {
        if (line.words().size() != 2) {
            throw line.error("write time-zone <region>, for example time-zone Asia/Tokyo");
        }
        try {
            return ZoneId.of(line.words().get(1));
        } catch (DateTimeException e) {
            throw line.error("time-zone '" + line.words().get(1) + "' is not a time zone; write a region such as Asia/Tokyo");
        }
    }

    private static Declared group(Line line) throws ShuttersFileException {
        List<String> words = line.words();
        if (words.size() < 2) {
            throw line.error("a group needs an id; write group <id> name \"<name>\" shutters <device>,<device>");
        }
        String id = id(line, words.get(1), "group id");
        String name = id;
        List<String> shutters = new ArrayList<>();
        List<String> groups = new ArrayList<>();
        for (int i = 2; i < words.size(); i += 2) {
            String key = words.get(i);
            if (i + 1 >= words.size()) {
                throw line.error("'" + key + "' needs a value after it");
            }
            String value = words.get(i + 1);
            switch (key) {
                case "name" -> name = value;
                case "shutters" -> {
                    for (String shutter : list(value)) {
                        shutters.add(id(line, shutter, "shutter device id"));
                    }
                }
                case "groups" -> {
                    for (String group : list(value)) {
                        groups.add(id(line, group, "group id"));
                    }
                }
                default -> throw line.error("unknown word '" + key + "' in group " + id
                        + "; a group takes name, shutters and groups");
            }
        }
        if (shutters.isEmpty() && groups.isEmpty()) {
            throw line.error("group " + id + " has no shutters; add shutters <device>,<device> or groups <group>");
        }
        return new Declared(id, name, shutters, groups, line);
    }

    private static void resolve(Declared group, Map<String, Declared> declared, List<String> path, List<String> into)
            throws ShuttersFileException {
        if (path.contains(group.id())) {
            path.add(group.id());
            throw group.line().error("groups contain each other (" + String.join(" > ", path)
                    + "); a group may not contain itself");
        }
        path.add(group.id());
        into.addAll(group.shutters());
        for (String nested : group.groups()) {
            Declared inner = declared.get(nested);
            if (inner == null) {
                throw group.line().error("group " + group.id() + " names group '" + nested
                        + "', which is not declared; declare it with a group line or fix the id (declared: "
                        + String.join(", ", declared.keySet()) + ")");
            }
            resolve(inner, declared, path, into);
        }
        path.remove(path.size() - 1);
    }

    private static ShuttersConfig.Closing closing(Line line, Map<String, ShuttersConfig.Group> groups)
            throws ShuttersFileException {
        List<String> words = line.words();
        if (words.size() != 6 || !words.get(2).equals("at") || !words.get(4).equals("on")) {
            throw line.error("write closing <group> at <HH:mm> on <days>, for example closing all-counters at 17:15 "
                    + "on mon-fri");
        }
        String group = words.get(1);
        if (!groups.containsKey(group)) {
            throw line.error("closing names group '" + group + "', which is not declared; declare it with a group "
                    + "line or fix the id (declared: " + (groups.isEmpty() ? "none" : String.join(", ", groups.keySet()))
                    + ")");
        }
        LocalTime at;
        try {
            at = LocalTime.parse(words.get(3), HH_MM);
        } catch (DateTimeParseException e) {
            throw line.error("closing time '" + words.get(3) + "' is not a time of day; write HH:mm, for example 17:15");
        }
        return new ShuttersConfig.Closing(group, at, days(line, words.get(5)), line.where());
    }

    /** {@code mon-fri}, {@code mon,wed,fri}, {@code daily}. */
    private static Set<DayOfWeek> days(Line line, String text) throws ShuttersFileException {
        if (text.equals("daily")) {
            return EnumSet.allOf(DayOfWeek.class);
        }
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String part : list(text)) {
            String[] range = part.split("-", -1);
            if (range.length > 2) {
                throw badDays(line, part);
            }
            DayOfWeek from = DAYS.get(range[0]);
            DayOfWeek to = DAYS.get(range[range.length - 1]);
            if (from == null || to == null) {
                throw badDays(line, part);
            }
            for (DayOfWeek day = from; ; day = day.plus(1)) {
                days.add(day);
                if (day == to) {
                    break;
                }
            }
        }
        return days;
    }

    private static ShuttersFileException badDays(Line line, String part) {
        return line.error("'" + part + "' is not a day or a range of days; write days as mon, tue, wed, thu, fri, "
                + "sat, sun, a range such as mon-fri, a list such as mon,wed,fri, or daily");
    }

    private static LocalDate holiday(Line line) throws ShuttersFileException {
        List<String> words = line.words();
        if (words.size() != 2 && !(words.size() == 4 && words.get(2).equals("name"))) {
            throw line.error("write holiday <yyyy-mm-dd> [name \"<name>\"], for example holiday 2026-12-29 name \"year-end\"");
        }
        try {
            return LocalDate.parse(words.get(1));
        } catch (DateTimeParseException e) {
            throw line.error("holiday '" + words.get(1) + "' is not a date; write yyyy-mm-dd, for example 2026-12-29");
        }
    }

    private static String id(Line line, String text, String what) throws ShuttersFileException {
        if (!ID.matcher(text).matches()) {
            throw line.error(what + " '" + text + "' may hold only letters, digits, '.', '_' and '-' (at most 128)");
        }
        return text;
    }

    private static List<String> list(String text) {
        List<String> items = new ArrayList<>();
        for (String item : text.split(",")) {
            if (!item.isBlank()) {
                items.add(item.trim());
            }
        }
        return items;
    }

    // ---- lines and words ---------------------------------------------------------------------------------------

    private static List<Line> lines(byte[] bytes, String file) throws ShuttersFileException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ShuttersFileException(file, 0, "the file is not UTF-8 text; save it as UTF-8");
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1); // a byte-order mark from an editor on Windows
        }
        List<Line> lines = new ArrayList<>();
        String[] raw = text.split("\n", -1);
        for (int i = 0; i < raw.length; i++) {
            List<String> words = words(raw[i], file, i + 1);
            if (!words.isEmpty()) {
                lines.add(new Line(file, i + 1, words));
            }
        }
        return lines;
    }

    private static List<String> words(String line, String file, int number) throws ShuttersFileException {
        List<String> tokens = new ArrayList<>();
        StringBuilder word = null;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '#') {
                break;
            }
            if (Character.isWhitespace(c)) {
                if (word != null) {
                    tokens.add(word.toString());
                    word = null;
                }
                continue;
            }
            if (word == null) {
                word = new StringBuilder();
            }
            if (c != '"') {
                word.append(c);
                continue;
            }
            int end = i + 1;
            while (end < line.length() && line.charAt(end) != '"') {
                if (line.charAt(end) == '\\' && end + 1 < line.length()) {
                    end++;
                }
                word.append(line.charAt(end));
                end++;
            }
            if (end >= line.length()) {
                throw new ShuttersFileException(file, number, "a quote is not closed; end the value with \"");
            }
            i = end;
        }
        if (word != null) {
            tokens.add(word.toString());
        }
        List<String> words = new ArrayList<>();
        for (String token : tokens) {
            int last = words.size() - 1;
            if (last >= 0 && (words.get(last).endsWith(",") || token.startsWith(","))) {
                words.set(last, words.get(last) + token); // "a, b" is the list "a,b"
            } else {
                words.add(token);
            }
        }
        return words;
    }
}
