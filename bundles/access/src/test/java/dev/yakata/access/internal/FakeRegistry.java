package dev.yakata.access.internal;

import dev.yakata.api.command.Command;
import dev.yakata.api.command.CommandOutcome;
import dev.yakata.api.device.DeviceDefinition;
import dev.yakata.api.device.DeviceStatus;
import dev.yakata.api.device.PointValue;
import dev.yakata.core.api.DeviceInfo;
import dev.yakata.core.api.DeviceRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** Devices and values set by the test; every submitted command is kept and answered as the test says. */
final class FakeRegistry implements DeviceRegistry {

    final Map<String, DeviceDefinition> definitions = new ConcurrentHashMap<>();
    final Map<String, Map<String, PointValue>> values = new ConcurrentHashMap<>();
    final List<Command> submitted = new CopyOnWriteArrayList<>();
    /** How each command ends; by default at once, COMPLETED. */
    volatile Function<Command, CompletionStage<CommandOutcome>> answer =
            command -> CompletableFuture.completedFuture(CommandOutcome.completed(command));

    /** A door device of the door profile in a zone, its roles mapped as given (role, point, role, point...). */
    FakeRegistry door(String id, String zone, String... roles) {
        DeviceDefinition.Builder door = DeviceDefinition.builder(id, "door", "simulator").zone(zone).profile("door");
        for (int i = 0; i + 1 < roles.length; i += 2) {
            door.role(roles[i], roles[i + 1]);
        }
        definitions.put(id, door.build());
        return this;
    }

    FakeRegistry value(String device, String point, Object value) {
        values.computeIfAbsent(device, d -> new ConcurrentHashMap<>()).put(point, PointValue.good(value));
        return this;
    }

    List<Command> submitted(String device, String action) {
        return submitted.stream().filter(c -> c.deviceId().equals(device) && c.action().equals(action)).toList();
    }

    @Override
    public List<DeviceInfo> devices() {
        List<DeviceInfo> all = new ArrayList<>();
        definitions.keySet().stream().sorted().forEach(id -> all.add(device(id).orElseThrow()));
        return all;
    }

    @Override
    public Optional<DeviceInfo> device(String deviceId) {
        DeviceDefinition definition = definitions.get(deviceId);
        return definition == null ? Optional.empty()
                : Optional.of(new DeviceInfo(deviceId, definition, DeviceStatus.online(), ""));
    }

    @Override
    public Map<String, PointValue> values(String deviceId) {
        return Map.copyOf(values.getOrDefault(deviceId, Map.of()));
    }

    @Override
    public CompletionStage<CommandOutcome> submit(Command command) {
        submitted.add(command);
        return answer.apply(command);
    }
}
