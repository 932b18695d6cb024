package dev.yakata.adapter.simulator;

import dev.yakata.api.command.Command;
import dev.yakata.api.command.Issuer;
import dev.yakata.api.device.DeviceDefinition;
import dev.yakata.api.device.PointDefinition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
        model.signals().forEach((signal, kind) -> points.add(PointDefinition.builder(signal, kind)
                .writable(model.writableSignals().contains(signal)).address(signal).build()));
        return DeviceDefinition.builder(id, model.id(), SimulatorAdapter.ADAPTER).name(id).site("test-site")
                .floor("1F").zone("L1").points(points).properties(props).profile(model.profile()).build();
    }

    /** Who the tests' commands come from; the simulator carries the issuer, the core's policy judged it. */
    static final Issuer OPERATOR = Issuer.of("test", Issuer.Channel.SHELL, "yakata-operator");

    static Command action(DeviceDefinition device, String action, Map<String, Object> arguments) {
        return Command.action(device.id(), action, arguments, OPERATOR, "");
    }

    static Command write(DeviceDefinition device, String pointId, Object value) {
        return Command.write(device.id(), pointId, value, OPERATOR, "");
    }
}
