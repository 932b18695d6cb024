package dev.yakata.opcua.server;

import dev.yakata.api.command.Command;
import dev.yakata.api.command.CommandOutcome;
import dev.yakata.api.device.DeviceDefinition;
import dev.yakata.api.device.DeviceStatus;
import dev.yakata.api.device.PointDefinition;
import dev.yakata.api.device.PointValue;
import dev.yakata.api.device.Quality;
import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventListener;
import dev.yakata.api.event.EventTypes;
import dev.yakata.core.api.CommandPolicy;
import dev.yakata.core.api.DeviceInfo;
import dev.yakata.core.api.DeviceRegistry;
import dev.yakata.core.api.PolicyDecision;
import dev.yakata.opcua.common.Values;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small stand-in for the core's registry, for the server's tests: devices, their latest values, point.changed /
 * device.status events delivered to one listener as the bus would, and commands that first ask an injected
 * {@link CommandPolicy} (as the core's {@code submit} asks its policy) and are REJECTED with
 * {@code refused by policy: <reason>} when it refuses. It is not the core: the policy file, its rules and its events
 * are the core's and tested there. A write that passes changes the value and publishes it; the action {@code jam}
 * fails, any other action completes.
 */
public final class InTestRegistry implements DeviceRegistry {

    private final Map<String, DeviceInfo> devices = new ConcurrentHashMap<>();
    private final Map<String, Map<String, PointValue>> values = new ConcurrentHashMap<>();
    /** Every command submitted, refused ones included, in order. */
    public final List<Command> commands = new CopyOnWriteArrayList<>();
    private final CommandPolicy policy;
    private volatile EventListener listener = e -> { };
    private volatile java.util.function.Function<Command, Map<String, Object>> whenCompleted = c -> Map.of();

    public InTestRegistry(CommandPolicy policy) {
        this.policy = policy;
    }

    public void listener(EventListener newListener) {
        this.listener = newListener;
    }

    /**
     * What a completed action (not a write) does and returns, as the device's handler would: the test plays the
     * device's side of the contract (its result data, the bus events it publishes) after the policy allowed it.
     */
    public void whenCompleted(java.util.function.Function<Command, Map<String, Object>> handler) {
        this.whenCompleted = handler;
    }

    /** Delivers a bus event to the listener, as the bus would. */
    public void publish(Event event) {
        listener.onEvent(event);
    }

    public void add(DeviceDefinition device) {
        devices.put(device.id(), new DeviceInfo(device.id(), device, DeviceStatus.online(), ""));
        values.put(device.id(), new ConcurrentHashMap<>());
        listener.onEvent(Event.of(EventTypes.DEVICE_STATUS, device.id()).withData(Map.of("state", "ONLINE")));
    }

    /** Publishes a value as the core does for an adapter: stored, then a point.changed event. */
    public void publish(String deviceId, String pointId, PointValue value) {
        values.get(deviceId).put(pointId, value);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("point", pointId);
        data.put("value", value.value());
        data.put("quality", value.quality().name());
        data.put("timestamp", value.timestamp().toString());
        listener.onEvent(Event.builder(EventTypes.POINT_CHANGED, deviceId).time(value.timestamp()).subject(pointId)
                .data(data).build());
    }

    @Override
    public List<DeviceInfo> devices() {
        return devices.values().stream().sorted((a, b) -> a.id().compareTo(b.id())).toList();
    }

    @Override
    public Optional<DeviceInfo> device(String deviceId) {
        return Optional.ofNullable(devices.get(deviceId));
    }

    @Override
    public Map<String, PointValue> values(String deviceId) {
        return Map.copyOf(values.getOrDefault(deviceId, Map.of()));
    }

    @Override
    public CompletionStage<CommandOutcome> submit(Command command) {
        commands.add(command);
        DeviceInfo device = devices.get(command.deviceId());
        if (device == null) {
            return done(CommandOutcome.rejected(command, "no device " + command.deviceId()));
        }
        DeviceDefinition definition = device.definition();
        PolicyDecision decision = policy.decide(command.issuer(), command.deviceId(), definition.type(), command.action(),
                definition.zone());
        if (!decision.allowed()) {
            return done(CommandOutcome.rejected(command, "refused by policy: " + decision.reason()));
        }
        if (Command.WRITE.equals(command.action())) {
            PointDefinition point = definition.point(command.pointId()).orElse(null);
            if (point == null || !point.writable()) {
                return done(CommandOutcome.rejected(command, "not writable"));
            }
            Object value = Values.parse(command.arguments().get(Command.VALUE), point.kind());
            if (value == null) {
                return done(CommandOutcome.rejected(command, "wrong type"));
            }
            publish(command.deviceId(), point.id(), new PointValue(value, Quality.GOOD, Instant.now()));
            return done(CommandOutcome.completed(command));
        }
        if ("jam".equals(command.action())) {
            return done(CommandOutcome.failed(command, "shutter jammed"));
        }
        return done(new CommandOutcome(command.id(), dev.yakata.api.command.OutcomeStatus.COMPLETED, "",
                whenCompleted.apply(command), Instant.now()));
    }

    private static CompletionStage<CommandOutcome> done(CommandOutcome outcome) {
        return CompletableFuture.completedFuture(outcome);
    }

    /** The commands a user issued, refused ones included. */
    public List<Command> commandsBy(String user) {
        return commands.stream().filter(c -> c.issuer().user().equals(user)).toList();
    }
}
