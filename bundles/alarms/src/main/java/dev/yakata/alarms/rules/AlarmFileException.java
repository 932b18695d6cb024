package dev.yakata.alarms.rules;

/**
 * A file of etc/alarms/ that cannot be used, with the place and what to write instead. The message starts with
 * {@code file:line: } (or {@code file: } when no one line is at fault).
 */
public final class AlarmFileException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;

    public AlarmFileException(String file, int line, String message) {
        super(file + (line > 0 ? ":" + line : "") + ": " + message);
        this.file = file;
        this.line = line;
    }

    public String file() {
        return file;
    }

    /** The line at fault, 1 up; 0 when the problem is the file's as a whole. */
    public int line() {
        return line;
    }
}
