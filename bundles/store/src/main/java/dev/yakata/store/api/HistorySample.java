package dev.yakata.store.api;

import java.time.Instant;

/**
 * One raw sample or one rollup of a point. For a raw sample min, max, average and last are its value and count is 1.
 * Numeric values give min, max and average; other values (booleans, text, states) keep only last and count, with
 * min, max and average {@code null}.
 *
 * @param time    the sample's time, or the start of the rollup's minute or hour
 * @param min     smallest numeric value, or {@code null}
 * @param max     largest numeric value, or {@code null}
 * @param average mean of the numeric values, or {@code null}
 * @param last    the last value ({@code Double} for numbers, {@code String} otherwise, {@code null} for a bad value)
 * @param quality the quality of the last value ({@code GOOD}, {@code UNCERTAIN}, {@code BAD})
 * @param count   how many changes it covers
 */
public record HistorySample(Instant time, Double min, Double max, Double average, Object last, String quality,
        long count) {
}
