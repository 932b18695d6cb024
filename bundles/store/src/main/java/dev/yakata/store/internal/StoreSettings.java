package dev.yakata.store.internal;

import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * The store's settings, checked: each refusal names the key of {@code etc/dev.yakata.store.cfg}, the value and what
 * to set instead.
 */
record StoreSettings(String dataSourceTarget, String schema, Path exportFolder, int writeBatchSize,
        int telemetryQueueSize, int retentionControlDays, int retentionAuditDays, int retentionAccessDays,
        int retentionRawHistoryDays, int retentionMinuteRollupDays, int retentionHourRollupDays,
        LocalTime retentionTime) {

    static final String PID = "dev.yakata.store";
    static final String DEFAULT_DATA_SOURCE_TARGET = "(dataSourceName=yakata)";
    static final String DATA_SOURCE_FILE = "etc/org.ops4j.datasource-yakata.cfg";
    static final String DEFAULT_SCHEMA = "yakata";
    static final int DEFAULT_WRITE_BATCH_SIZE = 1000;
    static final int DEFAULT_TELEMETRY_QUEUE_SIZE = 100_000;
    static final int DEFAULT_RETENTION_CONTROL_DAYS = 365;
    /** The Level-3 record holds personal data: kept a year unless the building's policy says otherwise. */
    static final int DEFAULT_RETENTION_ACCESS_DAYS = 365;
    static final int DEFAULT_RETENTION_RAW_DAYS = 7;
    static final int DEFAULT_RETENTION_MINUTE_DAYS = 90;
    static final int DEFAULT_RETENTION_HOUR_DAYS = 1825;
    static final String DEFAULT_RETENTION_TIME = "03:30";

    private static final Pattern SCHEMA = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    StoreSettings {
        if (!SCHEMA.matcher(schema).matches()) {
            throw new IllegalArgumentException("schema = \"" + schema + "\" in etc/" + PID + ".cfg is not a schema "
                    + "name the store can own: use lower-case letters, digits and _, starting with a letter (default "
                    + DEFAULT_SCHEMA + ")");
        }
        range("writeBatchSize", writeBatchSize, 1, 10_000);
        range("telemetryQueueSize", telemetryQueueSize, 1, 10_000_000);
        range("retentionControlDays", retentionControlDays, 0, 36_500);
        range("retentionAuditDays", retentionAuditDays, 0, 36_500);
        range("retentionAccessDays", retentionAccessDays, 0, 36_500);
        range("retentionRawHistoryDays", retentionRawHistoryDays, 0, 36_500);
        range("retentionMinuteRollupDays", retentionMinuteRollupDays, 0, 36_500);
        range("retentionHourRollupDays", retentionHourRollupDays, 0, 36_500);
        exportFolder = exportFolder.toAbsolutePath().normalize();
    }

    /** The defaults, with the given schema and export folder (tests, benchmarks). */
    static StoreSettings defaults(String schema, Path exportFolder) {
        return new StoreSettings(DEFAULT_DATA_SOURCE_TARGET, schema, exportFolder, DEFAULT_WRITE_BATCH_SIZE,
                DEFAULT_TELEMETRY_QUEUE_SIZE, DEFAULT_RETENTION_CONTROL_DAYS, 0, DEFAULT_RETENTION_ACCESS_DAYS,
                DEFAULT_RETENTION_RAW_DAYS, DEFAULT_RETENTION_MINUTE_DAYS, DEFAULT_RETENTION_HOUR_DAYS,
                LocalTime.parse(DEFAULT_RETENTION_TIME));
    }

    static StoreSettings from(StoreConfig config, String karafData) {
        Path exports = config.exportFolder().isBlank()
                ? Path.of(karafData == null || karafData.isBlank() ? "data" : karafData, "yakata", "exports")
                : Path.of(config.exportFolder().trim());
        LocalTime at;
        try {
            at = LocalTime.parse(config.retentionTime().trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("retentionTime = \"" + config.retentionTime() + "\" in etc/" + PID
                    + ".cfg is not a local time: write HH:mm, for instance " + DEFAULT_RETENTION_TIME);
        }
        return new StoreSettings(config.dataSource_target().trim(), config.schema().trim(), exports,
                config.writeBatchSize(), config.telemetryQueueSize(), config.retentionControlDays(),
                config.retentionAuditDays(), config.retentionAccessDays(), config.retentionRawHistoryDays(),
                config.retentionMinuteRollupDays(), config.retentionHourRollupDays(), at);
    }

    /** These retentions, the access chain's kept as it is. */
    StoreSettings withRetention(int controlDays, int auditDays, int rawDays, int minuteDays, int hourDays) {
        return new StoreSettings(dataSourceTarget, schema, exportFolder, writeBatchSize, telemetryQueueSize,
                controlDays, auditDays, retentionAccessDays, rawDays, minuteDays, hourDays, retentionTime);
    }

    StoreSettings withAccessRetention(int days) {
        return new StoreSettings(dataSourceTarget, schema, exportFolder, writeBatchSize, telemetryQueueSize,
                retentionControlDays, retentionAuditDays, days, retentionRawHistoryDays, retentionMinuteRollupDays,
                retentionHourRollupDays, retentionTime);
    }

    StoreSettings withWriteBatchSize(int value) {
        return new StoreSettings(dataSourceTarget, schema, exportFolder, value, telemetryQueueSize,
                retentionControlDays, retentionAuditDays, retentionAccessDays, retentionRawHistoryDays,
                retentionMinuteRollupDays, retentionHourRollupDays, retentionTime);
    }

    /** The sentence that says where the DataSource comes from, for every message about it. */
    String dataSourceHint() {
        return "DataSource " + dataSourceTarget + " (configured by " + DATA_SOURCE_FILE + "; the filter is "
                + "dataSource.target in etc/" + PID + ".cfg)";
    }

    private static void range(String key, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(key + " = " + value + " in etc/" + PID + ".cfg is out of range: set it "
                    + "between " + min + " and " + max);
        }
    }
}
