package dev.yakata.mqtt.client;

/** A publish or subscribe the broker or the client refused, with Paho's reason code and a sentence. */
public final class BrokerException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int reasonCode;

    public BrokerException(int reasonCode, String message) {
        super(message, null, false, false);
        this.reasonCode = reasonCode;
    }

    /** Paho's or the broker's reason code; -1 when unknown. */
    public int reasonCode() {
        return reasonCode;
    }
}
