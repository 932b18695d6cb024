package com.example.shutterworks.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.yakata.api.device.DeviceDefinition;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ControllerSettingsTest {

    private static DeviceDefinition device(Map<String, String> properties) {
        return DeviceDefinition.builder("shutter.test", "shutter", "shutterworks").properties(properties).build();
    }

    @Test
    void defaultsApplyToWhatTheFileLeavesOut() {
        ControllerSettings s = ControllerSettings.of(device(Map.of("controller.host", "10.0.5.31", "controller.password", "pw")));
        assertEquals("10.0.5.31:7700", s.address());
        assertEquals(Duration.ofMillis(3000), s.replyTimeout());
        assertEquals(Duration.ofMillis(5000), s.heartbeat());
        assertEquals(Duration.ofMillis(500), s.reconnectMin());
        assertEquals(Duration.ofMillis(10_000), s.reconnectMax());
    }

    @Test
    void aMissingHostNamesTheKeyToSet() {
        String why = assertThrows(IllegalArgumentException.class,
                () -> ControllerSettings.of(device(Map.of("controller.password", "pw")))).getMessage();
        assertTrue(why.startsWith("shutter shutter.test has no controller.host; set it to"), why);
    }

    @Test
    void anUnknownControllerKeyIsRefusedWithTheKnownOnes() {
        String why = assertThrows(IllegalArgumentException.class, () -> ControllerSettings.of(device(Map.of(
                "controller.host", "h", "controller.password", "pw", "controller.prot", "7700")))).getMessage();
        assertTrue(why.contains("unknown setting controller.prot; the controller.* keys are"), why);
    }

    @Test
    void aNumberOutOfRangeSaysTheRange() {
        String why = assertThrows(IllegalArgumentException.class, () -> ControllerSettings.of(device(Map.of(
                "controller.host", "h", "controller.password", "pw", "controller.port", "70000")))).getMessage();
        assertEquals("shutter shutter.test: controller.port = 70000 is out of range; use 1 to 65535 (default 7700)", why);
    }

    @Test
    void thePasswordIsASecretAndNeverPrinted() {
        ControllerSettings s = ControllerSettings.of(device(Map.of("controller.host", "h", "controller.password", "hunter2")));
        assertFalse(s.toString().contains("hunter2"), s.toString());
        assertEquals(java.util.Set.of("controller.password"), new ShutterWorksAdapter().secretSettings());
    }
}
