package dev.yakata.store.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** {@code etc/dev.yakata.store.cfg}: where the record is kept and for how long. */
@ObjectClassDefinition(name = "Yakata event store",
        description = "Stores every control event from the store's journal cursor, the operator audit trail and point "
                + "history in the DataSource configured by etc/org.ops4j.datasource-yakata.cfg.")
@interface StoreConfig {

    @AttributeDefinition(name = "dataSource.target", description = "Which javax.sql.DataSource service to use, an "
            + "OSGi filter on its properties. pax-jdbc-config registers the one of etc/org.ops4j.datasource-yakata.cfg "
            + "with dataSourceName=yakata.")
    String dataSource_target() default StoreSettings.DEFAULT_DATA_SOURCE_TARGET;

    @AttributeDefinition(description = "The database schema the store owns (created and migrated by the store): "
            + "lower-case letters, digits and _, starting with a letter.")
    String schema() default StoreSettings.DEFAULT_SCHEMA;

    @AttributeDefinition(description = "Folder of CSV exports; empty for ${karaf.data}/yakata/exports.")
    String exportFolder() default "";

    @AttributeDefinition(description = "Most control events written in one transaction (1..10000).")
    int writeBatchSize() default StoreSettings.DEFAULT_WRITE_BATCH_SIZE;

    @AttributeDefinition(description = "Point changes waiting to be written; beyond it telemetry is dropped and counted.")
    int telemetryQueueSize() default StoreSettings.DEFAULT_TELEMETRY_QUEUE_SIZE;

    @AttributeDefinition(description = "Days stored control events are kept; 0 keeps them forever.")
    int retentionControlDays() default StoreSettings.DEFAULT_RETENTION_CONTROL_DAYS;

    @AttributeDefinition(description = "Days audit entries are kept; 0 keeps them forever. When set, only whole "
            + "records below the oldest kept chain checkpoint are removed, and that checkpoint is kept, so the chain "
            + "still verifies.")
    int retentionAuditDays() default 0;

    @AttributeDefinition(description = "Days the Level-3 entry/exit record (the access chain: every decision at a "
            + "Level-3 door) is kept; 0 keeps it forever. It holds personal data: keep it no longer than the "
            + "building's policy says. As for the audit trail, only whole records below a kept checkpoint are removed.")
    int retentionAccessDays() default StoreSettings.DEFAULT_RETENTION_ACCESS_DAYS;

    @AttributeDefinition(description = "Days every point change is kept (the raw window); 0 keeps them forever.")
    int retentionRawHistoryDays() default StoreSettings.DEFAULT_RETENTION_RAW_DAYS;

    @AttributeDefinition(description = "Days minute rollups are kept; 0 keeps them forever.")
    int retentionMinuteRollupDays() default StoreSettings.DEFAULT_RETENTION_MINUTE_DAYS;

    @AttributeDefinition(description = "Days hour rollups are kept; 0 keeps them forever.")
    int retentionHourRollupDays() default StoreSettings.DEFAULT_RETENTION_HOUR_DAYS;

    @AttributeDefinition(description = "Local time of the daily retention run, HH:mm.")
    String retentionTime() default StoreSettings.DEFAULT_RETENTION_TIME;

    @AttributeDefinition(description = "The audit trail's checkpoint signing key (Ed25519, PKCS#8 PEM), created on "
            + "first start; empty for ${karaf.data}/yakata/audit-signing.key. Back it up: no new key is made over an "
            + "existing public key.")
    String auditSigningKey() default "";

    @AttributeDefinition(description = "The public key auditors verify exports with (X.509 PEM), written on first "
            + "start; empty for ${karaf.etc}/yakata-audit.pub.")
    String auditPublicKey() default "";

    @AttributeDefinition(description = "Seconds at most between a new audit record and a signed checkpoint of the "
            + "chain's head (1..60); one is also signed at a clean stop.")
    int checkpointSeconds() default ChainSettings.DEFAULT_CHECKPOINT_SECONDS;
}
