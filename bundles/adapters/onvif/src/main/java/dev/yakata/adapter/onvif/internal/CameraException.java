package dev.yakata.adapter.onvif.internal;

/**
 * An expected failure talking to a camera, with the sentence that becomes the device's status reason. The kind says
 * how the camera's health reacts: an authentication failure backs off so the camera's account does not lock.
 */
final class CameraException extends Exception {

    private static final long serialVersionUID = 1L;

    enum Kind {
        /** No connection, no answer in time, connection reset. */
        UNREACHABLE,
        /** The camera refused the user or password (HTTP 401, ter:NotAuthorized). */
        NOT_AUTHORIZED,
        /** A body that is not what the protocol says: not XML, not SOAP, a missing element, not a JPEG, too large. */
        MALFORMED,
        /** A SOAP fault other than NotAuthorized, or an HTTP status the call does not expect. */
        REFUSED
    }

    private final Kind kind;

    CameraException(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    Kind kind() {
        return kind;
    }
}
