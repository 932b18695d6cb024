package dev.yakata.access.rules;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The value checks shared by the files and the CSV import, each with the sentence to show when a value is wrong. */
final class Values {

    static final int CARD_NUMBER_MAX = 64;
    private static final Pattern DURATION = Pattern.compile("([0-9]{1,7})([smhd])");
    private static final Pattern DATE = Pattern.compile("([0-9]{4})-([0-9]{2})-([0-9]{2})");
    private static final Pattern TIME = Pattern.compile("([0-9]{1,2}):([0-9]{2})");
    static final String CARD_PREFIX = "card:";

    private Values() {
    }

    /** Why {@code id} cannot name a zone, door, person...; null when it can. */
    static String idProblem(String id) {
        if (id.isEmpty()) {
            return "is empty";
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c)) {
                return "has a space or control character";
            }
            if (c == ',' || c == '"' || c == '#' || c == '\\') {
                return "has a '" + c + "'";
            }
        }
        return null;
    }

    static String id(ConfigLine line, int index, String what) throws AccessFileException {
        if (index >= line.size()) {
            throw line.error("the " + what + " id is missing after '" + line.text(index - 1) + "'; write it there, "
                    + "one word such as server-room or door.2f.server-room");
        }
        String id = line.text(index);
        String problem = idProblem(id);
        if (problem != null) {
            throw line.error("the " + what + " id '" + id + "' " + problem + "; an id is one word without spaces, "
                    + "commas, quotes or #, e.g. server-room");
        }
        return id;
    }

    static List<String> list(ConfigLine line, int index, String what) throws AccessFileException {
        if (index >= line.size()) {
            throw line.error("the " + what + " list is missing after '" + line.text(index - 1) + "'; write one or more "
                    + what + " ids separated by commas");
        }
        String text = line.text(index);
        List<String> items = new ArrayList<>();
        for (String item : text.split(",", -1)) {
            if (item.isEmpty()) {
                throw line.error("the " + what + " list '" + text + "' has an empty item; separate the ids with single "
                        + "commas, e.g. a,b");
            }
            String problem = idProblem(item);
            if (problem != null) {
                throw line.error("the " + what + " id '" + item + "' " + problem + "; an id is one word without "
                        + "spaces, commas, quotes or #");
            }
            if (items.contains(item)) {
                throw line.error(what + " '" + item + "' is listed twice; name it once");
            }
            items.add(item);
        }
        return items;
    }

    /** {@code 90s}, {@code 15m}, {@code 12h}, {@code 2d} in seconds. */
    static long durationSeconds(ConfigLine line, int index, String option) throws AccessFileException {
        String text = valueOf(line, index, option, "a duration such as 12h");
        Matcher m = DURATION.matcher(text);
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw line.error("'" + text + "' is not a duration for " + option + "; write a whole number above 0 and a "
                    + "unit: 90s, 15m, 12h or 2d");
        }
        long amount = Long.parseLong(m.group(1));
        switch (m.group(2)) {
            case "s": return amount;
            case "m": return amount * 60;
            case "h": return amount * 3_600;
            default: return amount * 86_400;
        }
    }

    static int integer(ConfigLine line, int index, String option, int min, int max) throws AccessFileException {
        String text = valueOf(line, index, option, "a whole number from " + min + " to " + max);
        if (!text.matches("[0-9]{1,9}") || Integer.parseInt(text) < min || Integer.parseInt(text) > max) {
            throw line.error("'" + text + "' is not allowed for " + option + "; write a whole number from " + min
                    + " to " + max);
        }
        return Integer.parseInt(text);
    }

    static String valueOf(ConfigLine line, int index, String option, String expected) throws AccessFileException {
        if (index >= line.size()) {
            throw line.error("'" + option + "' needs a value after it: " + expected);
        }
        return line.text(index);
    }

    /** A date {@code yyyy-mm-dd}, or null with {@code problem} filled in. */
    static LocalDate date(String text, StringBuilder problem) {
        Matcher m = DATE.matcher(text);
        if (m.matches()) {
            try {
                return LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                        Integer.parseInt(m.group(3)));
            } catch (DateTimeException e) {
                problem.append("'").append(text).append("' is not a day of the calendar; write a real date as "
                        + "yyyy-mm-dd, e.g. 2026-04-01");
                return null;
            }
        }
        problem.append("'").append(text).append("' is not a date; write yyyy-mm-dd, e.g. 2026-04-01");
        return null;
    }

    static LocalDate date(ConfigLine line, String text) throws AccessFileException {
        StringBuilder problem = new StringBuilder();
        LocalDate date = date(text, problem);
        if (date == null) {
            throw line.error(problem.toString());
        }
        return date;
    }

    /** Minutes since midnight of {@code hh:mm}, 0 to 1440 ({@code 24:00} only when {@code end}); -1 when not a time. */
    static int minutes(String text, boolean end) {
        Matcher m = TIME.matcher(text);
        if (!m.matches()) {
            return -1;
        }
        int hours = Integer.parseInt(m.group(1));
        int minutes = Integer.parseInt(m.group(2));
        if (minutes > 59 || hours > 24 || (hours == 24 && (minutes != 0 || !end))) {
            return -1;
        }
        return hours * 60 + minutes;
    }

    /**
     * Why a card number cannot be used, or null. The sentence never repeats the number: numbers are personal data and
     * must not reach a log.
     */
    static String cardNumberProblem(String number) {
        if (number.isEmpty()) {
            return "is empty; write the number printed on or read from the card";
        }
        if (number.length() > CARD_NUMBER_MAX) {
            return "is longer than " + CARD_NUMBER_MAX + " characters; check that the column or value really is the "
                    + "card number";
        }
        for (int i = 0; i < number.length(); i++) {
            char c = number.charAt(i);
            if (c == ' ' || c == '\u3000' || c == '\t') {
                return "has a space; write the number without spaces";
            }
            if (c < 0x21 || c > 0x7e) {
                return "has a character that is not a visible ASCII letter, digit or sign (a full-width digit or a "
                        + "control character?); write it with half-width letters and digits";
            }
            if (c == '"' || c == '#' || c == ',' || c == '\\') {
                return "has a '" + c + "', which a card number cannot hold in these files; write letters, digits and "
                        + "signs such as - _ . : only";
            }
        }
        return null;
    }

    /** Whether a swipe's card is a pseudonym as the core makes them: {@code card:} and 24 lower-case hex digits. */
    static boolean isCardPseudonym(String card) {
        if (card == null || card.length() != CARD_PREFIX.length() + 24 || !card.startsWith(CARD_PREFIX)) {
            return false;
        }
        for (int i = CARD_PREFIX.length(); i < card.length(); i++) { // by hand: on every swipe's path
            char c = card.charAt(i);
            if (!(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    /**
     * "one of: a, b, c" with every known id when there are few, else the closest few ("e.g. ..."), so a message names
     * what the writer probably meant without listing five hundred doors.
     */
    static String choices(String wrong, Collection<String> known) {
        if (known.isEmpty()) {
            return "none is defined yet";
        }
        if (known.size() <= 8) {
            return "one of: " + String.join(", ", known);
        }
        List<String> closest = new ArrayList<>(known);
        closest.sort(Comparator.comparingInt((String k) -> editDistance(wrong, k)).thenComparing(k -> k));
        return "one of the " + known.size() + " defined, e.g. " + String.join(", ", closest.subList(0, 5));
    }

    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
