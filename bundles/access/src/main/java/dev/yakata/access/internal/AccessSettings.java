package dev.yakata.access.internal;

import dev.yakata.access.rules.AccessEngine;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.function.UnaryOperator;

/**
 * The access runtime's settings, checked; a refusal names the key of {@code etc/dev.yakata.access.cfg}, the value and
 * what to write instead.
 */
record AccessSettings(Path configDir, long pollMillis, Duration escortWindow, Duration lateSwipe, Duration clockSkew,
        ZoneId zone, Path stateDir, Path exportFolder) {

    static final String PID = "dev.yakata.access";
    static final String DEFAULT_CONFIG_DIR = "${karaf.etc}/access";
    static final String DEFAULT_STATE_DIR = "${karaf.data}/yakata/access";
    static final long DEFAULT_POLL_MILLIS = 250;
    static final int DEFAULT_ESCORT_SECONDS = 30;
    static final int DEFAULT_LATE_SWIPE_SECONDS = 10;
    static final int DEFAULT_CLOCK_SKEW_SECONDS = 60;
    /** The replay memory the spec fixes: the last 100,000 swipe ids. */
    static final int REPLAY_MEMORY = 100_000;

    AccessSettings {
        if (pollMillis < 50 || pollMillis > 1000) {
            // Above a second a saved change would not be enforced within the second the spec promises.
            throw problem("pollMillis", pollMillis, "a number of milliseconds from 50 to 1000 (default "
                    + DEFAULT_POLL_MILLIS + ")");
        }
        nonNegative("escortSeconds", escortWindow);
        nonNegative("lateSwipeSeconds", lateSwipe);
        nonNegative("clockSkewSeconds", clockSkew);
        configDir = configDir.toAbsolutePath().normalize();
        stateDir = stateDir.toAbsolutePath().normalize();
        exportFolder = exportFolder.toAbsolutePath().normalize();
    }

    /** The defaults, in the given folders and zone (tests). */
    static AccessSettings defaults(Path configDir, Path stateDir, Path exportFolder, ZoneId zone) {
        return new AccessSettings(configDir, DEFAULT_POLL_MILLIS, Duration.ofSeconds(DEFAULT_ESCORT_SECONDS),
                Duration.ofSeconds(DEFAULT_LATE_SWIPE_SECONDS), Duration.ofSeconds(DEFAULT_CLOCK_SKEW_SECONDS), zone,
                stateDir, exportFolder);
    }

    /**
     * From the configuration, with {@code ${karaf.etc}} and {@code ${karaf.data}} replaced by the framework's
     * properties ({@code etc} and {@code data} outside Karaf).
     */
    static AccessSettings from(AccessOptions options, UnaryOperator<String> frameworkProperty) {
        String etc = orDefault(frameworkProperty.apply("karaf.etc"), "etc");
        String data = orDefault(frameworkProperty.apply("karaf.data"), "data");
        UnaryOperator<String> expand = text -> text.trim().replace("${karaf.etc}", etc).replace("${karaf.data}", data);
        ZoneId zone;
        try {
            zone = options.timeZone().isBlank() ? ZoneId.systemDefault() : ZoneId.of(options.timeZone().trim());
        } catch (DateTimeException e) {
            throw problem("timeZone", options.timeZone(), "a region such as Asia/Tokyo, or nothing for the JVM's zone");
        }
        Path exports = options.exportFolder().isBlank() ? Path.of(data, "yakata", "exports")
                : Path.of(expand.apply(options.exportFolder()));
        return new AccessSettings(Path.of(expand.apply(options.configDir())), options.pollMillis(),
                Duration.ofSeconds(options.escortSeconds()), Duration.ofSeconds(options.lateSwipeSeconds()),
                Duration.ofSeconds(options.clockSkewSeconds()), zone, Path.of(expand.apply(options.stateDir())),
                exports);
    }

    /** The limits the rules decide with. */
    AccessEngine.Settings engineSettings() {
        return new AccessEngine.Settings(zone, escortWindow, lateSwipe, clockSkew, REPLAY_MEMORY);
    }

    /** Where the operators' card-state overrides are kept. */
    /** The lockdown's state, kept so it survives a restart. */
    Path lockdownFile() {
        return stateDir.resolve("lockdown.properties");
    }

    Path cardStateFile() {
        return stateDir.resolve("card-states.properties");
    }

    private static void nonNegative(String key, Duration value) {
        if (value.isNegative()) {
            throw problem(key, value.getSeconds(), "a number of seconds, 0 or more");
        }
    }

    private static IllegalArgumentException problem(String key, Object value, String instead) {
        return new IllegalArgumentException(key + " = \"" + value + "\" in etc/" + PID + ".cfg cannot be used: write "
                + instead);
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
