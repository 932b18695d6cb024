package dev.yakata.api.profile;

/**
 * The names of the profiles the hub ships, and of the roles, actions and arguments adapters most often meet. The
 * declarations themselves live in the hub ({@code docs/profiles.md} lists them all).
 */
public final class Profiles {

    public static final String DOOR = "door";
    public static final String SHUTTER = "shutter";
    public static final String POWER_FEEDS = "power-feeds";
    public static final String HVAC = "hvac";
    public static final String UPS = "ups";
    public static final String CAMERA = "camera";
    /** The hub's access control as a device ({@code access}): its actions are the operators' access commands. */
    public static final String ACCESS_CONTROL = "access-control";
    /** The hub's alarm engine as a device ({@code alarms}): its actions are the operators' alarm commands. */
    public static final String ALARM_MANAGEMENT = "alarm-management";

    /** Door action: release the lock for {@link #SECONDS} seconds, then lock again. */
    public static final String UNLOCK = "unlock";
    /** Door action: lock now. */
    public static final String LOCK = "lock";
    /** The argument of {@link #UNLOCK}: how long the door stays unlocked, in seconds. */
    public static final String SECONDS = "seconds";
    /** Shutter actions. */
    public static final String OPEN = "open";
    public static final String CLOSE = "close";
    public static final String STOP = "stop";

    private Profiles() {
    }
}
