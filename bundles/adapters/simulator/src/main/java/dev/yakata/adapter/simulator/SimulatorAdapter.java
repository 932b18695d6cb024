package dev.yakata.adapter.simulator;

import dev.yakata.adapter.simulator.faults.FaultInjector;
import dev.yakata.adapter.simulator.onvif.SimulatedOnvifCamera;
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
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulator adapter ({@code adapter = simulator} in a device file): plays the device model named by the
 * device's {@code sim.model} property, and lets an operator inject faults into the devices it drives and into the
 * demo's simulated ONVIF cameras ({@link SimulatedOnvifCamera}, which the onvif adapter drives, not this one).
 */
@Component(service = {DeviceAdapter.class, FaultInjector.class},
        property = DeviceAdapter.ADAPTER_ID + "=" + SimulatorAdapter.ADAPTER)
public class SimulatorAdapter implements DeviceAdapter, FaultInjector {

    /** This adapter's id. */
    public static final String ADAPTER = "simulator";

    private static final Logger LOG = LoggerFactory.getLogger(SimulatorAdapter.class);

    private final ConcurrentMap<String, SimulatedDevice> openDevices = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, SimulatedOnvifCamera> onvifCameras = new ConcurrentHashMap<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindOnvifCamera(SimulatedOnvifCamera camera) {
        onvifCameras.put(camera.deviceId(), camera);
    }

    void unbindOnvifCamera(SimulatedOnvifCamera camera) {
        onvifCameras.remove(camera.deviceId(), camera);
    }

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
        SortedSet<String> ids = new TreeSet<>(openDevices.keySet());
        ids.addAll(onvifCameras.keySet());
        return ids;
    }

    @Override
    public List<String> faults(String deviceId) {
        SimulatedOnvifCamera camera = onvifCamera(deviceId);
        return camera != null ? camera.faults() : find(deviceId).model.faults();
    }

    @Override
    public List<String> activeFaults(String deviceId) {
        SimulatedOnvifCamera camera = onvifCamera(deviceId);
        return camera != null ? camera.activeFaults() : find(deviceId).activeFaults();
    }

    @Override
    public void inject(String deviceId, String fault) {
        SimulatedOnvifCamera camera = onvifCamera(deviceId);
        if (camera != null) {
            camera.inject(fault);
        } else {
            find(deviceId).inject(fault);
        }
    }

    @Override
    public void clear(String deviceId, String fault) {
        SimulatedOnvifCamera camera = onvifCamera(deviceId);
        if (camera != null) {
            camera.clear(fault);
        } else {
            find(deviceId).clear(fault);
        }
    }

    /** The simulated ONVIF camera playing that device, unless a simulated device of that id is open. */
    private SimulatedOnvifCamera onvifCamera(String deviceId) {
        return deviceId == null || openDevices.containsKey(deviceId) ? null : onvifCameras.get(deviceId);
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
