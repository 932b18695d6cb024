package dev.yakata.adapter.simulator;

import static org.junit.Assert.assertEquals;

import dev.yakata.testkit.RecordingDeviceContext;
import java.util.List;
import org.junit.Test;

public class FirePanelSimulationTest {

    @Test
    public void theAlarmContactFollowsTheFireFault() throws Exception {
        var device = Devices.simulated("fire.1f.panel", SimModel.FIRE_PANEL);
        try (RecordingDeviceContext context = new RecordingDeviceContext(device)) {
            SimulatedDevice panel = (SimulatedDevice) new SimulatorAdapter().open(device, context);
            context.awaitOnline();
            assertEquals(false, context.last("alarm"));
            panel.inject("fire");
            context.awaitValue("alarm", Boolean.TRUE::equals);
            panel.clear("fire");
            context.awaitValue("alarm", Boolean.FALSE::equals);
            assertEquals(List.of(false, true, false), context.history("alarm"));
            panel.close();
        }
    }
}
