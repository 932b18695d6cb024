package dev.yakata.adapter.simulator;

import dev.yakata.api.adapter.DeviceContext;
import dev.yakata.api.command.Command;
import dev.yakata.api.command.CommandOutcome;
import dev.yakata.api.device.DeviceDefinition;
import java.util.concurrent.CompletableFuture;

/**
 * A counter security shutter, playing the shutter profile ({@code open}, {@code close}, {@code stop}; roles position,
 * state, obstruction and closed, the last true only when fully down): position 0 % (open) to 100 % (closed),
 * travelling the full way in {@code sim.travelSeconds}. {@code close} is refused while the obstruction sensor is active; an obstruction while
 * closing stops the shutter, unless {@code sim.stopOnObstruction = false} (a shutter without its own safety edge,
 * which leaves stopping to the hub). Fault {@code jammed} keeps the motor from moving it: after one travel time without
 * reaching the end the shutter reports FAULT and fails the pending command. Fault {@code stuck} is a motor that never
 * answers: commands are taken, nothing moves, no point changes and the command never completes (the hub's travel
 * supervision has to notice). It reports its state only through its points; the hub's shutter supervision publishes
 * {@code shutter.state}.
 */
final class ShutterSimulation extends SimulatedDevice {

    static final String TRAVEL_SECONDS = "sim.travelSeconds";
    static final String STOP_ON_OBSTRUCTION = "sim.stopOnObstruction";

    enum State { OPEN, CLOSING, CLOSED, OPENING, STOPPED, FAULT }

    private final double stepPerTick;
    private final long travelMillis;
    private final boolean stopOnObstruction;
    private State state = State.OPEN;
    private double position;
    private boolean obstruction;
    private long stalledMillis;
    private Command pendingCommand;
    private CompletableFuture<CommandOutcome> pendingOutcome;

    ShutterSimulation(DeviceDefinition device, DeviceContext context) {
        super(SimModel.SHUTTER, device, context);
        double travelSeconds = positiveDouble(TRAVEL_SECONDS, 8);
        this.travelMillis = Math.round(travelSeconds * 1000);
        this.stepPerTick = 100.0 * tickMillis / (travelSeconds * 1000.0);
        String stop = device.property(STOP_ON_OBSTRUCTION, "true").trim();
        if (!stop.equals("true") && !stop.equals("false")) {
            throw new IllegalArgumentException("Simulated device " + device.id() + " has " + STOP_ON_OBSTRUCTION + " = "
                    + stop + "; write true or false");
        }
        this.stopOnObstruction = Boolean.parseBoolean(stop);
    }

    @Override
    protected void publishInitialValues() {
        publishAnalog("position", position);
        publish("state", state.name());
        publish("obstruction", obstruction);
        publish("closed", state == State.CLOSED);
    }

    @Override
    protected void act(String action, Command command, CompletableFuture<CommandOutcome> outcome) {
        switch (action) {
            case "open" -> move(State.OPENING, command, outcome);
            case "close" -> {
                if (obstruction) {
                    complete(outcome, CommandOutcome.rejected(command, "obstruction sensed under shutter "
                            + device.id() + "; clear it before closing"));
                } else {
                    move(State.CLOSING, command, outcome);
                }
            }
            case "stop" -> {
                failPending("stopped by command " + command.id()); // a stuck motor's move is pending too
                if (state == State.OPENING || state == State.CLOSING) {
                    setState(State.STOPPED);
                }
                complete(outcome, CommandOutcome.completed(command));
            }
            default -> super.act(action, command, outcome);
        }
    }

    private void move(State direction, Command command, CompletableFuture<CommandOutcome> outcome) {
        State end = direction == State.CLOSING ? State.CLOSED : State.OPEN;
        if (state == end) {
            complete(outcome, CommandOutcome.completed(command));
            return;
        }
        failPending("superseded by " + command.action() + " command " + command.id());
        pendingCommand = command;
        pendingOutcome = outcome;
        stalledMillis = 0;
        if (hasFault("stuck")) {
            return; // taken, and nothing happens: no motion, no point, no outcome
        }
        setState(direction);
    }

    @Override
    protected void tick() {
        if (state != State.OPENING && state != State.CLOSING) {
            return;
        }
        if (hasFault("jammed")) {
            stalledMillis += tickMillis;
            if (stalledMillis >= travelMillis) {
                String reason = "shutter " + device.id() + " did not move within its travel time ("
                        + travelMillis / 1000.0 + " s); motor or gear jammed at " + Math.round(position) + " %";
                failPending(reason);
                setState(State.FAULT);
                reportHardwareFault(reason);
            }
            return;
        }
        boolean closing = state == State.CLOSING;
        position = clamp(position + (closing ? stepPerTick : -stepPerTick), 0, 100);
        publishAnalog("position", position);
        if (closing ? position >= 100 : position <= 0) {
            setState(closing ? State.CLOSED : State.OPEN);
            if (pendingOutcome != null) {
                complete(pendingOutcome, CommandOutcome.completed(pendingCommand));
                pendingCommand = null;
                pendingOutcome = null;
            }
        }
    }

    @Override
    protected void faultInjected(String fault) {
        if ("obstruction".equals(fault)) {
            obstruction = true;
            publish("obstruction", true);
            if (state == State.CLOSING && stopOnObstruction) {
                failPending("obstruction sensed under shutter " + device.id() + " while closing; stopped at "
                        + Math.round(position) + " %");
                setState(State.STOPPED);
            }
        }
        // jammed takes effect on the next tick that tries to move the shutter
    }

    @Override
    protected void faultCleared(String fault) {
        if ("obstruction".equals(fault)) {
            obstruction = false;
            publish("obstruction", false);
        } else if ("jammed".equals(fault) && state == State.FAULT) {
            setState(State.STOPPED);
            reportRepaired();
        }
    }

    @Override
    protected void onClosing() {
        failPending("simulated device " + device.id() + " closed");
    }

    private void failPending(String reason) {
        if (pendingOutcome != null) {
            complete(pendingOutcome, CommandOutcome.failed(pendingCommand, reason));
            pendingCommand = null;
            pendingOutcome = null;
        }
    }

    private void setState(State next) {
        if (next == state) {
            return;
        }
        boolean wasClosed = state == State.CLOSED;
        state = next;
        publish("state", next.name());
        if (wasClosed != (next == State.CLOSED)) {
            publish("closed", next == State.CLOSED);
        }
    }
}
