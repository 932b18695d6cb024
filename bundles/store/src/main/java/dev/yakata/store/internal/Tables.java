package dev.yakata.store.internal;

/**
 * The store's table names, qualified with its schema. The schema is quoted (Flyway creates it quoted, so on H2 it
 * keeps its lower-case name), the tables are not (both databases fold them the same way inside the schema).
 */
final class Tables {

    final String events;
    final String audit;
    final String checkpoints;
    final String samples;
    final String rollups;

    Tables(String schema) {
        String prefix = "\"" + schema + "\".";
        events = prefix + "event_log";
        audit = prefix + "audit_entry";
        checkpoints = prefix + "chain_checkpoint";
        samples = prefix + "point_sample";
        rollups = prefix + "point_rollup";
    }
}
