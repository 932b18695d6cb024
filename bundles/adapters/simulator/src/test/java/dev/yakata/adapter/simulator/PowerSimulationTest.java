package dev.yakata.adapter.simulator;

import dev.yakata.testkit.RecordingDeviceContext;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.yakata.api.event.EventTypes;
import dev.yakata.api.event.Severity;
import java.util.List;
import org.junit.Test;

public class PowerSimulationTest {

    private final SimulatorAdapter adapter = new SimulatorAdapter();

    @Test
    public void losingOneFeedLosesRedundancyWhileTheLoadStaysPoweredAndRaisesNoAlarmOfItsOwn() throws Exception {
        var device = Devices.simulated("power.2f.feeds", SimModel.POWER_FEEDS);
        try (var context = new RecordingDeviceContext(device)) {
            var feeds = (SimulatedDevice) adapter.open(device, context);
            context.awaitOnline();

            feeds.inject("feed-a-loss");

            context.awaitValue("redundancy-ok", Boolean.FALSE::equals);
            assertEquals(false, context.last("feed-a"));
            assertEquals(true, context.last("load-powered"));
            assertEquals(false, context.last("redundancy-ok"));

            feeds.clear("feed-a-loss");
            context.awaitValue("redundancy-ok", Boolean.TRUE::equals);
            assertEquals(true, context.last("feed-a"));
            // alarms are the hub's engine's, from these points: a device announcing its own would double them
            assertTrue(context.events(EventTypes.ALARM_RAISED).isEmpty());
            assertTrue(context.events(EventTypes.ALARM_CLEARED).isEmpty());
            feeds.close();
        }
    }

    @Test
    public void losingBothFeedsUnpowersTheLoad() throws Exception {
        var device = Devices.simulated("power.3f.feeds", SimModel.POWER_FEEDS);
        try (var context = new RecordingDeviceContext(device)) {
            var feeds = (SimulatedDevice) adapter.open(device, context);
            context.awaitOnline();
            feeds.inject("feed-a-loss");
            feeds.inject("feed-b-loss");
            context.awaitValue("load-powered", Boolean.FALSE::equals);
            assertEquals(false, context.last("feed-b"));
            feeds.close();
        }
    }

    @Test
    public void aCommunicationsFeedCanBeTakenDownAndBroughtBackLikeAPowerFeed() throws Exception {
        var device = Devices.simulated("comms.2f.feeds", SimModel.POWER_FEEDS);
        try (var context = new RecordingDeviceContext(device)) {
            var feeds = (SimulatedDevice) adapter.open(device, context);
            context.awaitOnline();
            feeds.inject("feed-a-loss");
            context.awaitValue("feed-a", Boolean.FALSE::equals);
            assertEquals(true, context.last("load-powered"));
            assertEquals(false, context.last("redundancy-ok"));
            feeds.clear("feed-a-loss");
            context.awaitValue("feed-a", Boolean.TRUE::equals);
            feeds.close();
        }
    }

    @Test
    public void upsRuntimeLeftFallsAsTheBatteryDrains() throws Exception {
        var device = Devices.simulated("ups.2f.server-room", SimModel.UPS, "sim.runtimeSeconds", "6");
        try (var context = new RecordingDeviceContext(device)) {
            var ups = (SimulatedDevice) adapter.open(device, context);
            context.awaitOnline();
            double full = (Double) context.last("runtime-left");
            assertTrue("a full battery gives about the configured runtime: " + full, full > 0.07 && full < 0.13);
            ups.inject("feed-loss");
            context.awaitValue("runtime-left", r -> (Double) r < full / 2);
            ups.close();
        }
    }

    @Test
    public void upsGoesOnBatteryAndDrainsWhenItsFeedIsLost() throws Exception {
        var device = Devices.simulated("ups.2f.server-room", SimModel.UPS, "sim.runtimeSeconds", "1");
        try (var context = new RecordingDeviceContext(device)) {
            var ups = (SimulatedDevice) adapter.open(device, context);
            context.awaitOnline();
            ups.inject("feed-loss");
            context.awaitValue("on-battery", Boolean.TRUE::equals);
            context.awaitValue("charge", c -> (Double) c < 90);
            ups.clear("feed-loss");
            context.awaitValue("on-battery", Boolean.FALSE::equals);
            ups.close();
        }
    }

    @Test
    public void motionIsAnEventAndAOneTickPulseOfTheMotionPoint() throws Exception {
        var device = Devices.simulated("camera.1f.main-entrance", SimModel.CAMERA, "sim.motionEverySeconds", "0.05");
        try (var context = new RecordingDeviceContext(device)) {
            var camera = (SimulatedDevice) adapter.open(device, context);
            context.awaitOnline();
            context.awaitEvent(EventTypes.CAMERA_MOTION);
            context.await("motion seen and over", () -> {
                List<Object> history = context.history("motion");
                return history.contains(true) && Boolean.FALSE.equals(history.get(history.size() - 1));
            });
            camera.close();
        }
    }

    @Test
    public void tamperedCameraLosesVideoAndRaisesTamper() throws Exception {
        var device = Devices.simulated("camera.1f.main-entrance", SimModel.CAMERA);
        try (var context = new RecordingDeviceContext(device)) {
            var camera = (SimulatedDevice) adapter.open(device, context);
            context.awaitOnline();
            assertEquals(true, context.last("recording"));
            camera.inject("tamper");
            assertEquals(Severity.ALARM, context.awaitEvent(EventTypes.CAMERA_TAMPER).severity());
            assertEquals(false, context.last("video-ok"));
            assertEquals(true, context.last("tamper"));
            assertTrue(context.events(EventTypes.CAMERA_MOTION).isEmpty());
            camera.clear("tamper");
            context.awaitValue("tamper", false);
            assertEquals(true, context.last("video-ok"));
            camera.close();
        }
    }
}
