package dev.yakata.api.device;

/** A machine-readable code that says why a device is in its state; the human-readable sentence is {@link DeviceStatus#reason()}. */
public enum StatusDetail {
    NONE,
    /** The device is starting and has not reported yet. */
    STARTING,
    /** The device's configuration file is invalid. */
    CONFIGURATION_ERROR,
    /** The adapter the device names is not installed. */
    ADAPTER_MISSING,
    /** The adapter cannot talk to the device. */
    COMMUNICATION_ERROR,
    /** The adapter threw an exception. */
    ADAPTER_ERROR,
    /** The adapter did not return within its time limit. */
    ADAPTER_TIMEOUT,
    /** The device published more events than its limit allows; its events are being dropped. */
    EVENT_FLOOD,
    /** The device itself reports a fault (feed lost, obstruction, tamper). */
    HARDWARE_FAULT,
    /** The device was removed or its adapter stopped it. */
    STOPPED
}
