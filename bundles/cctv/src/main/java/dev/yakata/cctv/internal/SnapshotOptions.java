package dev.yakata.cctv.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** {@code etc/dev.yakata.cctv.cfg} (optional): where entrances and pictures are, the bounds and the retention. */
@ObjectClassDefinition(name = "Yakata CCTV snapshots",
        description = "Takes a snapshot from the entrance's camera on a denied swipe, a forced or held-open door, "
                + "stores it and indexes it by a camera.snapshot event; removes snapshots past the retention.")
@interface SnapshotOptions {

    @AttributeDefinition(description = "The door = camera file.")
    String entrancesFile() default SnapshotSettings.DEFAULT_ENTRANCES;

    @AttributeDefinition(description = "The folder of the snapshots, one sub-folder per day (yyyy-mm-dd).")
    String folder() default SnapshotSettings.DEFAULT_FOLDER;

    @AttributeDefinition(description = "How long one snapshot may take, from the door event to the JPEG, in "
            + "milliseconds (100..10000).")
    long fetchTimeoutMillis() default SnapshotSettings.DEFAULT_FETCH_TIMEOUT_MILLIS;

    @AttributeDefinition(description = "How many door events may wait for a snapshot (1..1000); beyond that a door "
            + "event gets camera.snapshot-failed at once.")
    int queueSize() default SnapshotSettings.DEFAULT_QUEUE;

    @AttributeDefinition(description = "How many days snapshots are kept (1..3650).")
    int retentionDays() default SnapshotSettings.DEFAULT_RETENTION_DAYS;

    @AttributeDefinition(description = "The time zone of the day folders and of the retention (Asia/Tokyo); empty "
            + "for the JVM's.")
    String timeZone() default "";

    @AttributeDefinition(description = "Where yakata:snapshot-open --export copies a snapshot (the store's export "
            + "folder by default).")
    String exportFolder() default SnapshotSettings.DEFAULT_EXPORTS;
}
