package dev.yakata.adapter.simulator;

import dev.yakata.api.adapter.DeviceContext;
import dev.yakata.api.adapter.DeviceHandler;
import dev.yakata.api.command.Command;
import dev.yakata.api.command.CommandOutcome;
import dev.yakata.api.device.DeviceDefinition;
import dev.yakata.api.device.DeviceStatus;
import dev.yakata.api.device.PointDefinition;
import dev.yakata.api.device.PointKind;
import dev.yakata.api.device.PointValue;
import dev.yakata.api.device.StatusDetail;
import dev.yakata.api.event.Severity;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The common machinery of one simulated device: signal-to-point mapping, the tick, one-shot timers, command routing
 * and fault bookkeeping. Subclasses hold the model's state and move it.
 *
 * <p><b>Threads.</b> Every entry point (tick, timer, command, fault) runs its state change under this object's
 * monitor through {@link #serially(Runnable)}; command stages are completed only after the monitor is released, so
 * code chained on a stage never runs under it. Nothing here blocks: each step is a few arithmetic operations and
 * non-blocking publishes.
 */
abstract class SimulatedDevice implements DeviceHandler {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatedDevice.class);

    /** Tick period in milliseconds. */
    static final String TICK_MILLIS = "sim.tickMillis";
    /** Seed of the device's random numbers, for repeatable runs; absent means a random seed. */
    static final String SEED = "sim.seed";

    protected final DeviceDefinition device;
    protected final DeviceContext context;
    protected final SimModel model;
    protected final long tickMillis;
    protected final Random random;

    private final Map<String, String> pointBySignal = new HashMap<>();
    private final List<ScheduledFuture<?>> tasks = new ArrayList<>();
    private final List<Runnable> afterUnlock = new ArrayList<>();
    private final List<String> activeFaults = new ArrayList<>();
    private Runnable onClose = () -> { };
    private boolean closed;

    protected SimulatedDevice(SimModel model, DeviceDefinition device, DeviceContext context) {
        this.model = model;
        this.device = device;
        this.context = context;
        this.tickMillis = positiveLong(TICK_MILLIS, 1000);
        String seed = device.property(SEED, "");
        this.random = seed.isBlank() ? new Random() : new Random(Long.parseLong(seed.trim()));
        for (PointDefinition point : device.points()) {
            PointKind kind = model.signals().get(point.address());
            if (kind == null) {
                throw new IllegalArgumentException("Point " + point.id() + " of simulated device " + device.id()
                        + " has address " + point.address() + ", which the " + model.id()
                        + " model does not publish; valid addresses: " + String.join(", ", model.signals().keySet()));
            }
            if (kind != point.kind()) {
                throw new IllegalArgumentException("Point " + point.id() + " of simulated device " + device.id()
                        + " is " + point.kind().name().toLowerCase() + " but signal " + point.address()
                        + " of the " + model.id() + " model is " + kind.name().toLowerCase()
                        + "; set point." + point.id() + ".kind = " + kind.name().toLowerCase());
            }
            pointBySignal.put(point.address(), point.id());
        }
    }

    // ---- lifecycle -------------------------------------------------------------------------------------------

    /** Schedules the first values and the tick; returns at once. */
    final void start(Runnable whenClosed) {
        this.onClose = whenClosed;
        track(context.scheduler().schedule(() -> {
            if (serially(this::publishInitialValues)) {
                context.updateStatus(DeviceStatus.online());
            }
        }, 0, TimeUnit.MILLISECONDS));
        track(context.scheduler().scheduleAtFixedRate(() -> serially(this::tick), tickMillis, tickMillis,
                TimeUnit.MILLISECONDS));
    }

    @Override
    public final void close() {
        List<Runnable> completions;
        synchronized (this) {
            if (closed) {
                return;
            }
            onClosing();
            closed = true;
            tasks.forEach(task -> task.cancel(false));
            tasks.clear();
            completions = drainAfterUnlock();
        }
        completions.forEach(Runnable::run);
        onClose.run();
    }

    /** Publishes every signal's starting value. */
    protected abstract void publishInitialValues();

    /** Moves the simulation one tick on. */
    protected abstract void tick();

    /** Fails what is pending; called once, under the monitor, before the device closes. */
    protected void onClosing() {
    }

    // ---- commands --------------------------------------------------------------------------------------------

    @Override
    public final CompletionStage<CommandOutcome> execute(Command command) {
        CompletableFuture<CommandOutcome> outcome = new CompletableFuture<>();
        boolean ran = serially(() -> dispatch(command, outcome));
        if (!ran) {
            outcome.complete(CommandOutcome.failed(command, "simulated device " + device.id() + " is closed"));
        }
        return outcome;
    }

    private void dispatch(Command command, CompletableFuture<CommandOutcome> outcome) {
        if (Command.WRITE.equals(command.action())) {
            String pointId = command.pointId();
            PointDefinition point = pointId == null ? null : device.point(pointId).orElse(null);
            if (point == null || !model.writableSignals().contains(point.address())) {
                String writable = model.writableSignals().isEmpty() ? "none"
                        : String.join(", ", model.writableSignals());
                complete(outcome, CommandOutcome.rejected(command, "point " + pointId + " of simulated "
                        + model.id() + " " + device.id() + " does not accept writes; writable signals: " + writable));
                return;
            }
            write(point.address(), command.arguments().get(Command.VALUE), command, outcome);
        } else if (model.actions().contains(command.action())) {
            act(command.action(), command, outcome);
        } else {
            String supported = model.actions().isEmpty() ? "none" : String.join(", ", model.actions());
            complete(outcome, CommandOutcome.rejected(command, "simulated " + model.id() + " " + device.id()
                    + " does not support action '" + command.action() + "'; supported actions: " + supported
                    + (model.writableSignals().isEmpty() ? "" : ", write (to " + String.join(", ",
                            model.writableSignals()) + ")")));
        }
    }

    /** Executes one of {@link SimModel#actions()}; complete {@code outcome} now or later. */
    protected void act(String action, Command command, CompletableFuture<CommandOutcome> outcome) {
        complete(outcome, CommandOutcome.rejected(command, "action " + action + " is not simulated"));
    }

    /** Writes {@code value} to one of {@link SimModel#writableSignals()}; complete {@code outcome} now or later. */
    protected void write(String signal, Object value, Command command, CompletableFuture<CommandOutcome> outcome) {
        complete(outcome, CommandOutcome.rejected(command, "signal " + signal + " is not writable"));
    }

    /** Completes a command's stage once the monitor is released. */
    protected final void complete(CompletableFuture<CommandOutcome> stage, CommandOutcome outcome) {
        afterUnlock.add(() -> stage.complete(outcome));
    }

    // ---- faults ----------------------------------------------------------------------------------------------

    final void inject(String fault) {
        checkFault(fault);
        serially(() -> {
            if (!activeFaults.contains(fault)) {
                activeFaults.add(fault);
                LOG.info("Simulated device {}: fault {} injected", device.id(), fault);
                faultInjected(fault);
            }
        });
    }

    final void clear(String fault) {
        checkFault(fault);
        serially(() -> {
            if (activeFaults.remove(fault)) {
                LOG.info("Simulated device {}: fault {} cleared", device.id(), fault);
                faultCleared(fault);
            }
        });
    }

    /**
     * Tells the hub the device itself has failed (a jammed motor, a lost picture), so operators see it FAULT in the
     * device list and the hub stops sending it commands until {@link #reportRepaired()}.
     */
    protected final void reportHardwareFault(String reason) {
        context.updateStatus(DeviceStatus.fault(StatusDetail.HARDWARE_FAULT, reason));
    }

    protected final void reportRepaired() {
        context.updateStatus(DeviceStatus.online());
    }

    synchronized List<String> activeFaults() {
        return List.copyOf(activeFaults);
    }

    protected final synchronized boolean hasFault(String fault) {
        return activeFaults.contains(fault);
    }

    private void checkFault(String fault) {
        if (!model.faults().contains(fault)) {
            throw new IllegalArgumentException("Simulated " + model.id() + " " + device.id() + " has no fault '"
                    + fault + "'; valid faults: " + String.join(", ", model.faults()));
        }
    }

    /** Applies a fault that was not active. Runs under the monitor. */
    protected abstract void faultInjected(String fault);

    /** Removes a fault that was active. Runs under the monitor. */
    protected abstract void faultCleared(String fault);

    // ---- helpers for subclasses ------------------------------------------------------------------------------

    /**
     * Runs a state change under the monitor, then completes the stages it finished.
     *
     * @return {@code false} when the device was already closed and nothing ran
     */
    protected final boolean serially(Runnable change) {
        List<Runnable> completions;
        synchronized (this) {
            if (closed) {
                return false;
            }
            try {
                change.run();
            } catch (RuntimeException e) {
                // A repeating task that throws is silently never run again: log and keep ticking.
                LOG.warn("Simulated device {}: simulation step failed", device.id(), e);
            }
            completions = drainAfterUnlock();
        }
        completions.forEach(Runnable::run);
        return true;
    }

    private List<Runnable> drainAfterUnlock() {
        List<Runnable> drained = new ArrayList<>(afterUnlock);
        afterUnlock.clear();
        return drained;
    }

    /** Runs {@code change} serially after {@code delayMillis}; the returned future cancels it. */
    protected final ScheduledFuture<?> later(long delayMillis, Runnable change) {
        return track(context.scheduler().schedule(() -> {
            serially(change);
        }, Math.max(0, delayMillis), TimeUnit.MILLISECONDS));
    }

    private synchronized ScheduledFuture<?> track(ScheduledFuture<?> task) {
        tasks.removeIf(ScheduledFuture::isDone);
        if (closed) {
            task.cancel(false);
        } else {
            tasks.add(task);
        }
        return task;
    }

    /** Publishes a signal's value to the point mapped to it; a signal without a point is not published. */
    protected final void publish(String signal, Object value) {
        String pointId = pointBySignal.get(signal);
        if (pointId != null) {
            context.publishValue(pointId, PointValue.good(value));
        }
    }

    /** Publishes an analog value rounded to one decimal, as a sensor would report it. */
    protected final void publishAnalog(String signal, double value) {
        publish(signal, Math.round(value * 10.0) / 10.0);
    }

    protected final void event(String type, Severity severity, Map<String, Object> data) {
        context.publishEvent(type, severity, data);
    }

    /** Whether a random event expected once every {@code everySeconds} happens on this tick; never when 0. */
    protected final boolean happensThisTick(double everySeconds) {
        return everySeconds > 0 && random.nextDouble() < tickMillis / (everySeconds * 1000.0);
    }

    protected final long positiveLong(String key, long defaultValue) {
        double value = positiveDouble(key, defaultValue);
        return Math.max(1, Math.round(value));
    }

    protected final double positiveDouble(String key, double defaultValue) {
        return number(key, defaultValue, 0, false);
    }

    protected final double nonNegativeDouble(String key, double defaultValue) {
        return number(key, defaultValue, 0, true);
    }

    protected final double doubleProperty(String key, double defaultValue) {
        return number(key, defaultValue, Double.NEGATIVE_INFINITY, true);
    }

    private double number(String key, double defaultValue, double min, boolean minAllowed) {
        String text = device.property(key, "").trim();
        if (text.isEmpty()) {
            return defaultValue;
        }
        double value;
        try {
            value = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Simulated device " + device.id() + " has " + key + " = " + text
                    + ", which is not a number");
        }
        if (Double.isNaN(value) || value < min || (!minAllowed && value == min)) {
            throw new IllegalArgumentException("Simulated device " + device.id() + " has " + key + " = " + text
                    + "; it must be " + (minAllowed ? "at least " : "greater than ") + format(min));
        }
        return value;
    }

    private static String format(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    /** A command argument as a number, or {@code null} when it is absent or not a number. */
    protected static Double numberArgument(Object value) {
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        if (value instanceof String text) {
            try {
                return Double.parseDouble(text.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    protected static double clamp(double value, double min, double max) {
        return Math.max(min, Math.min(max, value));
    }
}
