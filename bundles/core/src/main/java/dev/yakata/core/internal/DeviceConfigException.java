package dev.yakata.core.internal;

/** A device configuration that cannot be used; the message names the file, the key and the fix. */
final class DeviceConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    DeviceConfigException(String message) {
        super(message);
    }
}
