package dev.yakata.adapter.simulator;

import dev.yakata.testkit.RecordingDeviceContext;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import dev.yakata.api.device.DeviceDefinition;
import dev.yakata.api.device.PointDefinition;
import dev.yakata.api.device.PointKind;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class SimulatorAdapterTest {

    private final SimulatorAdapter adapter = new SimulatorAdapter();

    private static DeviceDefinition device(Map<String, String> properties, List<PointDefinition> points) {
        return DeviceDefinition.builder("door.9f.nowhere", "door", "simulator").points(points).properties(properties)
                .build();
    }

    @Test
    public void unknownModelFailsOpenNamingTheDeviceAndTheValidModels() throws Exception {
        DeviceDefinition device = device(Map.of("sim.model", "elevator"), List.of());
        try (var context = new RecordingDeviceContext(device)) {
            var e = assertThrows(IllegalArgumentException.class, () -> adapter.open(device, context));
            assertTrue(e.getMessage(), e.getMessage().contains("door.9f.nowhere"));
            assertTrue(e.getMessage(), e.getMessage().contains("elevator"));
            assertTrue(e.getMessage(), e.getMessage().contains("door, shutter, camera, hvac, ups, power-feeds"));
        }
    }

    @Test
    public void missingModelFailsOpenSayingSo() throws Exception {
        DeviceDefinition device = device(Map.of(), List.of());
        try (var context = new RecordingDeviceContext(device)) {
            var e = assertThrows(IllegalArgumentException.class, () -> adapter.open(device, context));
            assertTrue(e.getMessage(), e.getMessage().contains("has no sim.model"));
        }
    }

    @Test
    public void pointAddressTheModelDoesNotPublishFailsOpen() throws Exception {
        DeviceDefinition device = device(Map.of("sim.model", "door"),
                List.of(PointDefinition.builder("bolt", PointKind.BINARY).address("bolt").build()));
        try (var context = new RecordingDeviceContext(device)) {
            var e = assertThrows(IllegalArgumentException.class, () -> adapter.open(device, context));
            assertTrue(e.getMessage(), e.getMessage().contains("valid addresses: locked, contact"));
        }
    }

    @Test
    public void pointsMapToSignalsByAddressAndUnmappedSignalsAreNotPublished() throws Exception {
        DeviceDefinition device = device(Map.of("sim.model", "door", "sim.tickMillis", "20"),
                List.of(PointDefinition.builder("lock-state", PointKind.BINARY).address("locked").build()));
        try (var context = new RecordingDeviceContext(device)) {
            var handler = adapter.open(device, context);
            context.awaitOnline();
            assertEquals(true, context.last("lock-state"));
            assertTrue(context.values.stream().allMatch(v -> v.pointId().equals("lock-state")));
            handler.close();
        }
    }

    @Test
    public void aProfileThatIsNotTheModelsFailsOpenNamingBoth() throws Exception {
        DeviceDefinition device = device(Map.of("sim.model", "door"), List.of()).toBuilder().profile("shutter")
                .build();
        try (var context = new RecordingDeviceContext(device)) {
            var e = assertThrows(IllegalArgumentException.class, () -> adapter.open(device, context));
            assertTrue(e.getMessage(), e.getMessage().contains("device.profile = shutter")
                    && e.getMessage().contains("sim.model = door"));
        }
    }

    @Test
    public void unknownFaultIsRefusedListingTheModelsFaults() throws Exception {
        var device = Devices.simulated("power.1f.feeds", SimModel.POWER_FEEDS);
        try (var context = new RecordingDeviceContext(device)) {
            var handler = adapter.open(device, context);
            var e = assertThrows(IllegalArgumentException.class, () -> adapter.inject("power.1f.feeds", "tamper"));
            assertTrue(e.getMessage(), e.getMessage().contains("feed-a-loss, feed-b-loss"));
            handler.close();
        }
    }

    @Test
    public void faultOnADeviceTheSimulatorDoesNotDriveIsRefusedListingItsDevices() throws Exception {
        var device = Devices.simulated("power.1f.feeds", SimModel.POWER_FEEDS);
        try (var context = new RecordingDeviceContext(device)) {
            var handler = adapter.open(device, context);
            var e = assertThrows(IllegalArgumentException.class, () -> adapter.inject("power.9f.feeds", "feed-a-loss"));
            assertTrue(e.getMessage(), e.getMessage().contains("power.1f.feeds"));

            handler.close();
            assertTrue("a closed device is forgotten", adapter.simulatedDevices().isEmpty());
            assertThrows(IllegalArgumentException.class, () -> adapter.inject("power.1f.feeds", "feed-a-loss"));
        }
    }

    @Test
    public void closeStopsTheSimulation() throws Exception {
        var device = Devices.simulated("hvac.2f.server-room", SimModel.HVAC);
        try (var context = new RecordingDeviceContext(device)) {
            var handler = adapter.open(device, context);
            context.awaitOnline();
            Thread.sleep(60);
            handler.close();
            int published = context.values.size();
            Thread.sleep(100);
            assertEquals(published, context.values.size());
        }
    }

    @Test
    public void openReturnsBeforeTheDeviceIsOnline() throws Exception {
        var device = Devices.simulated("ups.2f.server-room", SimModel.UPS, "sim.tickMillis", "1000");
        try (var context = new RecordingDeviceContext(device)) {
            long start = System.nanoTime();
            var handler = adapter.open(device, context);
            assertTrue((System.nanoTime() - start) / 1_000_000 < 500);
            context.awaitOnline();
            assertEquals(100.0, context.last("charge"));
            handler.close();
        }
    }
}
