package dev.yakata.adapter.simulator;

import java.util.List;
import java.util.SortedSet;

/**
 * Injects and clears faults on the simulator's open devices. Internal to this bundle: the simulator component
 * registers it so that the shell command ({@code yakata:sim-fault}) can reach the adapter.
 */
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
