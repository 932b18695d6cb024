package dev.yakata.adapter.simulator.faults;

import java.util.List;
import java.util.SortedSet;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Injects and clears faults on the simulator's open devices. The simulator component registers it so that its shell
 * command ({@code yakata:sim-fault}, a bundle of its own that installs only where the Karaf shell is) can reach the
 * adapter.
 */
@ProviderType
public interface FaultInjector {

    /** Ids of the devices the simulator currently drives. */
    SortedSet<String> simulatedDevices();

    /**
     * The faults a device's model accepts.
     *
     * @throws IllegalArgumentException when the simulator drives no device with that id
     */
    List<String> faults(String deviceId);

    /** The faults now active on a device, in injection order. */
    List<String> activeFaults(String deviceId);

    /**
     * Injects a fault; injecting an active fault does nothing.
     *
     * @throws IllegalArgumentException naming the valid devices or faults, when either is unknown
     */
    void inject(String deviceId, String fault);

    /**
     * Clears a fault; clearing an inactive fault does nothing.
     *
     * @throws IllegalArgumentException naming the valid devices or faults, when either is unknown
     */
    void clear(String deviceId, String fault);
}
