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

    /** The decimal point and then 0 to 8 zeros. */
    private static final String[] POINT_AND_ZEROS = {".", ".0", ".00", ".000", ".0000", ".00000", ".000000",
        ".0000000", ".00000000"};

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
        // One concatenation: the JVM sizes it first and allocates the text once (a char array turned into a String
        // allocated it twice, as chars and again as bytes); the zeros the fraction's number leaves out are a constant.
        return cached.text + POINT_AND_ZEROS[digits - decimalDigits(fraction)] + fraction + 'Z';
    }

    /** Digits of {@code value}, 1 to 999,999,999. */
    private static int decimalDigits(int value) {
        int digits = 1;
        for (int bound = 10; digits < 9 && value >= bound; bound *= 10) {
            digits++;
        }
        return digits;
    }
}
