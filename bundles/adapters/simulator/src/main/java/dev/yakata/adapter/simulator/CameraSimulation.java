package dev.yakata.adapter.simulator;

import dev.yakata.api.adapter.DeviceContext;
import dev.yakata.api.device.DeviceDefinition;
import dev.yakata.api.event.EventTypes;
import dev.yakata.api.event.Severity;
import java.util.Map;

/**
 * An entrance camera, playing the camera profile: always recording, with occasional motion ({@code camera.motion}
 * and the {@code motion} signal true for one tick) and a tamper fault that loses the picture ({@code tamper} true,
 * {@code video-ok}, the profile's online role, false).
 */
final class CameraSimulation extends SimulatedDevice {

    static final String MOTION_EVERY_SECONDS = "sim.motionEverySeconds";

    private final double motionEverySeconds;
    private boolean motionSeen;

    CameraSimulation(DeviceDefinition device, DeviceContext context) {
        super(SimModel.CAMERA, device, context);
        this.motionEverySeconds = nonNegativeDouble(MOTION_EVERY_SECONDS, 0);
    }

    @Override
    protected void publishInitialValues() {
        publish("recording", true);
        publish("video-ok", true);
        publish("tamper", false);
        publish("motion", false);
    }

    @Override
    protected void tick() {
        if (motionSeen) {
            motionSeen = false;
            publish("motion", false);
        }
        if (!hasFault("tamper") && happensThisTick(motionEverySeconds)) {
            motionSeen = true;
            publish("motion", true);
            event(EventTypes.CAMERA_MOTION, Severity.INFO, Map.of("region", random.nextBoolean() ? "door" : "approach",
                    "confidence", 0.6 + Math.round(random.nextDouble() * 39) / 100.0));
        }
    }

    @Override
    protected void faultInjected(String fault) {
        String message = "camera " + device.id() + " was covered, moved or cut; its picture is lost";
        publish("video-ok", false);
        publish("tamper", true);
        event(EventTypes.CAMERA_TAMPER, Severity.ALARM, Map.of("message", message));
        reportHardwareFault(message);
    }

    @Override
    protected void faultCleared(String fault) {
        publish("video-ok", true);
        publish("tamper", false);
        reportRepaired();
    }
}
