package dev.yakata.core.internal;

import dev.yakata.api.adapter.DeviceAdapter;
import dev.yakata.core.api.CommandCheck;
import dev.yakata.core.api.CommandPolicy;
import dev.yakata.core.api.PolicyDecision;
import dev.yakata.core.model.CommandChecks;
import dev.yakata.core.model.ActionDefinition;
import dev.yakata.core.model.ActionRunner;
import dev.yakata.core.api.Pseudonyms;
import dev.yakata.core.model.DeviceConfig;
import dev.yakata.core.model.DeviceConfigException;
import dev.yakata.core.model.DeviceConfigParser;
import dev.yakata.api.adapter.DeviceHandler;
import dev.yakata.api.command.Command;
import dev.yakata.api.command.CommandOutcome;
import dev.yakata.api.command.OutcomeStatus;
import dev.yakata.api.device.DeviceDefinition;
import dev.yakata.api.device.DeviceState;
import dev.yakata.api.device.DeviceStatus;
import dev.yakata.api.device.PointDefinition;
import dev.yakata.api.device.PointValue;
import dev.yakata.api.device.StatusDetail;
import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventTypes;
import dev.yakata.api.event.Severity;
import dev.yakata.core.api.DeviceInfo;
import dev.yakata.core.api.DeviceRegistry;
import dev.yakata.bus.api.EventBus;
import dev.yakata.util.log.RateLimitedLog;
import dev.yakata.util.secret.SecretKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device registry and the config-driven lifecycle, free of OSGi so it can be tested and benchmarked alone.
 *
 * <p>Threads: every change of state (a config arriving or leaving, an adapter arriving or leaving, the result
 * of an adapter call) runs on one lifecycle thread, so the rules stay simple. Calls into adapters run on a
 * separate pool under a time limit: an adapter that throws or hangs turns only its own device FAULT. Reads
 * ({@link #devices()}, {@link #values}) and command validation use volatile snapshots and never wait for the
 * lifecycle thread.
 */
final class DeviceLifecycle implements DeviceRegistry, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceLifecycle.class);

    private final EventBus bus;
    private final CoreSettings settings;
    private final CommandPolicy policy;
    private final Pseudonyms pseudonyms;
    private final ActionRunner actions;
    /** The secret setting keys each adapter declares, by adapter id. */
    private final Map<String, java.util.Set<String>> adapterSecrets = new ConcurrentHashMap<>();
    private final ExecutorService lifecycle = Executors.newSingleThreadExecutor(named("yakata-core-lifecycle"));
    private final ThreadPoolExecutor adapterCalls = new ThreadPoolExecutor(0, 64, 30, TimeUnit.SECONDS,
            new SynchronousQueue<>(), named("yakata-core-adapter-call"));
    private final ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(
            named("yakata-core-housekeeping"));
    private final Map<String, ScheduledExecutorService> adapterSchedulers = new ConcurrentHashMap<>();
    private final RateLimitedLog dropLog = new RateLimitedLog(LOG, Duration.ofSeconds(10));

    /** By configuration PID. */
    private final Map<String, ManagedDevice> byPid = new ConcurrentHashMap<>();
    /** By device id: the device that owns the id (the first file that claimed it). */
    private final Map<String, ManagedDevice> byId = new ConcurrentHashMap<>();
    /** Adapter services by id; lifecycle thread only. */
    private final Map<String, DeviceAdapter> adapters = new HashMap<>();
    /** Every adapter id seen since start: a device of a departed adapter is OFFLINE, of an unknown one FAULT. */
    private final java.util.Set<String> adaptersSeen = new TreeSet<>();
    /** Interlock services, consulted on the submitter's thread for every command (copy-on-write: reads dominate). */
    private final List<dev.yakata.core.api.CommandInterlock> interlocks = new java.util.concurrent.CopyOnWriteArrayList<>();

    DeviceLifecycle(EventBus bus, CoreSettings settings, CommandPolicy policy, Pseudonyms pseudonyms) {
        this.bus = bus;
        this.settings = settings;
        this.policy = policy;
        this.pseudonyms = pseudonyms;
        this.actions = new ActionRunner(housekeeping);
        housekeeping.scheduleWithFixedDelay(() -> onLifecycle(this::housekeep), 1, 1, TimeUnit.SECONDS);
    }

    void interlockAdded(dev.yakata.core.api.CommandInterlock interlock) {
        interlocks.add(interlock);
    }

    void interlockRemoved(dev.yakata.core.api.CommandInterlock interlock) {
        interlocks.remove(interlock);
    }

    // ---- inputs: configurations and adapters -------------------------------------------------------------

    /** A device configuration was created or changed. Only that device restarts, and only if it changed. */
    void configUpdated(String pid, Map<String, ?> config) {
        Map<String, Object> copy = new HashMap<>(config);
        onLifecycle(() -> applyConfig(pid, copy));
    }

    /** A device configuration was deleted: the device stops and leaves the registry. */
    void configDeleted(String pid) {
        onLifecycle(() -> {
            ManagedDevice device = byPid.remove(pid);
            if (device == null) {
                return;
            }
            stop(device).whenComplete((r, e) -> onLifecycle(() -> {
                setStatus(device, DeviceStatus.offline(StatusDetail.STOPPED, "its configuration " + device.source + " was deleted"));
                release(device);
            }));
        });
    }

    void adapterAdded(String adapterId, DeviceAdapter adapter) {
        onLifecycle(() -> {
            if (adapters.containsKey(adapterId)) {
                LOG.warn("A second adapter with id '{}' was registered ({}); the first one keeps serving its devices",
                        adapterId, adapter.getClass().getName());
                return;
            }
            adapters.put(adapterId, adapter);
            adaptersSeen.add(adapterId);
            try {
                java.util.Set<String> secrets = adapter.secretSettings();
                adapterSecrets.put(adapterId, secrets == null ? java.util.Set.of() : java.util.Set.copyOf(secrets));
            } catch (RuntimeException e) {
                LOG.warn("Adapter '{}' failed to say which settings are secret ({}); only names that say so are hidden",
                        adapterId, e.toString());
            }
            LOG.info("Adapter '{}' arrived; starting its devices", adapterId);
            for (ManagedDevice device : devicesOf(adapterId)) {
                start(device);
            }
        });
    }

    void adapterRemoved(String adapterId, DeviceAdapter adapter) {
        onLifecycle(() -> {
            if (adapters.get(adapterId) != adapter) {
                return;
            }
            adapters.remove(adapterId);
            LOG.info("Adapter '{}' left; its devices go OFFLINE and keep their configuration", adapterId);
            for (ManagedDevice device : devicesOf(adapterId)) {
                stop(device);
                setStatus(device, DeviceStatus.offline(StatusDetail.ADAPTER_MISSING,
                        "adapter '" + adapterId + "' was removed; the device starts again when it returns"));
            }
        });
    }

    private List<ManagedDevice> devicesOf(String adapterId) {
        return byPid.values().stream()
                .filter(d -> d.definition != null && d.definition.adapterId().equals(adapterId))
                .sorted(Comparator.comparing(ManagedDevice::id))
                .toList();
    }

    private void applyConfig(String pid, Map<String, Object> config) {
        String source = DeviceConfigParser.sourceName(config, pid);
        ManagedDevice device = byPid.computeIfAbsent(pid, p -> new ManagedDevice(p, source));
        device.source = source;
        DeviceConfig parsedConfig;
        try {
            parsedConfig = DeviceConfigParser.parseDevice(config, device.source);
        } catch (DeviceConfigException e) {
            stop(device);
            release(device);
            device.parsed = null;
            device.parsedConfig = null;
            device.duplicate = false;
            setStatus(device, DeviceStatus.fault(StatusDetail.CONFIGURATION_ERROR, e.getMessage()));
            return;
        }
        if (parsedConfig.equals(device.config)) {
            return; // the same configuration delivered again: nothing to restart
        }
        DeviceDefinition parsed = parsedConfig.definition();
        ManagedDevice owner = byId.get(parsed.id());
        if (owner != null && owner != device) {
            // Refuse the duplicate alone, under its own file's name: the owner's status and listing never change.
            stop(device);
            release(device);
            device.duplicate = true;
            device.parsed = parsed;
            device.parsedConfig = parsedConfig;
            setStatus(device, DeviceStatus.fault(StatusDetail.CONFIGURATION_ERROR, device.source + ": device id '"
                    + parsed.id() + "' is already used by " + owner.source + "; give this device another device.id"));
            return;
        }
        device.duplicate = false;
        device.parsed = parsed;
        device.parsedConfig = parsedConfig;
        boolean restart = device.definition != null;
        stop(device).whenComplete((r, e) -> onLifecycle(() -> {
            if (byPid.get(pid) != device || device.parsedConfig != parsedConfig) {
                return; // changed again meanwhile; the later change wins
            }
            if (restart) {
                LOG.info("Device '{}' configuration changed ({}); restarting it", parsed.id(), device.source);
            }
            release(device);
            claim(device, parsedConfig);
            start(device);
        }));
    }

    private void claim(ManagedDevice device, DeviceConfig config) {
        DeviceDefinition definition = config.definition();
        device.duplicate = false;
        device.config = config;
        device.definition = definition;
        device.pointsById = definition.points().stream()
                .collect(Collectors.toMap(PointDefinition::id, p -> p, (a, b) -> a, LinkedHashMap::new));
        device.values.keySet().retainAll(device.pointsById.keySet());
        byId.put(definition.id(), device);
    }

    /** Gives up the device's id, and lets a waiting duplicate of that id take it. */
    private void release(ManagedDevice device) {
        DeviceDefinition old = device.definition;
        device.definition = null;
        device.config = null;
        if (old == null || !byId.remove(old.id(), device)) {
            return;
        }
        byPid.values().stream()
                .filter(d -> d != device && d.definition == null && d.parsedConfig != null && d.parsed.id().equals(old.id()))
                .min(Comparator.comparing(d -> d.source))
                .ifPresent(waiting -> {
                    claim(waiting, waiting.parsedConfig);
                    start(waiting);
                });
    }

    // ---- opening and closing devices -------------------------------------------------------------------

    private void start(ManagedDevice device) {
        DeviceDefinition definition = device.definition;
        if (definition == null || device.handler != null) {
            return;
        }
        DeviceAdapter adapter = adapters.get(definition.adapterId());
        if (adapter == null) {
            waitForAdapter(device, definition);
            return;
        }
        device.waitingForAdapterSince = 0;
        int generation = ++device.generation;
        device.publishing.set(generation);
        DeviceScheduler scheduler = new DeviceScheduler(adapterScheduler(definition.adapterId()));
        device.scheduler = scheduler;
        device.floodGuard = new FloodGuard(settings.maxEventsPerSecondPerDevice(), System.nanoTime());
        device.reported = null;
        setStatus(device, DeviceStatus.offline(StatusDetail.STARTING, "opening with adapter '" + definition.adapterId() + "'"));
        DeviceContextImpl context = new DeviceContextImpl(this, device, generation, scheduler);
        callAdapter(() -> adapter.open(definition, context), settings.openTimeoutMillis(), this::closeLate)
                .whenComplete((handler, failure) -> onLifecycle(() -> opened(device, generation, handler, failure)));
    }

    private void opened(ManagedDevice device, int generation, DeviceHandler handler, Throwable failure) {
        if (generation != device.generation) {
            if (handler != null) {
                closeLate(handler);
            }
            return;
        }
        String adapterId = device.definition.adapterId();
        if (failure != null) {
            device.generation++;
            device.publishing.set(-1);
            device.scheduler.shutdown();
            setStatus(device, adapterFault(adapterId, "open()", failure));
            return;
        }
        if (handler == null) {
            device.generation++;
            device.publishing.set(-1);
            device.scheduler.shutdown();
            setStatus(device, DeviceStatus.fault(StatusDetail.ADAPTER_ERROR,
                    "adapter '" + adapterId + "' returned no handler from open(); report this to the adapter's vendor"));
            return;
        }
        device.handler = handler;
        if (device.reported != null) {
            setStatus(device, device.reported);
        }
    }

    /** Closes a handler that was opened too late to be used (its device timed out, or was closed meanwhile). */
    private void closeLate(DeviceHandler handler) {
        callAdapter(() -> {
            handler.close();
            return null;
        }, settings.closeTimeoutMillis());
    }

    /**
     * Closes the device's handler, if open, under the close time limit. The device is closed for the hub at
     * once (late values are ignored); the stage completes when the adapter returns or the limit passes.
     */
    private CompletableFuture<Void> stop(ManagedDevice device) {
        device.generation++;
        device.waitingForAdapterSince = 0;
        if (device.scheduler != null) {
            device.scheduler.shutdown();
            device.scheduler = null;
        }
        DeviceHandler handler = device.handler;
        device.handler = null;
        int closing = device.publishing.get();
        if (handler == null) {
            device.publishing.set(-1); // an opening still under way is abandoned: what it publishes is late
            return CompletableFuture.completedFuture(null);
        }
        String adapterId = device.definition != null ? device.definition.adapterId() : "?";
        return callAdapter(() -> { handler.close(); return null; }, settings.closeTimeoutMillis())
                .handle((r, failure) -> {
                    device.publishing.compareAndSet(closing, -1); // closed (or out of time): from now on it is late
                    if (failure != null) {
                        DeviceStatus fault = adapterFault(adapterId, "close()", failure);
                        LOG.warn("Device '{}': {}", device.id(), fault.reason());
                    }
                    return null;
                });
    }

    private void waitForAdapter(ManagedDevice device, DeviceDefinition definition) {
        String adapterId = definition.adapterId();
        if (adaptersSeen.contains(adapterId)) {
            setStatus(device, DeviceStatus.offline(StatusDetail.ADAPTER_MISSING,
                    "adapter '" + adapterId + "' is not running; the device starts when it returns"));
            return;
        }
        if (device.waitingForAdapterSince == 0) {
            device.waitingForAdapterSince = System.nanoTime();
        }
        setStatus(device, DeviceStatus.offline(StatusDetail.ADAPTER_MISSING, "waiting for adapter '" + adapterId + "'"));
    }

    private void housekeep() {
        long now = System.nanoTime();
        for (ManagedDevice device : byPid.values()) {
            DeviceDefinition definition = device.definition;
            if (definition != null && device.waitingForAdapterSince != 0
                    && now - device.waitingForAdapterSince > TimeUnit.SECONDS.toNanos(settings.adapterWaitSeconds())) {
                device.waitingForAdapterSince = 0;
                setStatus(device, DeviceStatus.fault(StatusDetail.ADAPTER_MISSING, device.source + ": no adapter '"
                        + definition.adapterId() + "' is installed (installed: " + installedAdapters()
                        + "); fix the 'adapter' key or install the adapter's feature"));
            }
            FloodGuard guard = device.floodGuard;
            if (guard != null && device.handler != null && guard.calmedDown(now)) {
                LOG.info("Device '{}' is back under its event budget; its events flow again", device.id());
                setStatus(device, device.reported != null ? device.reported : DeviceStatus.online());
            }
        }
    }

    private String installedAdapters() {
        return adapters.isEmpty() ? "none" : String.join(", ", new TreeSet<>(adapters.keySet()));
    }

    // ---- what handlers report, through their context ---------------------------------------------------

    /** A handler reported its status; applied on the lifecycle thread if that opening is still current. */
    void reportStatus(ManagedDevice device, int generation, DeviceStatus status) {
        onLifecycle(() -> {
            if (generation != device.generation) {
                return;
            }
            device.reported = status;
            if (device.handler == null) {
                // Reported from inside open(): opened() applies it once the handler is in place, so the device is
                // never shown ONLINE while commands would still be refused.
                return;
            }
            if (device.status.detail() != StatusDetail.EVENT_FLOOD) { // a flood's end restores the reported status
                setStatus(device, status);
            }
        });
    }

    /** Admits one publication of a device against its event budget; false means drop it. */
    boolean admit(ManagedDevice device, int generation) {
        if (generation != device.publishing.get()) {
            return false;
        }
        FloodGuard guard = device.floodGuard;
        switch (guard.admit(System.nanoTime())) {
            case PASS:
                return true;
            case START_FLOOD:
                onLifecycle(() -> {
                    if (generation == device.generation) {
                        setStatus(device, DeviceStatus.fault(StatusDetail.EVENT_FLOOD, "published more than "
                                + settings.maxEventsPerSecondPerDevice() + " values and events in one second; "
                                + "they are dropped until it keeps under that for a second"));
                    }
                });
                return false;
            default:
                return false;
        }
    }

    EventBus bus() {
        return bus;
    }

    RateLimitedLog dropLog() {
        return dropLog;
    }

    // ---- status -----------------------------------------------------------------------------------------

    private void setStatus(ManagedDevice device, DeviceStatus status) {
        DeviceStatus previous = device.status;
        if (previous.equals(status)) {
            return;
        }
        device.status = status;
        if (status.state() == DeviceState.FAULT) {
            LOG.warn("Device '{}' is {}", device.id(), status);
        } else {
            LOG.info("Device '{}' is {}", device.id(), status);
        }
        Severity severity = switch (status.state()) {
            case ONLINE, UNKNOWN -> Severity.INFO;
            case OFFLINE -> Severity.WARNING;
            case FAULT -> Severity.ALARM;
        };
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("state", status.state().name());
        data.put("detail", status.detail().name());
        data.put("reason", status.reason());
        data.put("previous", previous.state().name());
        data.put("file", device.source == null ? "" : device.source);
        bus.publish(Event.of(EventTypes.DEVICE_STATUS, device.id()).withZone(device.zone()).withSeverity(severity)
                .withData(data));
    }

    private static DeviceStatus adapterFault(String adapterId, String call, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof TimeoutException) {
            return DeviceStatus.fault(StatusDetail.ADAPTER_TIMEOUT, "adapter '" + adapterId + "' did not return from " + call
                    + " within its time limit; the device is isolated until its configuration or the adapter changes");
        }
        if (cause instanceof RejectedExecutionException) {
            return DeviceStatus.fault(StatusDetail.ADAPTER_ERROR, "too many adapter calls are hung; " + call + " was not attempted");
        }
        String message = cause.getMessage() == null ? cause.getClass().getName() : cause.getMessage();
        return DeviceStatus.fault(StatusDetail.ADAPTER_ERROR, "adapter '" + adapterId + "' failed in " + call + ": " + message);
    }

    // ---- the registry -----------------------------------------------------------------------------------

    @Override
    public List<DeviceInfo> devices() {
        List<DeviceInfo> list = new ArrayList<>();
        for (ManagedDevice device : byPid.values()) {
            list.add(info(device));
        }
        list.sort(Comparator.comparing(DeviceInfo::id).thenComparing(DeviceInfo::configFile));
        return list;
    }

    @Override
    public Optional<DeviceInfo> device(String deviceId) {
        ManagedDevice device = byId.get(deviceId);
        return device == null ? Optional.empty() : Optional.of(info(device));
    }

    private DeviceInfo info(ManagedDevice device) {
        DeviceDefinition d = device.definition;
        java.util.Set<String> declared = d == null ? java.util.Set.of() : adapterSecrets.getOrDefault(d.adapterId(), java.util.Set.of());
        return device.info(key -> SecretKeys.isSecret(key, declared));
    }

    @Override
    public Map<String, PointValue> values(String deviceId) {
        ManagedDevice device = byId.get(deviceId);
        return device == null ? Map.of() : Map.copyOf(device.values);
    }

    /** A command that passed, or failed, the checks before dispatch. */
    private record Vetted(ManagedDevice device, DeviceConfig config, String zone, Command accepted, String refusedBy,
            String refusal, String rule, dev.yakata.core.api.InterlockRefusal interlock) {
    }

    /**
     * The checks before dispatch, in order, shared by {@link #submit} and {@link #check} so a preview meets exactly
     * what a run meets: the policy, the device's state, the points and arguments, the interlocks of other bundles.
     *
     * @param publish whether the policy's decision is published (a real command), or not (a check)
     */
    private Vetted vet(Command command, boolean publish) {
        ManagedDevice device = byId.get(command.deviceId());
        if (device == null) {
            return new Vetted(null, null, "", null, CommandCheck.STATE, "no device '" + command.deviceId()
                    + "'; yakata:device-list shows the configured devices", "", null);
        }
        String zone = device.zone();
        DeviceConfig config = device.config;
        String rule = "";
        if (config != null) {
            PolicyDecision decision = policy.decide(command.issuer(), command.deviceId(), config.policyName(), command.action(), zone);
            rule = decision.rule();
            if (publish) {
                publishDecision(command, config, decision, zone);
            }
            if (!decision.allowed()) {
                return new Vetted(device, config, zone, null, CommandCheck.POLICY, decision.reason(), rule, null);
            }
        }
        String problem = ready(device, config, command);
        if (problem != null) {
            return new Vetted(device, config, zone, null, CommandCheck.STATE, problem, rule, null);
        }
        CommandChecks.Checked checked = CommandChecks.check(config, command);
        if (!checked.ok()) {
            return new Vetted(device, config, zone, null, CommandCheck.CHECK, checked.problem(), rule, null);
        }
        Command accepted = checked.command();
        dev.yakata.core.api.InterlockRefusal interlock = interlocked(device, accepted);
        if (interlock != null) {
            return new Vetted(device, config, zone, null, CommandCheck.INTERLOCK, interlock.sentence(), rule, interlock);
        }
        return new Vetted(device, config, zone, accepted, "", null, rule, null);
    }

    @Override
    public CommandCheck check(Command command) {
        try {
            Vetted vetted = vet(command, false);
            if (vetted.refusal() != null) {
                return CommandCheck.refused(vetted.refusedBy(), vetted.refusal(), vetted.rule());
            }
            ActionDefinition definition = command.pointId() == null ? vetted.config().actions().get(command.action()) : null;
            if (definition != null) {
                String interlock = ActionRunner.interlock(definition, command.deviceId(), vetted.device().values);
                if (interlock != null) {
                    return CommandCheck.refused(CommandCheck.INTERLOCK, interlock, vetted.rule());
                }
            }
            return CommandCheck.accepted(vetted.rule());
        } catch (RuntimeException e) { // never throws, as submit never does
            LOG.warn("Checking command {} on '{}' failed", command.id(), command.deviceId(), e);
            return CommandCheck.refused(CommandCheck.STATE, "the check failed: " + e, "");
        }
    }

    @Override
    public CompletionStage<CommandOutcome> submit(Command command) {
        Vetted vetted = vet(command, true);
        String zone = vetted.zone();
        if (vetted.refusal() != null) {
            return rejectNow(command, vetted, zone);
        }
        ManagedDevice device = vetted.device();
        DeviceConfig config = vetted.config();
        Command accepted = vetted.accepted();
        DeviceHandler handler = device.handler;
        int generation = device.generation;
        Map<String, Object> issued = new LinkedHashMap<>();
        issued.put("command", command.id());
        issued.put("action", command.action());
        issued.put("point", command.pointId() == null ? "" : command.pointId());
        issued.put("arguments", withPseudonyms(accepted.arguments()));
        issued.put("user", command.issuer().user());
        issued.put("channel", command.issuer().channel().name());
        issued.put("reason", command.reason());
        bus.publish(commandEvent(EventTypes.COMMAND_ISSUED, command, zone).data(issued).build());

        ActionDefinition definition = command.pointId() == null ? config.actions().get(command.action()) : null;
        java.util.concurrent.atomic.AtomicBoolean returned = new java.util.concurrent.atomic.AtomicBoolean();
        CompletableFuture<CommandOutcome> result;
        if (definition != null) {
            returned.set(true); // each write runs under its own call; a hung write times the action out
            // The writes are not cancelled when the action times out (adapter-guide, Commands): an unlock the
            // adapter answers late still gets its pulse's second half, the re-lock; a cancelled one would not.
            result = actions.run(definition, accepted, new ActionRunner.Target(command.deviceId(), device.pointsById,
                    () -> device.values,
                    write -> {
                        DeviceHandler current = device.handler;
                        return current == null
                                ? CompletableFuture.completedFuture(CommandOutcome.failed(write, "the device closed"))
                                : callHandler(device, current, write, new java.util.concurrent.atomic.AtomicBoolean());
                    },
                    failure -> laterFailure(command, zone, failure)));
        } else {
            result = callHandler(device, handler, accepted, returned);
        }
        result.completeOnTimeout(CommandOutcome.timedOut(command, "no outcome within " + settings.commandTimeoutMillis() + " ms"),
                settings.commandTimeoutMillis(), TimeUnit.MILLISECONDS);
        return result.thenApply(outcome -> {
            if (outcome.status() == OutcomeStatus.TIMED_OUT && !returned.get()) {
                onLifecycle(() -> {
                    if (generation == device.generation) {
                        setStatus(device, DeviceStatus.fault(StatusDetail.ADAPTER_TIMEOUT, "adapter '"
                                + device.definition.adapterId() + "' hung in execute() for command " + command.action()));
                    }
                });
            }
            return finish(command, outcome, zone);
        });
    }

    /** The first interlock that refuses the command, or null; one that throws refuses (fail closed). */
    private dev.yakata.core.api.InterlockRefusal interlocked(ManagedDevice device, Command command) {
        if (interlocks.isEmpty()) {
            return null;
        }
        DeviceInfo info = info(device);
        Map<String, PointValue> values = Map.copyOf(device.values);
        for (dev.yakata.core.api.CommandInterlock interlock : interlocks) {
            try {
                Optional<dev.yakata.core.api.InterlockRefusal> refused = interlock.check(command, info, values);
                if (refused != null && refused.isPresent()) {
                    return refused.get();
                }
            } catch (RuntimeException e) {
                LOG.warn("Interlock {} failed on command {} for '{}'; the command is refused", interlock.getClass().getName(),
                        command.id(), command.deviceId(), e);
                return new dev.yakata.core.api.InterlockRefusal(interlock.getClass().getSimpleName(), "interlock-failed",
                        "the interlock failed (" + e + "), so the command was not sent; report this to the hub's maintainers");
            }
        }
        return null;
    }

    /** Calls the handler on the adapter pool; {@code returned} is set once execute() has returned. */
    private CompletableFuture<CommandOutcome> callHandler(ManagedDevice device, DeviceHandler handler, Command command,
            java.util.concurrent.atomic.AtomicBoolean returned) {
        CompletableFuture<CommandOutcome> result = new CompletableFuture<>();
        String adapterId = device.definition == null ? "?" : device.definition.adapterId();
        try {
            adapterCalls.execute(() -> {
                try {
                    CompletionStage<CommandOutcome> stage = handler.execute(command);
                    returned.set(true);
                    if (stage == null) {
                        result.complete(CommandOutcome.failed(command, "the adapter returned no outcome"));
                    } else {
                        // Settled without the stage (the time limit passed, also before execute returned): the adapter
                        // is told, so it can drop the pending request. A stage already completed ignores the cancel.
                        result.whenComplete((outcome, failure) -> cancel(stage));
                        stage.whenComplete((outcome, failure) -> {
                            if (failure != null) {
                                result.complete(CommandOutcome.failed(command, adapterFault(adapterId, "execute()", failure).reason()));
                            } else {
                                result.complete(outcome == null ? CommandOutcome.failed(command, "the adapter completed with no outcome")
                                        : outcome);
                            }
                        });
                    }
                } catch (RuntimeException | Error e) {
                    returned.set(true);
                    result.complete(CommandOutcome.failed(command, adapterFault(adapterId, "execute()", e).reason()));
                }
            });
        } catch (RejectedExecutionException e) {
            result.complete(CommandOutcome.failed(command, "too many adapter calls are hung; the command was not attempted"));
        }
        return result;
    }

    /** Cancels an adapter's stage nobody waits for any more; a stage that cannot be cancelled is left alone. */
    private static void cancel(CompletionStage<CommandOutcome> stage) {
        try {
            stage.toCompletableFuture().cancel(false);
        } catch (RuntimeException e) { // UnsupportedOperationException: a stage of the adapter's own
            LOG.debug("The adapter's stage {} cannot be cancelled ({})", stage.getClass().getName(), e.toString());
        }
    }

    private CompletionStage<CommandOutcome> rejectNow(Command command, Vetted vetted, String zone) {
        Map<String, Object> data = vetted.interlock() == null ? Map.of(CommandCheck.REFUSED_BY, vetted.refusedBy())
                : Map.of(CommandCheck.REFUSED_BY, vetted.refusedBy(), "interlock", vetted.interlock().interlock(),
                        "code", vetted.interlock().code());
        return CompletableFuture.completedFuture(finish(command, new CommandOutcome(command.id(), OutcomeStatus.REJECTED,
                vetted.refusal(), data, java.time.Instant.now()), zone));
    }

    /** Every decision of the policy, allowed or refused, is an event naming the issuer and the rule. */
    private void publishDecision(Command command, DeviceConfig config, PolicyDecision decision, String zone) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("command", command.id());
        data.put("profile", config.policyName());
        data.put("action", command.action());
        data.put("user", command.issuer().user());
        data.put("roles", List.copyOf(new TreeSet<>(command.issuer().roles())));
        data.put("channel", command.issuer().channel().name());
        data.put("rule", decision.rule());
        if (!decision.allowed()) {
            data.put("reason", decision.reason());
        }
        bus.publish(commandEvent(decision.allowed() ? EventTypes.POLICY_ALLOWED : EventTypes.POLICY_REFUSED, command, zone)
                .severity(decision.allowed() ? Severity.INFO : Severity.WARNING).data(data).build());
    }

    /** The writes a timed pulse makes after its pause failed (an unlocked door did not lock again). */
    private void laterFailure(Command command, String zone, String failure) {
        LOG.warn("Command {} {} on '{}': {}", command.id(), command.action(), command.deviceId(), failure);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("command", command.id());
        data.put("action", command.action());
        data.put("status", OutcomeStatus.FAILED.name());
        data.put("reason", failure);
        data.put("user", command.issuer().user());
        data.put("channel", command.issuer().channel().name());
        bus.publish(commandEvent(EventTypes.COMMAND_FAILED, command, zone).severity(Severity.ALARM).data(data).build());
    }

    private static Event.Builder commandEvent(String type, Command command, String zone) {
        return Event.builder(type, command.deviceId()).subject(command.id()).zone(zone).actor(command.issuer().user())
                .correlationId(command.correlationId().isEmpty() ? command.id() : command.correlationId());
    }

    /** Command arguments as events show them: a card number becomes its pseudonym. */
    private Map<String, Object> withPseudonyms(Map<String, Object> arguments) {
        Object card = arguments.get("card");
        if (card == null || PseudonymKey.isPseudonym(card)) {
            return arguments;
        }
        Map<String, Object> shown = new LinkedHashMap<>(arguments);
        shown.put("card", pseudonyms.ofCard(String.valueOf(card)));
        return shown;
    }

    Pseudonyms pseudonyms() {
        return pseudonyms;
    }

    /** Whether the device can take a command now; {@code config} is the one this command was decided on. */
    private static String ready(ManagedDevice device, DeviceConfig config, Command command) {
        DeviceStatus status = device.status;
        if (config == null) {
            return "device '" + command.deviceId() + "' has an unusable configuration: " + status.reason();
        }
        if (status.state() != DeviceState.ONLINE || device.handler == null) {
            return "device '" + command.deviceId() + "' is " + status + "; commands need it ONLINE";
        }
        return null;
    }

    private CommandOutcome finish(Command command, CommandOutcome given, String zone) {
        CommandOutcome outcome = given;
        if (outcome.status() == OutcomeStatus.REJECTED && !outcome.data().containsKey(CommandCheck.REFUSED_BY)) {
            // refused after the hub's checks passed: by the adapter, the device itself
            Map<String, Object> data = new LinkedHashMap<>(outcome.data());
            data.put(CommandCheck.REFUSED_BY, CommandCheck.DEVICE);
            outcome = new CommandOutcome(outcome.commandId(), outcome.status(), outcome.reason(), data, outcome.completedAt());
        }
        String type = switch (outcome.status()) {
            case COMPLETED -> EventTypes.COMMAND_COMPLETED;
            case FAILED -> EventTypes.COMMAND_FAILED;
            case TIMED_OUT -> EventTypes.COMMAND_TIMED_OUT;
            case REJECTED -> EventTypes.COMMAND_REJECTED;
        };
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("command", command.id());
        data.put("action", command.action());
        data.put("point", command.pointId() == null ? "" : command.pointId());
        data.put("status", outcome.status().name());
        data.put("reason", outcome.reason());
        if (outcome.status() == OutcomeStatus.REJECTED) {
            data.put(CommandCheck.REFUSED_BY, outcome.data().get(CommandCheck.REFUSED_BY));
        }
        data.put("user", command.issuer().user());
        data.put("channel", command.issuer().channel().name());
        if (outcome.status() == OutcomeStatus.REJECTED && outcome.data().get("interlock") != null) {
            data.put("interlock", outcome.data().get("interlock"));
            data.put("code", outcome.data().get("code"));
        }
        bus.publish(commandEvent(type, command, zone).severity(outcome.isSuccess() ? Severity.INFO : Severity.WARNING)
                .data(data).build());
        if (!outcome.isSuccess()) {
            LOG.info("Command {} {} on '{}' by {}: {} {}", command.id(), command.action(), command.deviceId(),
                    command.issuer(), outcome.status(), outcome.reason());
        }
        return outcome;
    }

    // ---- plumbing -----------------------------------------------------------------------------------------

    private <T> CompletableFuture<T> callAdapter(java.util.concurrent.Callable<T> call, long timeoutMillis) {
        return callAdapter(call, timeoutMillis, late -> { });
    }

    /**
     * Calls into an adapter on the adapter pool under a time limit. A result that arrives after the limit is
     * handed to {@code late} (e.g. to close a handler nobody will use) instead of being lost.
     */
    private <T> CompletableFuture<T> callAdapter(java.util.concurrent.Callable<T> call, long timeoutMillis,
            java.util.function.Consumer<T> late) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            adapterCalls.execute(() -> {
                try {
                    T value = call.call();
                    if (!result.complete(value) && value != null) {
                        late.accept(value);
                    }
                } catch (Throwable t) {
                    result.completeExceptionally(t);
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(e);
        }
        return result.orTimeout(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    private ScheduledExecutorService adapterScheduler(String adapterId) {
        return adapterSchedulers.computeIfAbsent(adapterId, id -> {
            ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(2, named("yakata-core-" + id));
            executor.setRemoveOnCancelPolicy(true);
            return executor;
        });
    }

    private void onLifecycle(Runnable task) {
        try {
            lifecycle.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.error("Device lifecycle task failed", e);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("Lifecycle closed; dropping a task");
        }
    }

    /** Waits until every lifecycle task queued so far has run; for tests and orderly shutdown. */
    void awaitIdle() throws InterruptedException {
        CompletableFuture<Void> marker = new CompletableFuture<>();
        onLifecycle(() -> marker.complete(null));
        try {
            marker.get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stops every device (each under the close limit) and all threads. */
    @Override
    public void close() throws InterruptedException {
        if (lifecycle.isShutdown()) {
            return; // closed already
        }
        int pulses = actions.pendingPulses();
        if (pulses > 0) {
            // A door unlocked by a pulse is locked again before its adapter closes.
            LOG.info("Stopping: writing the second half of {} timed pulse(s) now", pulses);
            try {
                actions.finishPendingPulses().get(settings.closeTimeoutMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
                LOG.warn("Stopping: not every pulse's second half was written in time ({})", e.toString());
            }
        }
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        onLifecycle(() -> {
            List<CompletableFuture<Void>> closing = new ArrayList<>();
            for (ManagedDevice device : byPid.values()) {
                closing.add(stop(device));
            }
            CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).whenComplete((r, e) -> stopped.complete(null));
        });
        try {
            stopped.get(settings.closeTimeoutMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
            LOG.warn("Not every device closed in time during shutdown");
        }
        housekeeping.shutdownNow();
        lifecycle.shutdownNow();
        adapterCalls.shutdownNow();
        adapterSchedulers.values().forEach(ScheduledExecutorService::shutdownNow);
    }

    static java.util.concurrent.ThreadFactory named(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
