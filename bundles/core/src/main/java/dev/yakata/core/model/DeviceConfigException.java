package dev.yakata.core.model;

/** A device configuration that cannot be used; the message names the file, the key and the fix. */
public final class DeviceConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    public DeviceConfigException(String message) {
        super(message);
    }
}
