package dev.yakata.alarms.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** {@code etc/dev.yakata.alarms.cfg}: where the alarm files are, and the engine's limits. */
@ObjectClassDefinition(name = "Yakata alarms",
        description = "Evaluates the alarm conditions of etc/alarms/ over points and events, keeps the alarms' states "
                + "in the store and answers the operators' alarm commands (device 'alarms').")
@interface AlarmOptions {

    @AttributeDefinition(description = "Folder of the alarm files (*.cfg).")
    String configDir() default AlarmSettings.DEFAULT_CONFIG_DIR;

    @AttributeDefinition(description = "How often the folder and the device list are checked for a change, in "
            + "milliseconds (50..1000).")
    long pollMillis() default AlarmSettings.DEFAULT_POLL_MILLIS;

    @AttributeDefinition(description = "How often delays, rise windows, shelving expiry and schedules are checked, in "
            + "milliseconds (50..1000).")
    long tickMillis() default AlarmSettings.DEFAULT_TICK_MILLIS;

    @AttributeDefinition(description = "The time zone of the suppression schedules (Asia/Tokyo); empty for the JVM's.")
    String timeZone() default "";

    @AttributeDefinition(description = "How far back the alarms' events are read at start to rebuild their states, in "
            + "days (1..3650). An alarm with no event in that time starts NORMAL.")
    int historyDays() default AlarmSettings.DEFAULT_HISTORY_DAYS;

    @AttributeDefinition(description = "The longest an operator may shelve an alarm, in minutes (1..1440).")
    int maxShelveMinutes() default AlarmSettings.DEFAULT_MAX_SHELVE_MINUTES;

    @AttributeDefinition(description = "How long the start waits for the store to catch up with the journal before "
            + "rebuilding, in seconds (0..120).")
    int storeWaitSeconds() default AlarmSettings.DEFAULT_STORE_WAIT_SECONDS;
}
