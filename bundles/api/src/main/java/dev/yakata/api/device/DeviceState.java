package dev.yakata.api.device;

/** The coarse state of a device, as a building manager reads it on a dashboard. */
public enum DeviceState {
    /** Configured, adapter present, communicating. */
    ONLINE,
    /** Not communicating for an expected reason: the adapter is absent, the peer is unreachable, the device is starting. */
    OFFLINE,
    /** Something is wrong that needs a person: broken configuration, an adapter that threw or hung, a hardware fault. */
    FAULT,
    /** Nothing is known yet. */
    UNKNOWN
}
