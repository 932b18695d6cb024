package dev.yakata.adapter.simulator;

import dev.yakata.api.adapter.DeviceContext;
import dev.yakata.api.device.DeviceDefinition;

/**
 * The dry contact a fire alarm panel gives access control: {@code alarm} is false until the fault {@code fire} is
 * injected and false again when it is cleared. What the doors do about it is the hub's fire release.
 */
final class FirePanelSimulation extends SimulatedDevice {

    FirePanelSimulation(DeviceDefinition device, DeviceContext context) {
        super(SimModel.FIRE_PANEL, device, context);
    }

    @Override
    protected void publishInitialValues() {
        publish("alarm", false);
    }

    @Override
    protected void tick() {
    }

    @Override
    protected void faultInjected(String fault) {
        publish("alarm", true);
    }

    @Override
    protected void faultCleared(String fault) {
        publish("alarm", false);
    }
}
