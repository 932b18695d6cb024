package dev.yakata.access.internal;

/** The event types access control publishes besides those in {@code EventTypes}, and its own source. */
final class AccessEventTypes {

    /** The source of events about access control itself (configuration, fire release). */
    static final String SOURCE = "access";

    /**
     * The access files loaded. Data: {@code files}, {@code loadMillis} (reading and putting them in force),
     * {@code people}, {@code cards}, {@code doors}.
     */
    static final String CONFIG_LOADED = "access.config.loaded";
    /** An access file was refused; the previous files stay in force. Data: {@code file}, {@code line}, {@code message}. */
    static final String CONFIG_FAILED = "access.config.failed";
    /** A fire-release input went active or cleared. Data: {@code state}, {@code doors}, {@code input}. */
    static final String FIRE_RELEASE = "access.fire-release";

    private AccessEventTypes() {
    }
}
