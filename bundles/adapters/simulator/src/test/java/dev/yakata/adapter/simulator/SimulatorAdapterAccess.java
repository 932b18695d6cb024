package dev.yakata.adapter.simulator;

import dev.yakata.adapter.simulator.onvif.SimulatedOnvifCamera;

/** Binds simulated ONVIF cameras to a simulator adapter as DS would, for the camera tests of another package. */
public final class SimulatorAdapterAccess {

    private final SimulatorAdapter adapter = new SimulatorAdapter();

    public SimulatorAdapter adapter() {
        return adapter;
    }

    public void bind(SimulatedOnvifCamera camera) {
        adapter.bindOnvifCamera(camera);
    }
}
