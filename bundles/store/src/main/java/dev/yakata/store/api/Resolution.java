package dev.yakata.store.api;

/** How finely point history is returned. */
public enum Resolution {
    /** Every change, as long as the raw window keeps it ({@code retentionRawHistoryDays}). */
    RAW,
    /** One rollup per point and minute. */
    MINUTE,
    /** One rollup per point and hour. */
    HOUR
}
