package dev.yakata.store.shell;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The time range an operator types: {@code --from} and {@code --to} as an ISO instant ({@code 2026-12-01T00:00:00Z}),
 * a local date and time ({@code 2026-12-01T09:30}, {@code 2026-12-01 09:30}) or a local date ({@code 2026-12-01}, its
 * first instant), in the hub's time zone; or {@code --last} a span back from now ({@code 30m}, {@code 24h},
 * {@code 7d}). Without any, the last 24 hours.
 */
record TimeRange(Instant from, Instant to) {

    static final Duration DEFAULT_SPAN = Duration.ofHours(24);
    private static final Pattern SPAN = Pattern.compile("(\\d{1,6})\\s*([smhd])");
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm[:ss]", Locale.ROOT);

    /** Reads the three options; a bad one is an {@link IllegalArgumentException} naming the option and the forms. */
    static TimeRange parse(String from, String to, String last, Instant now, ZoneId zone) {
        if (last != null && (from != null || to != null)) {
            throw new IllegalArgumentException("--last cannot be combined with --from or --to; give a span back from now, or both ends");
        }
        if (last != null) {
            return new TimeRange(now.minus(span(last)), now);
        }
        Instant end = to == null ? now : instant("--to", to, zone);
        Instant start = from == null ? end.minus(DEFAULT_SPAN) : instant("--from", from, zone);
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException("--from " + start + " is not before --to " + end + "; give an earlier --from or a later --to");
        }
        return new TimeRange(start, end);
    }

    static Duration span(String text) {
        Matcher m = SPAN.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("--last '" + text + "' is not a span; write a number and s, m, h or d, e.g. 30m, 24h, 7d");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    static Instant instant(String option, String text, ZoneId zone) {
        String t = text.strip();
        try {
            if (t.endsWith("Z") || t.matches(".*[+-]\\d\\d:\\d\\d$")) {
                return java.time.OffsetDateTime.parse(t).toInstant();
            }
            if (t.length() == 10) {
                return LocalDate.parse(t).atStartOfDay(zone).toInstant();
            }
            if (t.indexOf('T') > 0) {
                return LocalDateTime.parse(t).atZone(zone).toInstant();
            }
            return LocalDateTime.parse(t, LOCAL).atZone(zone).toInstant();
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(option + " '" + text + "' is not a time; write 2026-12-01, 2026-12-01T09:30 ("
                    + zone + ") or an ISO instant such as 2026-12-01T00:30:00Z");
        }
    }
}
