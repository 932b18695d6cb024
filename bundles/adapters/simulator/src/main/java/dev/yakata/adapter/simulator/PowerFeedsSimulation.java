package dev.yakata.adapter.simulator;

import dev.yakata.api.adapter.DeviceContext;
import dev.yakata.api.device.DeviceDefinition;

/**
 * A floor's two redundant power feeds, A and B. The load is powered while either is energised; redundancy holds only
 * while both are. It reports the feeds as points only; the hub's alarm engine raises {@code redundancy-lost} while
 * one is down and the load is supplied, and the higher alarm when both are (etc/alarms/redundancy.cfg).
 */
final class PowerFeedsSimulation extends SimulatedDevice {

    private boolean feedA = true;
    private boolean feedB = true;

    PowerFeedsSimulation(DeviceDefinition device, DeviceContext context) {
        super(SimModel.POWER_FEEDS, device, context);
    }

    @Override
    protected void publishInitialValues() {
        publishAll();
    }

    @Override
    protected void tick() {
        // feeds change only through faults
    }

    @Override
    protected void faultInjected(String fault) {
        setFeed(fault, false);
    }

    @Override
    protected void faultCleared(String fault) {
        setFeed(fault, true);
    }

    private void setFeed(String fault, boolean energised) {
        if ("feed-a-loss".equals(fault)) {
            feedA = energised;
        } else {
            feedB = energised;
        }
        publishAll();
    }

    private void publishAll() {
        publish("feed-a", feedA);
        publish("feed-b", feedB);
        publish("load-powered", feedA || feedB);
        publish("redundancy-ok", feedA && feedB);
    }
}
