package dev.yakata.shutters.rules;

/** A refused line of {@code etc/shutters/shutters.cfg}: the message reads {@code shutters.cfg:7: what; fix}. */
public final class ShuttersFileException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;

    public ShuttersFileException(String file, int line, String message) {
        super(file + (line > 0 ? ":" + line : "") + ": " + message);
        this.file = file;
        this.line = line;
    }

    public String file() {
        return file;
    }

    /** The line, 1 up; 0 when the problem is the whole file. */
    public int line() {
        return line;
    }

    /** The message without the {@code file:line: } it starts with. */
    public String problem() {
        String place = file + (line > 0 ? ":" + line : "") + ": ";
        String message = getMessage();
        return message.startsWith(place) ? message.substring(place.length()) : message;
    }
}
