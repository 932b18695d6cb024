package dev.yakata.store.internal;

/**
 * One point's aggregate over one minute or hour, built in memory while the bucket is open. Numeric values fill
 * min, max and sum; every value counts; the latest by time is last. Not thread-safe (the history thread's).
 */
final class Rollup {

    final String device;
    final String point;
    final String resolution;
    final long bucketNanos;
    final long widthNanos;
    long count;
    long numericCount;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    double sum;
    Double lastNumber;
    String lastText;
    String lastQuality = "";
    long lastNanos = Long.MIN_VALUE;

    Rollup(String device, String point, String resolution, long bucketNanos, long widthNanos) {
        this.device = device;
        this.point = point;
        this.resolution = resolution;
        this.bucketNanos = bucketNanos;
        this.widthNanos = widthNanos;
    }

    static long bucketOf(long timeNanos, long widthNanos) {
        return Math.floorDiv(timeNanos, widthNanos) * widthNanos;
    }

    void add(long timeNanos, Double number, String text, String quality) {
        count++;
        if (number != null && !number.isNaN()) {
            numericCount++;
            min = Math.min(min, number);
            max = Math.max(max, number);
            sum += number;
        }
        if (timeNanos >= lastNanos) {
            lastNanos = timeNanos;
            lastNumber = number;
            lastText = number == null ? text : null;
            lastQuality = quality;
        }
    }

    long endNanos() {
        return bucketNanos + widthNanos;
    }
}
