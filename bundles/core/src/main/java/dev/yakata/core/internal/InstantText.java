package dev.yakata.core.internal;

import java.time.Instant;

/**
 * {@link Instant#toString()}, the same text, at a fraction of its cost: the date and time of day are formatted once
 * per second and kept, only the fraction is written per call. It is the largest single cost of a point value's
 * way to the bus otherwise (every {@code point.changed} carries its timestamp as text).
 */
final class InstantText {

    /** Years 0000 to 9999: other instants take {@link Instant#toString()} (which adds a sign or more digits). */
    private static final long MIN_SECOND = -62_167_219_200L;
    private static final long MAX_SECOND = 253_402_300_799L;

    /** The last second formatted; immutable, so a racy read sees a whole one. */
    private static volatile Second last = new Second(0, "1970-01-01T00:00:00");

    private record Second(long epochSecond, String text) {
    }

    private InstantText() {
    }

    static String of(Instant instant) {
        long s = instant.getEpochSecond();
        Second cached = last;
        if (cached.epochSecond != s) {
            if (s < MIN_SECOND || s > MAX_SECOND) {
                return instant.toString();
            }
            String whole = Instant.ofEpochSecond(s).toString();
            cached = new Second(s, whole.substring(0, whole.length() - 1));
            last = cached;
        }
        int nano = instant.getNano();
        if (nano == 0) {
            return cached.text + 'Z';
        }
        int digits;
        int fraction;
        if (nano % 1_000_000 == 0) {
            digits = 3;
            fraction = nano / 1_000_000;
        } else if (nano % 1000 == 0) {
            digits = 6;
            fraction = nano / 1000;
        } else {
            digits = 9;
            fraction = nano;
        }
        String prefix = cached.text;
        int length = prefix.length();
        char[] text = new char[length + 1 + digits + 1];
        prefix.getChars(0, length, text, 0);
        text[length] = '.';
        for (int i = length + digits; i > length; i--) {
            text[i] = (char) ('0' + fraction % 10);
            fraction /= 10;
        }
        text[text.length - 1] = 'Z';
        return new String(text);
    }
}
