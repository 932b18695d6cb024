package dev.yakata.shutters.rules;

/** The hub's state of a counter shutter, as {@code shutter.state} publishes it. */
public enum ShutterState {
    OPEN, CLOSING, CLOSED, OPENING, STOPPED, FAULT;

    public boolean moving() {
        return this == CLOSING || this == OPENING;
    }

    /** The state a controller's {@code state} point reports, or null for text that is none of them. */
    static ShutterState reported(String text) {
        if (text == null) {
            return null;
        }
        for (ShutterState state : values()) {
            if (state.name().equalsIgnoreCase(text.trim())) {
                return state;
            }
        }
        return null;
    }
}
