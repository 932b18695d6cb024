package dev.yakata.adapter.simulator;

import dev.yakata.adapter.simulator.faults.FaultInjector;
import dev.yakata.api.adapter.DeviceAdapter;
import dev.yakata.api.adapter.DeviceContext;
import dev.yakata.api.adapter.DeviceHandler;
import dev.yakata.api.device.DeviceDefinition;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulator adapter ({@code adapter = simulator} in a device file): plays the device model named by the
 * device's {@code sim.model} property, and lets an operator inject faults into the devices it drives.
 */
@Component(service = {DeviceAdapter.class, FaultInjector.class},
        property = DeviceAdapter.ADAPTER_ID + "=" + SimulatorAdapter.ADAPTER)
public class SimulatorAdapter implements DeviceAdapter, FaultInjector {

    /** This adapter's id. */
    public static final String ADAPTER = "simulator";

    private static final Logger LOG = LoggerFactory.getLogger(SimulatorAdapter.class);

    private final ConcurrentMap<String, SimulatedDevice> openDevices = new ConcurrentHashMap<>();

    @Override
    public DeviceHandler open(DeviceDefinition device, DeviceContext context) {
        SimModel model = SimModel.of(device);
        SimulatedDevice simulation = model.create(device, context);
        SimulatedDevice previous = openDevices.put(device.id(), simulation);
        if (previous != null) {
            LOG.warn("Simulated device {} opened again before it was closed; closing the old simulation", device.id());
            previous.close();
        }
        simulation.start(() -> openDevices.remove(device.id(), simulation));
        LOG.debug("Simulated device {} opened as model {}", device.id(), model.id());
        return simulation;
    }

    @Deactivate
    void deactivate() {
        // The hub closes handlers when the adapter leaves; this only makes sure no simulation outlives the bundle.
        List.copyOf(openDevices.values()).forEach(SimulatedDevice::close);
    }

    @Override
    public SortedSet<String> simulatedDevices() {
        return new TreeSet<>(openDevices.keySet());
    }

    @Override
    public List<String> faults(String deviceId) {
        return find(deviceId).model.faults();
    }

    @Override
    public List<String> activeFaults(String deviceId) {
        return find(deviceId).activeFaults();
    }

    @Override
    public void inject(String deviceId, String fault) {
        find(deviceId).inject(fault);
    }

    @Override
    public void clear(String deviceId, String fault) {
        find(deviceId).clear(fault);
    }

    private SimulatedDevice find(String deviceId) {
        SimulatedDevice simulation = deviceId == null ? null : openDevices.get(deviceId);
        if (simulation == null) {
            SortedSet<String> known = simulatedDevices();
            throw new IllegalArgumentException("The simulator drives no device '" + deviceId + "'; "
                    + (known.isEmpty() ? "it drives none at the moment" : "simulated devices: "
                            + String.join(", ", known)));
        }
        return simulation;
    }
}
