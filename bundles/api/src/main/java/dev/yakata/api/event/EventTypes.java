package dev.yakata.api.event;

/**
 * The event types the hub itself publishes. Adapters and routes may publish other types; a type is a
 * dotted lower-case name whose first segment is the noun it is about. Every type but {@link #POINT_CHANGED}
 * travels on the control lane and is journaled before it is delivered.
 */
public final class EventTypes {

    /** A point's value or quality changed. Data: {@code point}, {@code value}, {@code quality}, {@code unit}. The only telemetry-lane type. */
    public static final String POINT_CHANGED = "point.changed";
    /** A device's status changed. Data: {@code state}, {@code detail}, {@code reason}, {@code previous}. */
    public static final String DEVICE_STATUS = "device.status";
    /** The command policy allowed a command. Data: {@code command}, {@code action}, {@code user}, {@code roles}, {@code channel}, {@code rule}. */
    public static final String POLICY_ALLOWED = "policy.allowed";
    /** The command policy refused a command. Data as {@link #POLICY_ALLOWED}, plus {@code reason}. */
    public static final String POLICY_REFUSED = "policy.refused";
    /** The command policy file was loaded. Data: {@code file}, {@code rules}. */
    public static final String POLICY_LOADED = "policy.loaded";
    /** The command policy file could not be loaded; the previous rules stay in force. Data: {@code file}, {@code message}. */
    public static final String POLICY_FAILED = "policy.failed";
    /** A command was accepted for a device. Data: {@code command}, {@code action}, {@code point}, {@code arguments}, {@code user}, {@code channel}, {@code reason}. */
    public static final String COMMAND_ISSUED = "command.issued";
    /** A command ended. Data: {@code command}, {@code status}, {@code reason}. */
    public static final String COMMAND_COMPLETED = "command.completed";
    public static final String COMMAND_FAILED = "command.failed";
    public static final String COMMAND_TIMED_OUT = "command.timed-out";
    public static final String COMMAND_REJECTED = "command.rejected";
    public static final String ACCESS_GRANTED = "access.granted";
    public static final String ACCESS_DENIED = "access.denied";
    /**
     * A card was presented at a reader. Data: {@code reader}, {@code direction} ({@code entry}/{@code exit}),
     * {@code card}. On the bus {@code card} is the card's keyed pseudonym: the hub replaces the number the reader
     * sent before the event is published, so no raw card number is journaled, logged or sent northbound.
     */
    public static final String CARD_SWIPED = "card.swiped";
    /** A card was presented at a door, with pseudonyms only, for attendance, PC log-in, rooms and vending. */
    public static final String CARD_PRESENTED = "card.presented";
    public static final String DOOR_FORCED = "door.forced";
    public static final String DOOR_HELD_OPEN = "door.held-open";
    /** A door that was forced or held open is closed again. */
    public static final String DOOR_SECURED = "door.secured";
    /** A door controller's own alarm ({@code alarm}: forced, held-open), beside the hub's own supervision. */
    public static final String DOOR_CONTROLLER_ALARM = "door.controller-alarm";
    public static final String SHUTTER_STATE = "shutter.state";
    public static final String CAMERA_MOTION = "camera.motion";
    public static final String CAMERA_TAMPER = "camera.tamper";
    /**
     * An alarm became active and is annunciated. Events of the hub's alarm engine (source {@code alarms}, subject the
     * alarm id) carry {@code alarm}, {@code condition}, {@code device}, {@code point}, {@code priority}, {@code state}
     * (NORMAL, ACTIVE_UNACKED, ACTIVE_ACKED, RETURNED_UNACKED), {@code count}, {@code user}, {@code comment},
     * {@code message}; a device may also publish its own.
     */
    public static final String ALARM_RAISED = "alarm.raised";
    /** An alarm was acknowledged; data as {@link #ALARM_RAISED}, {@code user} and {@code comment} the operator's. */
    public static final String ALARM_ACKNOWLEDGED = "alarm.acknowledged";
    /** An acknowledged alarm's condition returned to normal: the alarm is NORMAL again. Data as {@link #ALARM_RAISED}. */
    public static final String ALARM_CLEARED = "alarm.cleared";
    /** An unacknowledged alarm's condition returned to normal (RETURNED_UNACKED). Data as {@link #ALARM_RAISED}. */
    public static final String ALARM_RETURNED = "alarm.returned";
    /** An operator shelved an alarm for a limited time. Data as {@link #ALARM_RAISED}, plus {@code until}. */
    public static final String ALARM_SHELVED = "alarm.shelved";
    /** A shelved alarm is annunciated again: an operator unshelved it or its shelving expired ({@code user} {@code alarms}). */
    public static final String ALARM_UNSHELVED = "alarm.unshelved";
    /** An alarm is suppressed by design (its schedule began). Data as {@link #ALARM_RAISED}, plus {@code schedule}. */
    public static final String ALARM_SUPPRESSED = "alarm.suppressed";
    /** A suppression by design ended. Data as {@link #ALARM_SUPPRESSED}. */
    public static final String ALARM_UNSUPPRESSED = "alarm.unsuppressed";
    /** An alarm was taken out of service (by a manager, with a reason). Data as {@link #ALARM_RAISED}. */
    public static final String ALARM_OUT_OF_SERVICE = "alarm.out-of-service";
    /** An alarm was returned to service. Data as {@link #ALARM_RAISED}. */
    public static final String ALARM_IN_SERVICE = "alarm.in-service";
    /** A user route file was loaded or reloaded. Data: {@code file}, {@code routes}. */
    public static final String ROUTE_LOADED = "route.loaded";
    /** A user route file could not be loaded. Data: {@code file}, {@code line}, {@code column}, {@code message}. */
    public static final String ROUTE_FAILED = "route.failed";
    /** A user route file was deleted and its routes removed. Data: {@code file}. */
    public static final String ROUTE_REMOVED = "route.removed";

