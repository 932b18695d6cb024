package dev.yakata.adapter.opcua;

import dev.yakata.api.command.Command;
import dev.yakata.api.command.CommandOutcome;
import dev.yakata.api.device.DeviceDefinition;
import dev.yakata.api.device.DeviceStatus;
import dev.yakata.api.device.PointDefinition;
import dev.yakata.api.device.PointValue;
import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventListener;
import dev.yakata.api.event.EventTypes;
import dev.yakata.api.event.Severity;
import dev.yakata.core.api.DeviceInfo;
import dev.yakata.core.api.DeviceRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small hub for tests: devices, their latest values, commands validated the way the core validates them, and
 * point.changed / device.status events delivered to one listener as the bus would. A write that passes changes the
 * value and publishes it; the action {@code jam} fails, any other action completes.
 */
public final class InTestRegistry implements DeviceRegistry {

    private final Map<String, DeviceInfo> devices = new ConcurrentHashMap<>();
    private final Map<String, Map<String, PointValue>> values = new ConcurrentHashMap<>();
    public final List<Command> commands = new CopyOnWriteArrayList<>();
    private volatile EventListener listener = e -> { };

    public void listener(EventListener newListener) {
        this.listener = newListener;
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
        listener.onEvent(new Event(UUID.randomUUID().toString(), value.timestamp(), deviceId, EventTypes.POINT_CHANGED,
                pointId, "", Severity.INFO, data));
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
            return CompletableFuture.completedFuture(CommandOutcome.rejected(command, "no device " + command.deviceId()));
        }
        if (Command.WRITE.equals(command.action())) {
            PointDefinition point = device.definition().point(command.pointId()).orElse(null);
            if (point == null || !point.writable()) {
                return CompletableFuture.completedFuture(CommandOutcome.rejected(command, "not writable"));
            }
            Object value = point.kind().coerce(command.arguments().get(Command.VALUE));
            if (value == null) {
                return CompletableFuture.completedFuture(CommandOutcome.rejected(command, "wrong type"));
            }
            publish(command.deviceId(), point.id(), new PointValue(value, dev.yakata.api.device.Quality.GOOD,
                    Instant.now()));
            return CompletableFuture.completedFuture(CommandOutcome.completed(command));
        }
        if ("jam".equals(command.action())) {
            return CompletableFuture.completedFuture(CommandOutcome.failed(command, "shutter jammed"));
        }
        return CompletableFuture.completedFuture(CommandOutcome.completed(command));
    }

    public List<Command> commandsBy(String user) {
        List<Command> by = new ArrayList<>();
        commands.stream().filter(c -> c.issuedBy().equals(user)).forEach(by::add);
        return by;
    }
}
