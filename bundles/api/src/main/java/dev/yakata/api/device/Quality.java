package dev.yakata.api.device;

/** How far a point value can be trusted. */
public enum Quality {
    /** Read from the device and valid. */
    GOOD,
    /** Read, but stale, out of range or substituted. */
    UNCERTAIN,
    /** Not usable: communication lost, sensor failed, or never read. */
    BAD
}
