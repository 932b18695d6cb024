package dev.yakata.chain;

import java.io.IOException;
import java.nio.file.Path;

/** A key file that is missing, unreadable, corrupt or does not match its pair; the message names the file and the fix. */
public final class KeyFileException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;

    public KeyFileException(Path file, String message) {
        super(message);
        this.file = file;
    }

    public KeyFileException(Path file, String message, Throwable cause) {
        super(message, cause);
        this.file = file;
    }

    /** The file at fault. */
    public Path file() {
        return file;
    }
}
