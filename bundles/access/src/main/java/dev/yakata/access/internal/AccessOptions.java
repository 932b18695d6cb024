package dev.yakata.access.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** {@code etc/dev.yakata.access.cfg}: where the access files are, and the limits the decisions use. */
@ObjectClassDefinition(name = "Yakata access control",
        description = "Decides every card swipe at a door from the files in etc/access/, supervises the doors, "
                + "releases them on a fire alarm and answers the operators' access commands (device 'access').")
@interface AccessOptions {

    @AttributeDefinition(description = "Folder of zones.cfg, people.cfg, people-*.cfg, policies.cfg and holidays.cfg.")
    String configDir() default AccessSettings.DEFAULT_CONFIG_DIR;

    @AttributeDefinition(description = "How often the folder is checked for a saved change, in milliseconds (50..1000).")
    long pollMillis() default AccessSettings.DEFAULT_POLL_MILLIS;

    @AttributeDefinition(description = "How long before an escorted visitor's swipe the escort's grant at the same "
            + "reader counts, in seconds.")
    int escortSeconds() default AccessSettings.DEFAULT_ESCORT_SECONDS;

    @AttributeDefinition(description = "A swipe that reaches the hub later than this is recorded but opens no door, "
            + "in seconds.")
    int lateSwipeSeconds() default AccessSettings.DEFAULT_LATE_SWIPE_SECONDS;

    @AttributeDefinition(description = "A reader's time further ahead of the hub's than this is recorded as a "
            + "skewed clock, in seconds.")
    int clockSkewSeconds() default AccessSettings.DEFAULT_CLOCK_SKEW_SECONDS;

    @AttributeDefinition(description = "The time zone of schedules, holidays and validity dates (Asia/Tokyo); empty "
            + "for the JVM's.")
    String timeZone() default "";

    @AttributeDefinition(description = "Folder of the access runtime's own state (operators' card-state overrides).")
    String stateDir() default AccessSettings.DEFAULT_STATE_DIR;

    @AttributeDefinition(description = "Folder the attendance report is written to; empty for the store's default, "
            + "${karaf.data}/yakata/exports.")
    String exportFolder() default "";
}
