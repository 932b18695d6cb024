package dev.yakata.shutters.internal;

/** The event types the shutter supervision publishes besides {@code shutter.state} (source {@value #SOURCE}). */
final class ShutterEventTypes {

    static final String SOURCE = "shutters";
    /** One shutter of a group command settled, or was refused. */
    static final String GROUP_PROGRESS = "shutter.group-progress";
    /** Every shutter of a group command settled. */
    static final String GROUP_SUMMARY = "shutter.group-summary";
    /** {@code etc/shutters/shutters.cfg} was loaded. */
    static final String CONFIG_LOADED = "shutter.config.loaded";
    /** {@code etc/shutters/shutters.cfg} was refused; the previous one stays in force. */
    static final String CONFIG_FAILED = "shutter.config.failed";
    /** The daily closing was postponed, or ran. */
    static final String CLOSING_POSTPONED = "shutter.closing-postponed";
    static final String CLOSING_STARTED = "shutter.closing-started";

    private ShutterEventTypes() {
    }
}
