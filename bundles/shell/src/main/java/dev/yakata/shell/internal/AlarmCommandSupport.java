package dev.yakata.shell.internal;

/**
 * The alarm commands: each is an action of the {@code alarms} device (docs/alarms.md), submitted as the shell's user,
 * so the command policy decides it and the audit trail records it as it does any command; who acknowledged or
 * shelved is the session's user, never an argument.
 */
abstract class AlarmCommandSupport extends AccessCommandSupport {

    static final String ALARMS_DEVICE = "alarms";

    @Override
    String device() {
        return ALARMS_DEVICE;
    }

    /** The words of a multi-valued argument as one text, or null when there are none. */
    static String joined(java.util.List<String> words) {
        return words == null || words.isEmpty() ? null : String.join(" ", words);
    }

    static String orNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
