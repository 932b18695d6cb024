package dev.yakata.postures.rules;

/** A postures file that cannot be used, with where and what to write instead: {@code file:line: what; fix}. */
public final class PostureFileException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;

    public PostureFileException(String file, int line, String message) {
        super(file + (line > 0 ? ":" + line : "") + ": " + message);
        this.file = file;
        this.line = line;
    }

    public String file() {
        return file;
    }

    /** The line, 1 up; 0 for the file as a whole. */
    public int line() {
        return line;
    }
}
