package dev.yakata.testkit;

import dev.yakata.api.adapter.DeviceAdapter;
import dev.yakata.api.adapter.DeviceHandler;
import dev.yakata.api.command.Command;
import dev.yakata.api.command.CommandOutcome;
import dev.yakata.api.device.DeviceDefinition;
import dev.yakata.api.device.PointDefinition;
import dev.yakata.core.model.ActionDefinition;
import dev.yakata.core.model.ActionRunner;
import dev.yakata.core.model.CommandChecks;
import dev.yakata.core.model.DeviceConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Drives an adapter the way the hub does, for its unit tests: opens each device under the open time limit (5 s),
 * checks every command as the hub does (points, writability, value kinds, profile action arguments with defaults),
 * runs actions a device file defines with the action language as point writes, applies the command time limit
 * (30 s), and closes handlers under the close time limit. A limit exceeded is a test failure, where the hub would
 * set the device FAULT. The command policy is not applied: it is the hub's, not the adapter's, concern.
 */
public final class TestHub implements AutoCloseable {

    /** One opened device: its file, its handler and the context that records what it publishes. */
    public record Opened(DeviceConfig config, DeviceHandler handler, RecordingDeviceContext context) {
    }

    private final DeviceAdapter adapter;
    private final Duration openLimit;
    private final Duration commandLimit;
    private final ExecutorService calls = Executors.newCachedThreadPool();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final ActionRunner actions = new ActionRunner(timer);
    private final Map<String, Opened> devices = new LinkedHashMap<>();
    private final List<String> laterFailures = new ArrayList<>();

    /** With the hub's default limits: open 5 s, command 30 s. */
    public TestHub(DeviceAdapter adapter) {
        this(adapter, Duration.ofSeconds(5), Duration.ofSeconds(30));
    }

    public TestHub(DeviceAdapter adapter, Duration openLimit, Duration commandLimit) {
        this.adapter = adapter;
        this.openLimit = openLimit;
        this.commandLimit = commandLimit;
    }

    /** Opens the device a {@code .cfg} text describes; its context waits up to 10 s. */
    public Opened open(String cfgText) throws Exception {
        return open(DeviceFiles.parse("dev.yakata.device-test.cfg", cfgText), Duration.ofSeconds(10));
    }

    public Opened open(DeviceConfig config, Duration wait) throws Exception {
        DeviceDefinition definition = config.definition();
        RecordingDeviceContext context = new RecordingDeviceContext(definition, wait);
        DeviceHandler handler = within(openLimit, "open() of " + definition.id(), () -> adapter.open(definition, context));
        if (handler == null) {
            throw new AssertionError("open() returned no handler for " + definition.id() + "; the hub sets such a device FAULT");
        }
        Opened opened = new Opened(config, handler, context);
        devices.put(definition.id(), opened);
        return opened;
    }

    /**
     * Submits a command as the hub would after the policy allowed it. A command the hub's checks refuse completes
     * REJECTED with the hub's sentence and never reaches the adapter.
     */
    public CommandOutcome submit(Command command) throws Exception {
        Opened device = devices.get(command.deviceId());
        if (device == null) {
            return CommandOutcome.rejected(command, "no device '" + command.deviceId() + "' was opened in this TestHub");
        }
        CommandChecks.Checked checked = CommandChecks.check(device.config(), command);
        if (!checked.ok()) {
            return CommandOutcome.rejected(command, checked.problem());
        }
        ActionDefinition action = command.pointId() == null ? device.config().actions().get(command.action()) : null;
        CompletableFuture<CommandOutcome> outcome;
        if (action != null) {
            Map<String, PointDefinition> points = new LinkedHashMap<>();
            device.config().definition().points().forEach(p -> points.put(p.id(), p));
            outcome = actions.run(action, checked.command(), new ActionRunner.Target(command.deviceId(), points,
                    () -> latestValues(device.context()), this::execute, failure -> laterFailures.add(failure)));
        } else {
            outcome = execute(checked.command());
        }
        try {
            return outcome.get(commandLimit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return CommandOutcome.timedOut(command, "no outcome within " + commandLimit.toMillis() + " ms");
        }
    }

    /** Failures of the writes a timed pulse made after its pause. */
    public List<String> laterFailures() {
        return List.copyOf(laterFailures);
    }

    private CompletableFuture<CommandOutcome> execute(Command command) {
        DeviceHandler handler = devices.get(command.deviceId()).handler();
        try {
            return within(Duration.ofSeconds(5), "execute() of " + command.action(), () -> handler.execute(command))
                    .toCompletableFuture();
        } catch (Exception e) {
            return CompletableFuture.completedFuture(CommandOutcome.failed(command, "execute() threw " + e));
        }
    }

    private static Map<String, dev.yakata.api.device.PointValue> latestValues(RecordingDeviceContext context) {
        Map<String, dev.yakata.api.device.PointValue> latest = new LinkedHashMap<>();
        context.values.forEach(v -> latest.put(v.pointId(), v.value()));
        return latest;
    }

    private <T> T within(Duration limit, String what, java.util.concurrent.Callable<T> call) throws Exception {
        try {
            return calls.submit(call).get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError(what + " took longer than " + limit.toMillis() + " ms; the hub would set the device FAULT");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** Closes every handler under the close limit (5 s), then their contexts. */
    @Override
    public void close() throws Exception {
        try {
            actions.finishPendingPulses().get(5, TimeUnit.SECONDS); // as the hub does when it stops
            for (Opened device : devices.values()) {
                within(Duration.ofSeconds(5), "close() of " + device.config().definition().id(), () -> {
                    device.handler().close();
                    return null;
                });
                device.context().close();
            }
        } finally {
            calls.shutdownNow();
            timer.shutdownNow();
        }
    }
}
