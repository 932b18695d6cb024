package dev.yakata.adapter.simulator;

import dev.yakata.api.adapter.DeviceContext;
import dev.yakata.api.device.DeviceDefinition;
import dev.yakata.api.event.EventTypes;
import dev.yakata.api.event.Severity;
import java.util.Map;

/** An entrance camera: always recording, with occasional motion and a tamper fault that loses the picture. */
final class CameraSimulation extends SimulatedDevice {

    static final String MOTION_EVERY_SECONDS = "sim.motionEverySeconds";

    private final double motionEverySeconds;

    CameraSimulation(DeviceDefinition device, DeviceContext context) {
        super(SimModel.CAMERA, device, context);
        this.motionEverySeconds = nonNegativeDouble(MOTION_EVERY_SECONDS, 0);
    }

    @Override
    protected void publishInitialValues() {
        publish("recording", true);
        publish("video-ok", true);
    }

    @Override
    protected void tick() {
        if (!hasFault("tamper") && happensThisTick(motionEverySeconds)) {
            event(EventTypes.CAMERA_MOTION, Severity.INFO, Map.of("region", random.nextBoolean() ? "door" : "approach",
                    "confidence", 0.6 + Math.round(random.nextDouble() * 39) / 100.0));
        }
    }

    @Override
    protected void faultInjected(String fault) {
        String message = "camera " + device.id() + " was covered, moved or cut; its picture is lost";
        publish("video-ok", false);
        event(EventTypes.CAMERA_TAMPER, Severity.ALARM, Map.of("message", message));
        reportHardwareFault(message);
    }

    @Override
    protected void faultCleared(String fault) {
        publish("video-ok", true);
        reportRepaired();
    }
}
