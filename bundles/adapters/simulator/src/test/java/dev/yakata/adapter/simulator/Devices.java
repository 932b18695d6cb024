package dev.yakata.adapter.simulator;

import dev.yakata.api.device.DeviceDefinition;
import dev.yakata.api.device.PointDefinition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Device definitions for tests: every signal of a model mapped to a point of the same id. */
final class Devices {

    private Devices() {
    }

    static DeviceDefinition simulated(String id, SimModel model, String... properties) {
        Map<String, String> props = new HashMap<>();
        props.put(SimModel.MODEL_PROPERTY, model.id());
        props.put("sim.tickMillis", "20");
        props.put("sim.seed", "42");
        for (int i = 0; i < properties.length; i += 2) {
            props.put(properties[i], properties[i + 1]);
        }
        List<PointDefinition> points = new ArrayList<>();
        model.signals().forEach((signal, kind) -> points.add(new PointDefinition(signal, kind, "",
                model.writableSignals().contains(signal), Set.of(), signal)));
        return new DeviceDefinition(id, model.id(), SimulatorAdapter.ADAPTER, id, "test-site", "1F", "L1", points,
                props);
    }
}
