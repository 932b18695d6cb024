package dev.yakata.cctv.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.function.Function;

/** The checked settings. */
record SnapshotSettings(Path entrancesFile, Path folder, Duration fetchTimeout, int queueSize, int retentionDays,
        ZoneId zone, Path exportFolder) {

    static final String DEFAULT_ENTRANCES = "${karaf.etc}/cctv/entrances.cfg";
    static final String DEFAULT_FOLDER = "${karaf.data}/yakata/snapshots";
    static final String DEFAULT_EXPORTS = "${karaf.data}/yakata/exports";
    static final long DEFAULT_FETCH_TIMEOUT_MILLIS = 1000;
    static final int DEFAULT_QUEUE = 16;
    static final int DEFAULT_RETENTION_DAYS = 30;

    static SnapshotSettings from(SnapshotOptions o, Function<String, String> frameworkProperty) {
        String etc = orDefault(frameworkProperty.apply("karaf.etc"), "etc");
        String data = orDefault(frameworkProperty.apply("karaf.data"), "data");
        return new SnapshotSettings(
                Path.of(o.entrancesFile().trim().replace("${karaf.etc}", etc).replace("${karaf.data}", data)),
                Path.of(o.folder().trim().replace("${karaf.etc}", etc).replace("${karaf.data}", data)),
                Duration.ofMillis(range("fetchTimeoutMillis", o.fetchTimeoutMillis(), 100, 10_000)),
                (int) range("queueSize", o.queueSize(), 1, 1000),
                (int) range("retentionDays", o.retentionDays(), 1, 3650),
                o.timeZone().isBlank() ? ZoneId.systemDefault() : ZoneId.of(o.timeZone().trim()),
                Path.of(o.exportFolder().trim().replace("${karaf.etc}", etc).replace("${karaf.data}", data)));
    }

    private static String orDefault(String value, String absent) {
        return value == null || value.isBlank() ? absent : value;
    }

    private static long range(String key, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException("etc/dev.yakata.cctv.cfg: " + key + " = " + value + " is out of range "
                    + min + ".." + max);
        }
        return value;
    }
}
