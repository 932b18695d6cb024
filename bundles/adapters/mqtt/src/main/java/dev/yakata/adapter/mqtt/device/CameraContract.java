package dev.yakata.adapter.mqtt.device;

import com.fasterxml.jackson.databind.JsonNode;
import dev.yakata.api.event.EventTypes;
import dev.yakata.api.event.Severity;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The contract for network cameras that publish their analytics events (docs/mqtt.md): on {@code <base>/event} a
 * JSON object {@code {"event": "motion"|"tamper"|"video-loss", "active": true|false, "region": "..."}}.
 * Motion becomes {@code camera.motion}; tamper an ALARM and the device FAULT (HARDWARE_FAULT) until cleared, as a
 * covered or turned camera is no longer watching its entrance; video loss an ALARM and {@code video-ok = false}.
 * The region, when the camera names one, is also the event's subject, so a consumer can tell one camera's regions apart.
 */
final class CameraContract {

    /** Points this contract feeds when the device declares them. */
    static final Set<String> POINTS = Set.of("motion", "tamper", "video-ok");
    static final String TAMPER_CLEARED = "camera.tamper-cleared";
    static final String VIDEO_LOSS = "camera.video-loss";
    static final String VIDEO_RESTORED = "camera.video-restored";

    private CameraContract() {
    }

    static Set<String> addTo(DeviceMapping mapping, MqttDevice device) {
        mapping.onMessage(device.settings().baseTopic() + "/event", (topic, payload) -> event(device, Payloads.parse(payload)));
        return POINTS;
    }

    private static void event(MqttDevice device, JsonNode json) throws PayloadException {
        String event = Payloads.text(json, "event");
        JsonNode activeNode = json.get("active");
        if (activeNode == null || !activeNode.isBoolean()) {
            throw new PayloadException("camera event needs 'active' (true or false)");
        }
        boolean active = activeNode.asBoolean();
        Map<String, Object> data = new LinkedHashMap<>();
        String region = Payloads.text(json, "region");
        if (region != null) {
            data.put("region", region);
        }
        String subject = region == null ? "" : region;
        var context = device.context();
        String id = context.device().id();
        switch (event == null ? "" : event) {
            case "motion" -> {
                device.publishIfDeclared("motion", active);
                if (active) {
                    context.event(EventTypes.CAMERA_MOTION).data(data).subject(subject).publish();
                }
            }
            case "tamper" -> {
                device.publishIfDeclared("tamper", active);
                data.put("message", "camera " + id + (active ? " reports tampering (covered, moved or opened)" : " no longer reports tampering"));
                context.event(active ? EventTypes.CAMERA_TAMPER : TAMPER_CLEARED)
                        .severity(active ? Severity.ALARM : Severity.INFO).data(data).subject(subject).publish();
                device.hardwareFault(active ? "the camera reports tampering (covered, moved or opened)" : null);
            }
            case "video-loss" -> {
                device.publishIfDeclared("video-ok", !active);
                data.put("message", "camera " + id + (active ? " lost its video signal" : " has video again"));
                context.event(active ? VIDEO_LOSS : VIDEO_RESTORED)
                        .severity(active ? Severity.ALARM : Severity.INFO).data(data).subject(subject).publish();
            }
            default -> throw new PayloadException("'event' is " + (event == null ? "missing" : "'" + event + "'")
                    + ", not 'motion', 'tamper' or 'video-loss'");
        }
    }
}
