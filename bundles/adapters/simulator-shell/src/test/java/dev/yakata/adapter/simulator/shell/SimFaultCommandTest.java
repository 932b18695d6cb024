package dev.yakata.adapter.simulator.shell;

import static org.junit.Assert.assertTrue;

import dev.yakata.adapter.simulator.SimModel;
import dev.yakata.adapter.simulator.SimulatorAdapter;
import dev.yakata.api.device.DeviceDefinition;
import dev.yakata.api.device.PointDefinition;
import dev.yakata.testkit.RecordingDeviceContext;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/** yakata:sim-fault against the real simulator, through its FaultInjector service as the shell would call it. */
public class SimFaultCommandTest {

    private final SimulatorAdapter adapter = new SimulatorAdapter();

    @Test
    public void theSimFaultCommandInjectsAndClearsAndListsWhatIsActive() throws Exception {
        var device = shutter("shutter.1f.counter-1");
        try (var context = new RecordingDeviceContext(device)) {
            var handler = adapter.open(device, context);
            context.awaitOnline();
            String injected = runSimFault("shutter.1f.counter-1", "obstruction", false);
            assertTrue(injected, injected.contains("Injected obstruction on shutter.1f.counter-1; active faults: "
                    + "obstruction"));
            context.awaitValue("obstruction", true);
            String cleared = runSimFault("shutter.1f.counter-1", "obstruction", true);
            assertTrue(cleared, cleared.contains("active faults: none"));
            context.awaitValue("obstruction", false);
            handler.close();
        }
    }

    /** A simulated shutter with every signal of the model mapped to a point of the same id. */
    private static DeviceDefinition shutter(String id) {
        SimModel model = SimModel.SHUTTER;
        List<PointDefinition> points = new ArrayList<>();
        model.signals().forEach((signal, kind) -> points.add(PointDefinition.builder(signal, kind)
                .writable(model.writableSignals().contains(signal)).address(signal).build()));
        return DeviceDefinition.builder(id, model.id(), SimulatorAdapter.ADAPTER).name(id).site("test-site")
                .floor("1F").zone("L1").points(points).profile(model.profile())
                .properties(Map.of(SimModel.MODEL_PROPERTY, model.id(), "sim.tickMillis", "20", "sim.seed", "42"))
                .build();
    }

    private String runSimFault(String deviceId, String fault, boolean clear) throws Exception {
        var command = new SimFaultCommand();
        command.injector = adapter;
        command.deviceId = deviceId;
        command.fault = fault;
        command.clear = clear;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            command.execute();
        } finally {
            System.setOut(original);
        }
        return printed.toString(StandardCharsets.UTF_8);
    }
}
