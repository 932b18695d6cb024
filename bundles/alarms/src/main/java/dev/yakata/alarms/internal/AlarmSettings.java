package dev.yakata.alarms.internal;

import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.function.UnaryOperator;

/**
 * The alarm engine's settings, checked: a value out of range is refused with the key, the file and what to write, so
 * the component does not start on a setting nobody meant.
 */
record AlarmSettings(Path configDir, Duration poll, Duration tick, ZoneId zone, Duration history,
        Duration maxShelve, Duration storeWait) {

    static final String PID = "dev.yakata.alarms";
    static final String DEFAULT_CONFIG_DIR = "${karaf.etc}/alarms";
    static final long DEFAULT_POLL_MILLIS = 250;
    static final long DEFAULT_TICK_MILLIS = 250;
    static final int DEFAULT_HISTORY_DAYS = 90;
    static final int DEFAULT_MAX_SHELVE_MINUTES = 480;
    static final int DEFAULT_STORE_WAIT_SECONDS = 10;

    /** From the configuration, with {@code ${karaf.etc}} replaced by the framework's property ({@code etc} outside Karaf). */
    static AlarmSettings from(AlarmOptions options, UnaryOperator<String> frameworkProperty) {
        String etc = frameworkProperty.apply("karaf.etc");
        etc = etc == null || etc.isBlank() ? "etc" : etc;
        range("pollMillis", options.pollMillis(), 50, 1000);
        range("tickMillis", options.tickMillis(), 50, 1000);
        range("historyDays", options.historyDays(), 1, 3650);
        range("maxShelveMinutes", options.maxShelveMinutes(), 1, 1440);
        range("storeWaitSeconds", options.storeWaitSeconds(), 0, 120);
        ZoneId zone;
        try {
            zone = options.timeZone().isBlank() ? ZoneId.systemDefault() : ZoneId.of(options.timeZone().trim());
        } catch (DateTimeException e) {
            throw problem("timeZone", options.timeZone(), "a region such as Asia/Tokyo, or nothing for the JVM's zone");
        }
        return new AlarmSettings(Path.of(options.configDir().trim().replace("${karaf.etc}", etc)),
                Duration.ofMillis(options.pollMillis()), Duration.ofMillis(options.tickMillis()), zone,
                Duration.ofDays(options.historyDays()), Duration.ofMinutes(options.maxShelveMinutes()),
                Duration.ofSeconds(options.storeWaitSeconds()));
    }

    private static void range(String key, long value, long min, long max) {
        if (value < min || value > max) {
            throw problem(key, value, "a whole number from " + min + " to " + max);
        }
    }

    private static IllegalArgumentException problem(String key, Object value, String instead) {
        return new IllegalArgumentException(key + " = \"" + value + "\" in etc/" + PID + ".cfg cannot be used: write "
                + instead);
    }
}
