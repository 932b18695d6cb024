package dev.yakata.adapter.onvif.snapshot;

import java.time.Instant;
import java.util.Objects;

/**
 * One JPEG picture from a camera, checked to start with FF D8 and end with FF D9.
 *
 * @param deviceId    the camera's device id
 * @param jpeg        the picture's bytes (a copy is the caller's to keep)
 * @param receivedAt  when the hub had the whole body, by the hub's clock
 * @param fetchMillis how long the fetch took, from the first request to the last byte
 */
public record Snapshot(String deviceId, byte[] jpeg, Instant receivedAt, long fetchMillis) {

    public Snapshot {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(jpeg, "jpeg");
        Objects.requireNonNull(receivedAt, "receivedAt");
    }

    /** The picture's media type, always {@code image/jpeg}. */
    public String contentType() {
        return "image/jpeg";
    }
}
