package dev.yakata.alarms.rules;

/** An operator's alarm command that cannot be done as asked: the message says why and what to do. */
public final class RefusedOperation extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RefusedOperation(String message) {
        super(message);
    }
}
