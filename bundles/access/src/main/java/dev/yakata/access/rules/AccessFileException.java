package dev.yakata.access.rules;

/**
 * A file in etc/access/ that cannot be used: which file, which line (0 when the problem is not on one line), and a
 * message that says what is wrong and what to write instead. The previous configuration stays in force.
 */
public final class AccessFileException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;

    public AccessFileException(String file, int line, String message) {
        super(file + (line > 0 ? ":" + line : "") + ": " + message);
        this.file = file;
        this.line = line;
    }

    public String file() {
        return file;
    }

    public int line() {
        return line;
    }
}
