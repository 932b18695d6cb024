package dev.yakata.access.internal;

/** An operator's command that cannot be carried out as asked; its message says what to give instead. */
final class RejectedInput extends RuntimeException {

    private static final long serialVersionUID = 1L;

    RejectedInput(String message) {
        super(message, null, false, false); // an expected refusal: no stack trace to fill
    }
}
