package dev.yakata.store.internal;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the store's own schema to the newest version with Flyway, embedded in this bundle.
 *
 * <p>Flyway is configured with this bundle's class loader: with any other (the thread's context loader inside Karaf)
 * its scan of the migration folder finds nothing and {@code migrate()} reports the schema "up to date" without
 * creating a table. So a scan that finds no migration is a failure here, never a success.
 */
final class SchemaMigrator {

    static final String LOCATION = "classpath:db/store/migration";

    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);

    private SchemaMigrator() {
    }

    /**
     * Migrates {@code schema} to {@code target} ({@code null}: the newest) and returns the version it is at.
     *
     * @throws IllegalStateException when the bundle holds no migration, or one fails (the message says which)
     */
    static String migrate(DataSource dataSource, String schema, String target) {
        return migrate(dataSource, schema, target, LOCATION);
    }

    /** As above, from another location (tests). */
    static String migrate(DataSource dataSource, String schema, String target, String location) {
        Flyway flyway = configure(dataSource, schema, target, location);
        MigrationInfo[] all = flyway.info().all();
        if (all.length == 0) {
            throw new IllegalStateException("no schema migration found at " + location + " in the store bundle: "
                    + "Flyway did not see the bundle's class loader, so the store will not write (report this as a bug)");
        }
        MigrateResult result;
        try {
            result = flyway.migrate();
        } catch (RuntimeException e) {
            throw new IllegalStateException("migrating schema " + schema + " failed: " + e.getMessage(), e);
        }
        MigrationInfo current = flyway.info().current();
        String version = current == null ? "" : current.getVersion().getVersion();
        if (result.migrationsExecuted > 0) {
            LOG.info("Event store: schema {} migrated from version {} to {} ({} migrations)", schema,
                    result.initialSchemaVersion == null ? "none" : result.initialSchemaVersion, version,
                    result.migrationsExecuted);
        }
        return version;
    }

    private static Flyway configure(DataSource dataSource, String schema, String target, String location) {
        var config = Flyway.configure(SchemaMigrator.class.getClassLoader())
                .dataSource(dataSource)
                .schemas(schema)
                .defaultSchema(schema)
                .createSchemas(true)
                .locations(location)
                .table("flyway_schema_history")
                .loggers("slf4j");
        if (target != null) {
            config = config.target(MigrationVersion.fromVersion(target));
        }
        return config.load();
    }
}
