package dev.yakata.adapter.onvif.internal;

import dev.yakata.api.device.DeviceDefinition;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A camera's {@code camera.*} settings from its device file (docs/cctv.md), checked when the device opens: an unknown
 * key, a URL that is not http(s), a number out of its range refuse the device with the key and the fix.
 */
record CameraSettings(Protocol protocol, URI url, String user, String password, BoundedHttp.AuthMode auth,
        Duration timeout, Duration snapshotTimeout, int snapshotMaxBytes, Duration poll, Duration backoffMax,
        Duration driftMax, boolean events, Duration pullWait, Optional<String> profileToken) {

    enum Protocol { ONVIF, HTTP }

    static final Set<String> SECRETS = Set.of("camera.password");

    private static final Set<String> KEYS = Set.of("camera.protocol", "camera.url", "camera.user", "camera.password",
            "camera.auth", "camera.timeout.millis", "camera.snapshot.timeout.millis", "camera.snapshot.max.bytes",
            "camera.poll.seconds", "camera.auth.backoff.max.seconds", "camera.drift.max.seconds", "camera.events",
            "camera.pull.seconds", "camera.profile.token");

    /** SOAP answers are small; a bigger one is a broken or hostile camera. */
    static final int SOAP_MAX_BYTES = 1 << 20;

    static CameraSettings of(DeviceDefinition device) {
        Map<String, String> p = device.properties();
        String id = device.id();
        Set<String> unknown = new TreeSet<>();
        for (String key : p.keySet()) {
            if (key.startsWith("camera.") && !KEYS.contains(key)) {
                unknown.add(key);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("camera " + id + ": unknown setting " + String.join(", ", unknown)
                    + "; the camera.* keys are " + new TreeSet<>(KEYS) + " (docs/cctv.md)");
        }
        String protocolText = p.getOrDefault("camera.protocol", "onvif").trim().toLowerCase(Locale.ROOT);
        Protocol protocol = switch (protocolText) {
            case "onvif" -> Protocol.ONVIF;
            case "http" -> Protocol.HTTP;
            default -> throw new IllegalArgumentException("camera " + id + ": camera.protocol is '" + protocolText
                    + "'; use onvif (an ONVIF camera) or http (a plain snapshot URL)");
        };
        String urlText = p.getOrDefault("camera.url", "").trim();
        if (urlText.isEmpty()) {
            throw new IllegalArgumentException("camera " + id + " has no camera.url; set it to "
                    + (protocol == Protocol.ONVIF ? "the ONVIF device service, e.g. http://10.0.4.21/onvif/device_service"
                    : "the snapshot URL, e.g. http://10.0.4.21/snapshot.jpg"));
        }
        URI url;
        try {
            url = URI.create(urlText);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("camera " + id + ": camera.url '" + urlText + "' is not a URL: " + e.getMessage());
        }
        if (!("http".equalsIgnoreCase(url.getScheme()) || "https".equalsIgnoreCase(url.getScheme())) || url.getHost() == null) {
            throw new IllegalArgumentException("camera " + id + ": camera.url '" + urlText
                    + "' must be an http:// or https:// URL with a host");
        }
        if (url.getRawUserInfo() != null) {
            throw new IllegalArgumentException("camera " + id + ": camera.url must not carry a user or password; use camera.user and camera.password");
        }
        String user = p.getOrDefault("camera.user", "").trim();
        String password = p.getOrDefault("camera.password", "");
        if (!user.isEmpty() && password.isEmpty()) {
            throw new IllegalArgumentException("camera " + id + " has camera.user but no camera.password");
        }
        String authText = p.getOrDefault("camera.auth", "digest").trim().toLowerCase(Locale.ROOT);
        BoundedHttp.AuthMode auth = switch (authText) {
            case "digest" -> BoundedHttp.AuthMode.DIGEST;
            case "basic" -> BoundedHttp.AuthMode.BASIC;
            default -> throw new IllegalArgumentException("camera " + id + ": camera.auth is '" + authText
                    + "'; use digest (default: answers the camera's digest challenge) or basic (sends the password readable: only over https or a closed camera network)");
        };
        String eventsText = p.getOrDefault("camera.events", "true").trim().toLowerCase(Locale.ROOT);
        if (!eventsText.equals("true") && !eventsText.equals("false")) {
            throw new IllegalArgumentException("camera " + id + ": camera.events is '" + eventsText + "'; use true or false");
        }
        String token = p.getOrDefault("camera.profile.token", "").trim();
        return new CameraSettings(protocol, url, user, password, auth,
                Duration.ofMillis(number(p, id, "camera.timeout.millis", 3000, 100, 60_000)),
                Duration.ofMillis(number(p, id, "camera.snapshot.timeout.millis", 3000, 100, 60_000)),
                (int) number(p, id, "camera.snapshot.max.bytes", 4L << 20, 1024, 32L << 20),
                Duration.ofSeconds(number(p, id, "camera.poll.seconds", 10, 1, 3600)),
                Duration.ofSeconds(number(p, id, "camera.auth.backoff.max.seconds", 300, 1, 86_400)),
                Duration.ofSeconds(number(p, id, "camera.drift.max.seconds", 5, 1, 86_400)),
                eventsText.equals("true"),
                Duration.ofSeconds(number(p, id, "camera.pull.seconds", 10, 1, 60)),
                token.isEmpty() ? Optional.empty() : Optional.of(token));
    }

    private static long number(Map<String, String> p, String id, String key, long fallback, long min, long max) {
        String text = p.get(key);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        long value;
        try {
            value = Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("camera " + id + ": " + key + " is '" + text.trim() + "', not a whole number ("
                    + min + " to " + max + ", default " + fallback + ")");
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException("camera " + id + ": " + key + " = " + value + " is out of range; use "
                    + min + " to " + max + " (default " + fallback + ")");
        }
        return value;
    }
}
