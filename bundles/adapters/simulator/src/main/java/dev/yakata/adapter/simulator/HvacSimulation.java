package dev.yakata.adapter.simulator;

import dev.yakata.api.adapter.DeviceContext;
import dev.yakata.api.command.Command;
import dev.yakata.api.command.CommandOutcome;
import dev.yakata.api.device.DeviceDefinition;
import java.util.concurrent.CompletableFuture;

/**
 * A server-room CRAC unit. The supply air follows the setpoint with a little noise; the return air is a few degrees
 * warmer (the IT load). Fault {@code temperature-rise} stops the cooling: the supply air climbs about 0.5 °C per
 * tick. Like a real unit it reports values only: the hub's alarm engine (etc/alarms) decides what is an alarm.
 */
final class HvacSimulation extends SimulatedDevice {

    static final String SETPOINT_C = "sim.setpointC";
    static final double MIN_SETPOINT_C = 16;
    static final double MAX_SETPOINT_C = 30;
    static final double RISE_PER_TICK_C = 0.5;

    static final long RUNNING = 1;
    static final long STANDBY = 2;
    static final long FAULT = 3;

    private double setpoint;
    private double supply;
    private double loadDelta = 6.0;
    private double humidity = 47;

    HvacSimulation(DeviceDefinition device, DeviceContext context) {
        super(SimModel.HVAC, device, context);
        this.setpoint = doubleProperty(SETPOINT_C, 21);
        if (setpoint < MIN_SETPOINT_C || setpoint > MAX_SETPOINT_C) {
            throw new IllegalArgumentException("Simulated device " + device.id() + " has " + SETPOINT_C + " = "
                    + setpoint + "; it must be between " + MIN_SETPOINT_C + " and " + MAX_SETPOINT_C);
        }
        this.supply = setpoint;
    }

    @Override
    protected void publishInitialValues() {
        publishAnalog("setpoint", setpoint);
        publish("crac-status", RUNNING);
        publishTemperatures();
    }

    @Override
    protected void tick() {
        if (hasFault("temperature-rise")) {
            supply += RISE_PER_TICK_C;
        } else {
            supply += (setpoint - supply) * 0.2 + (random.nextDouble() - 0.5) * 0.3;
        }
        // return-air rise and humidity wander around their usual levels instead of drifting to a bound
        loadDelta = clamp(loadDelta + (6.0 - loadDelta) * 0.05 + (random.nextDouble() - 0.5) * 0.2, 5, 7);
        humidity = clamp(humidity + (47.0 - humidity) * 0.02 + (random.nextDouble() - 0.5) * 0.6, 40, 55);
        publishTemperatures();
    }

    private void publishTemperatures() {
        publishAnalog("supply-temp", supply);
        publishAnalog("return-temp", supply + loadDelta);
        publishAnalog("humidity", humidity);
    }

    @Override
    protected void write(String signal, Object value, Command command, CompletableFuture<CommandOutcome> outcome) {
        Double wanted = numberArgument(value);
        if (wanted == null || wanted < MIN_SETPOINT_C || wanted > MAX_SETPOINT_C) {
            complete(outcome, CommandOutcome.rejected(command, "setpoint of " + device.id() + " must be between "
                    + rounded(MIN_SETPOINT_C) + " and " + rounded(MAX_SETPOINT_C) + " °C, got " + value));
            return;
        }
        setpoint = wanted;
        publishAnalog("setpoint", setpoint);
        complete(outcome, CommandOutcome.completed(command));
    }

    @Override
    protected void faultInjected(String fault) {
        publish("crac-status", FAULT);
    }

    @Override
    protected void faultCleared(String fault) {
        publish("crac-status", RUNNING);
    }

    private static double rounded(double value) {
        return Math.round(value * 10.0) / 10.0;
    }
}
