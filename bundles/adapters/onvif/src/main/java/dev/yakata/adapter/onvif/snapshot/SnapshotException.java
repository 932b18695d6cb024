package dev.yakata.adapter.onvif.snapshot;

/**
 * A snapshot that could not be had, with a sentence that says which camera, what happened and what to do: the camera
 * is unknown or not open, did not answer in time, refused the credentials, redirected elsewhere, or sent a body that
 * is not a JPEG or is too large.
 */
public class SnapshotException extends Exception {

    private static final long serialVersionUID = 1L;

    public SnapshotException(String message) {
        super(message);
    }

    public SnapshotException(String message, Throwable cause) {
        super(message, cause);
    }
}
