package dev.yakata.adapter.bacnet.codec;

/**
 * The only exception the decoders throw: the bytes are not a valid encoding of what was asked for. The message says
 * what was wrong and at which offset, so a log line names the cause without a packet dump.
 */
public final class DecodeException extends Exception {

    private static final long serialVersionUID = 1L;

    /** @param message what is wrong with the input, including where */
    public DecodeException(String message) {
        super(message);
    }
}
