package dev.yakata.adapter.simulator;

import dev.yakata.api.adapter.DeviceContext;
import dev.yakata.api.device.DeviceDefinition;
import dev.yakata.api.device.PointKind;
import dev.yakata.api.profile.Profiles;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/**
 * The kinds of device the simulator can play, chosen per device by the {@code sim.model} property. Each model names
 * the signals it publishes (a device file maps a point to a signal through the point's {@code address}), the faults
 * that can be injected into it, the actions it executes and the signals that accept writes. A model plays the
 * hub's profile of the same name ({@code door}, {@code shutter}, ...): its actions are the profile's, and its signals
 * are the points a device file maps onto the profile's roles.
 */
public enum SimModel {

    DOOR("door",
            signals("locked", PointKind.BINARY, "contact", PointKind.BINARY),
            List.of("forced", "held-open"), List.of(Profiles.UNLOCK, Profiles.LOCK, DoorSimulation.SWIPE), Set.of(),
            DoorSimulation::new),
    SHUTTER("shutter",
            signals("position", PointKind.ANALOG, "state", PointKind.TEXT, "obstruction", PointKind.BINARY,
                    "closed", PointKind.BINARY),
            List.of("obstruction", "jammed", "stuck"), List.of(Profiles.OPEN, Profiles.CLOSE, Profiles.STOP), Set.of(),
            ShutterSimulation::new),
    CAMERA("camera",
            signals("recording", PointKind.BINARY, "video-ok", PointKind.BINARY, "tamper", PointKind.BINARY,
                    "motion", PointKind.BINARY),
            List.of("tamper"), List.of(), Set.of(), CameraSimulation::new),
    HVAC("hvac",
            signals("supply-temp", PointKind.ANALOG, "return-temp", PointKind.ANALOG, "humidity", PointKind.ANALOG,
                    "setpoint", PointKind.ANALOG, "crac-status", PointKind.MULTISTATE),
            List.of("temperature-rise"), List.of(), Set.of("setpoint"), HvacSimulation::new),
    UPS("ups",
            signals("on-battery", PointKind.BINARY, "charge", PointKind.ANALOG, "load", PointKind.ANALOG,
                    "runtime-left", PointKind.ANALOG),
            List.of("feed-loss"), List.of(), Set.of(), UpsSimulation::new),
    POWER_FEEDS("power-feeds",
            signals("feed-a", PointKind.BINARY, "feed-b", PointKind.BINARY, "load-powered", PointKind.BINARY,
                    "redundancy-ok", PointKind.BINARY),
            List.of("feed-a-loss", "feed-b-loss"), List.of(), Set.of(), PowerFeedsSimulation::new),
    /**
     * A fire alarm panel's output to access control: {@code alarm} true while the panel is in alarm (fault
     * {@code fire}). No hub profile: the access files name the point that releases the doors.
     */
    FIRE_PANEL("fire-panel", signals("alarm", PointKind.BINARY), List.of("fire"), List.of(), Set.of(), FirePanelSimulation::new),
    /** Not a building device: a steady source of numbered events for soak, outage and load tests of what consumes the bus. */
    LOAD("load", Map.of(), List.of(), List.of(), Set.of(), LoadSimulation::new);

    /** The device property that selects the model. */
    public static final String MODEL_PROPERTY = "sim.model";

    private final String id;
    private final Map<String, PointKind> signals;
    private final List<String> faults;
    private final List<String> actions;
    private final Set<String> writableSignals;
    private final BiFunction<DeviceDefinition, DeviceContext, SimulatedDevice> factory;

    SimModel(String id, Map<String, PointKind> signals, List<String> faults, List<String> actions,
            Set<String> writableSignals, BiFunction<DeviceDefinition, DeviceContext, SimulatedDevice> factory) {
        this.id = id;
        this.signals = signals;
        this.faults = faults;
        this.actions = actions;
        this.writableSignals = writableSignals;
        this.factory = factory;
    }

    /** The hub profile this model plays, or empty for {@link #LOAD} and {@link #FIRE_PANEL}, which have none. */
    public String profile() {
        return this == LOAD || this == FIRE_PANEL ? "" : id;
    }

    /** The value of {@code sim.model} that selects this model. */
    public String id() {
        return id;
    }

    /** The signals this model publishes, in a stable order, with the kind of value each carries. */
    public Map<String, PointKind> signals() {
        return signals;
    }

    /** The faults {@code yakata:sim-fault} can inject into a device of this model. */
    public List<String> faults() {
        return faults;
    }

    /** The device-level actions a device of this model executes (besides {@code write}). */
    public List<String> actions() {
        return actions;
    }

    /** The signals that accept {@code write} commands. */
    public Set<String> writableSignals() {
        return writableSignals;
    }

    /** Every valid value of {@code sim.model}, comma separated, for error messages. */
    public static String validIds() {
        return Arrays.stream(values()).map(SimModel::id).collect(Collectors.joining(", "));
    }

    /**
     * The model a device file asks for.
     *
     * @throws IllegalArgumentException naming the device and the valid values when {@code sim.model} is missing or
     *                                  unknown
     */
    public static SimModel of(DeviceDefinition device) {
        String wanted = device.property(MODEL_PROPERTY, "").trim();
        for (SimModel model : values()) {
            if (model.id.equals(wanted)) {
                if (!device.profile().isEmpty() && !device.profile().equals(model.profile())) {
                    throw new IllegalArgumentException("Simulated device " + device.id() + " names device.profile = "
                            + device.profile() + " but plays " + MODEL_PROPERTY + " = " + wanted + ", which is the "
                            + (model.profile().isEmpty() ? "no" : model.profile()) + " profile; make them agree");
                }
                return model;
            }
        }
        String problem = wanted.isEmpty() ? "has no " + MODEL_PROPERTY : "has " + MODEL_PROPERTY + " = " + wanted
                + ", which the simulator does not know";
        throw new IllegalArgumentException("Simulated device " + device.id() + " " + problem + "; set "
                + MODEL_PROPERTY + " to one of: " + validIds());
    }

    SimulatedDevice create(DeviceDefinition device, DeviceContext context) {
        return factory.apply(device, context);
    }

    private static Map<String, PointKind> signals(Object... namesAndKinds) {
        Map<String, PointKind> result = new LinkedHashMap<>();
        for (int i = 0; i < namesAndKinds.length; i += 2) {
            result.put((String) namesAndKinds[i], (PointKind) namesAndKinds[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(result);
    }
}
