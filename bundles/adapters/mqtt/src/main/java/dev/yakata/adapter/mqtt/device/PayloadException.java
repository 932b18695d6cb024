package dev.yakata.adapter.mqtt.device;

/** A message whose payload does not fit the mapping: the sentence says what was expected and what came. */
final class PayloadException extends Exception {

    private static final long serialVersionUID = 1L;

    PayloadException(String message) {
        super(message, null, false, false);
    }
}
