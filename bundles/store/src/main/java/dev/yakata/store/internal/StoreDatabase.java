package dev.yakata.store.internal;

import javax.sql.DataSource;

/**
 * The DataSource the store uses now, which comes and goes with its service. The writer migrates each new one before
 * anything else uses it; {@link #ready()} is the DataSource once migrated, else {@code null}.
 */
final class StoreDatabase {

    private DataSource dataSource;
    private int generation;
    private int migratedGeneration = -1;

    synchronized void set(DataSource value) {
        dataSource = value;
        generation++;
    }

    synchronized void clear(DataSource value) {
        if (dataSource == value) {
            dataSource = null;
            generation++;
        }
    }

    synchronized DataSource current() {
        return dataSource;
    }

    synchronized int generation() {
        return generation;
    }

    synchronized void migrated(int forGeneration) {
        migratedGeneration = forGeneration;
    }

    synchronized boolean isMigrated(int forGeneration) {
        return migratedGeneration == forGeneration;
    }

    /** The DataSource if its schema has been migrated, else {@code null}. */
    synchronized DataSource ready() {
        return dataSource != null && migratedGeneration == generation ? dataSource : null;
    }
}
