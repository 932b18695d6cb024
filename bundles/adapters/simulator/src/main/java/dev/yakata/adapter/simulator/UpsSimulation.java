package dev.yakata.adapter.simulator;

import dev.yakata.api.adapter.DeviceContext;
import dev.yakata.api.device.DeviceDefinition;

/**
 * A UPS. Fault {@code feed-loss} puts it on battery: the charge drains over {@code sim.runtimeSeconds} (at the
 * simulated load) and recharges four times slower once the feed is back. {@code runtime-left} is the runtime the
 * charge would give at the present load, in minutes.
 */
final class UpsSimulation extends SimulatedDevice {

    static final String RUNTIME_SECONDS = "sim.runtimeSeconds";

    private static final double TYPICAL_LOAD = 38;

    private final double drainPerTick;
    private final double runtimeSeconds;
    private double charge = 100;
    private double load = TYPICAL_LOAD;

    UpsSimulation(DeviceDefinition device, DeviceContext context) {
        super(SimModel.UPS, device, context);
        this.runtimeSeconds = positiveDouble(RUNTIME_SECONDS, 900);
        this.drainPerTick = 100.0 * tickMillis / (runtimeSeconds * 1000.0);
    }

    @Override
    protected void publishInitialValues() {
        publish("on-battery", false);
        publishAnalog("charge", charge);
        publishAnalog("load", load);
        publishAnalog("runtime-left", runtimeLeftMinutes());
    }

    /** A full battery gives sim.runtimeSeconds at the typical load; less at a higher load. */
    private double runtimeLeftMinutes() {
        return Math.round(runtimeSeconds * charge / 100.0 * TYPICAL_LOAD / load / 60.0 * 100.0) / 100.0;
    }

    @Override
    protected void tick() {
        charge = hasFault("feed-loss") ? clamp(charge - drainPerTick, 0, 100) : clamp(charge + drainPerTick / 4, 0, 100);
        // the IT load wanders around its usual level instead of drifting to a bound
        load = clamp(load + (TYPICAL_LOAD - load) * 0.05 + (random.nextDouble() - 0.5) * 1.0, 30, 50);
        publishAnalog("charge", charge);
        publishAnalog("load", load);
        publishAnalog("runtime-left", runtimeLeftMinutes());
    }

    @Override
    protected void faultInjected(String fault) {
        publish("on-battery", true);
    }

    @Override
    protected void faultCleared(String fault) {
        publish("on-battery", false);
    }
}
