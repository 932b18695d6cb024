package dev.yakata.api.device;

import java.time.Instant;
import java.util.Objects;

/**
 * An immutable point value with its quality and the time it was observed.
 *
 * @param value     the value, typed as {@link PointKind} says; {@code null} only when quality is {@link Quality#BAD}
 * @param quality   how far the value can be trusted
 * @param timestamp when the device (or adapter) observed the value
 */
public record PointValue(Object value, Quality quality, Instant timestamp) {

    public PointValue {
        Objects.requireNonNull(quality, "quality");
        Objects.requireNonNull(timestamp, "timestamp");
        if (value == null && quality != Quality.BAD) {
            throw new IllegalArgumentException("a null value must have quality BAD");
        }
    }

    /** A good value observed now. */
    public static PointValue good(Object value) {
        return new PointValue(Objects.requireNonNull(value, "value"), Quality.GOOD, Instant.now());
    }

    /** A value that could not be read, observed now. */
    public static PointValue bad() {
        return new PointValue(null, Quality.BAD, Instant.now());
    }

    /** The same value with another quality. */
    public PointValue withQuality(Quality newQuality) {
        return new PointValue(value, newQuality, timestamp);
    }
}