    /** A configuration the hub sees was created, updated or deleted. Data: {@code pid}, {@code factoryPid}, {@code change}, {@code file}, {@code keys} (each {@code key}, {@code old}, {@code new}; secrets as {@code ******}). */
    public static final String CONFIG_CHANGED = "config.changed";
    /** Someone logged in to the container (shell, SSH, JMX, web console). Data: {@code user}, {@code realm}, {@code channel}, {@code address}. */
    public static final String LOGIN_SUCCEEDED = "login.succeeded";
    /** A log-in was refused; severity WARNING. Data as {@link #LOGIN_SUCCEEDED}, plus {@code reason}; never the password. */
    public static final String LOGIN_REFUSED = "login.refused";
    /** A logged-in session ended. Data as {@link #LOGIN_SUCCEEDED}. */
    public static final String LOGIN_ENDED = "login.ended";
    /** A Karaf shell command ran. Data: {@code user}, {@code channel}, {@code address}, {@code command} (secret arguments as {@code ******}), {@code outcome}, {@code error}. */
    public static final String SHELL_EXECUTED = "shell.executed";

    /**
     * The event store stopped writing (its database is unreachable, refuses a write, or its schema cannot be
     * migrated); control events wait in the journal and are stored in order when it works again. Published once per
     * outage, severity ALARM, source {@code store}. Data: {@code reason} (naming the setting to fix),
     * {@code dataSource} (the DataSource filter), {@code journalLag} (events waiting).
     */
    public static final String STORE_UNAVAILABLE = "store.unavailable";
    /**
     * The event store writes again after a {@link #STORE_UNAVAILABLE}. Source {@code store}. Data:
     * {@code outageSeconds}, {@code reason} (the outage's), {@code dataSource}.
     */
    public static final String STORE_RECOVERED = "store.recovered";
    /**
     * The event store's retention run removed old records. Source {@code store}. Data: the count removed per class,
     * {@code controlEvents}, {@code auditEntries}, {@code rawSamples}, {@code minuteRollups}, {@code hourRollups},
     * and {@code note} when something could not be removed.
     */
    public static final String STORE_RETENTION = "store.retention";

    private EventTypes() {
    }
}
