package dev.yakata.adapter.simulator;

import dev.yakata.testkit.RecordingDeviceContext;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;

import java.util.List;
import org.junit.Test;

public class LoadSimulationTest {

    private final SimulatorAdapter adapter = new SimulatorAdapter();

    @Test
    public void eachOpeningIsARunOfEventsNumberedFromOneWithoutGaps() throws Exception {
        var device = Devices.simulated("load.1", SimModel.LOAD, "sim.eventsPerTick", "5");
        String firstRun = null;
        for (int opening = 0; opening < 2; opening++) {
            try (var context = new RecordingDeviceContext(device)) {
                var load = adapter.open(device, context);
                long deadline = System.nanoTime() + 5_000_000_000L;
                while (context.events.size() < 50 && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                load.close();
                List<RecordingDeviceContext.Event> events = List.copyOf(context.events);
                String run = (String) events.get(0).data().get("run");
                for (int i = 0; i < events.size(); i++) {
                    assertEquals(LoadSimulation.EVENT_TYPE, events.get(i).type());
                    assertEquals(run, events.get(i).data().get("run"));
                    assertEquals(i + 1L, events.get(i).data().get("seq"));
                }
                if (firstRun != null) {
                    assertNotEquals("a new opening is a new run", firstRun, run);
                }
                firstRun = run;
            }
        }
    }
}
