package dev.yakata.chain;

import java.io.IOException;

/** Malformed CSV input; the message starts with "line L, column C:" (both counted from 1). */
public final class CsvFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    private final long line;
    private final long column;

    public CsvFormatException(long line, long column, String message) {
        super("line " + line + ", column " + column + ": " + message);
        this.line = line;
        this.column = column;
    }

    /** The physical line of the file, from 1 (a quoted field's line breaks count). */
    public long line() {
        return line;
    }

    /** The column, from 1: the character on that line, or for row-level faults the field's number. */
    public long column() {
        return column;
    }
}
