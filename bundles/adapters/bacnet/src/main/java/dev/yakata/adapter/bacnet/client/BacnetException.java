package dev.yakata.adapter.bacnet.client;

/**
 * Why a confirmed request did not succeed: no answer, or the device answered Error, Reject or Abort, or its answer
 * could not be decoded. The one exception type of the client's stages.
 */
public final class BacnetException extends Exception {

    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Kind {
        /** No answer within the APDU timeout after all retries. */
        TIMEOUT,
        /** The device answered BACnet-Error with {@link #errorClass()} and {@link #errorCode()}. */
        ERROR,
        /** The device rejected the request ({@link #reason()} is the BACnetRejectReason). */
        REJECT,
        /** The device (or this client) aborted the transaction ({@link #reason()} is the BACnetAbortReason). */
        ABORT,
        /** The answer could not be decoded. */
        DECODE,
        /** All 256 invoke ids toward this device are in use. */
        BUSY,
        /** The client was closed, or sending failed. */
        CLOSED
    }

    private final Kind kind;
    private final long errorClass;
    private final long errorCode;
    private final int reason;

    BacnetException(Kind kind, String message, long errorClass, long errorCode, int reason) {
        super(message);
        this.kind = kind;
        this.errorClass = errorClass;
        this.errorCode = errorCode;
        this.reason = reason;
    }

    /** @return an exception of {@code kind} without error class, code or reason */
    public static BacnetException of(Kind kind, String message) {
        return new BacnetException(kind, message, -1, -1, -1);
    }

    /** @return what went wrong */
    public Kind kind() {
        return kind;
    }

    /** @return the BACnet error class for {@link Kind#ERROR}, else -1 */
    public long errorClass() {
        return errorClass;
    }

    /** @return the BACnet error code for {@link Kind#ERROR}, else -1 */
    public long errorCode() {
        return errorCode;
    }

    /** @return the reject or abort reason, else -1 */
    public int reason() {
        return reason;
    }

    /** @return whether the device answered at all (so it is reachable, whatever it said) */
    public boolean deviceAnswered() {
        return kind == Kind.ERROR || kind == Kind.REJECT || kind == Kind.ABORT || kind == Kind.DECODE;
    }
}
