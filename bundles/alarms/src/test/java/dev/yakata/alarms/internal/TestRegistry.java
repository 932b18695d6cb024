package dev.yakata.alarms.internal;

import dev.yakata.api.adapter.DeviceHandler;
import dev.yakata.api.command.Command;
import dev.yakata.api.command.CommandOutcome;
import dev.yakata.api.device.DeviceDefinition;
import dev.yakata.api.device.DeviceStatus;
import dev.yakata.api.device.PointDefinition;
import dev.yakata.api.device.PointKind;
import dev.yakata.api.device.PointValue;
import dev.yakata.api.profile.Profile;
import dev.yakata.core.api.DeviceInfo;
import dev.yakata.core.api.DeviceRegistry;
import dev.yakata.core.api.ProfileRegistry;
import dev.yakata.core.model.StandardProfiles;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Devices and their latest values, as the hub's registry holds them, for the runtime's tests; a command to the
 * {@code alarms} device goes to the handler the test opened (the hub's policy is the core's concern and tested there).
 */
final class TestRegistry implements DeviceRegistry {

    final List<DeviceDefinition> devices = new CopyOnWriteArrayList<>();
    final Map<String, Map<String, PointValue>> values = new ConcurrentHashMap<>();
    volatile DeviceHandler alarms;

    TestRegistry device(String id, String profile, Map<String, PointKind> points) {
        DeviceDefinition.Builder b = DeviceDefinition.builder(id, profile, "simulator").profile(profile);
        points.forEach((point, kind) -> b.point(PointDefinition.builder(point, kind).build()).role(point, point));
        devices.add(b.build());
        return this;
    }

    void value(String device, String point, Object value) {
        values.computeIfAbsent(device, d -> new ConcurrentHashMap<>()).put(point, PointValue.good(value));
    }

    @Override
    public List<DeviceInfo> devices() {
        List<DeviceInfo> infos = new ArrayList<>();
        devices.forEach(d -> infos.add(new DeviceInfo(d.id(), d, DeviceStatus.online(), "")));
        return infos;
    }

    @Override
    public Optional<DeviceInfo> device(String deviceId) {
        return devices().stream().filter(d -> d.id().equals(deviceId)).findFirst();
    }

    @Override
    public Map<String, PointValue> values(String deviceId) {
        return Map.copyOf(values.getOrDefault(deviceId, Map.of()));
    }

    @Override
    public CompletionStage<CommandOutcome> submit(Command command) {
        if (command.deviceId().equals("alarms") && alarms != null) {
            return alarms.execute(command);
        }
        return CompletableFuture.completedFuture(CommandOutcome.rejected(command, "no device " + command.deviceId()));
    }

    /** The hub's declared profiles. */
    static final class Profiles implements ProfileRegistry {
        @Override
        public List<Profile> profiles() {
            return StandardProfiles.all();
        }

        @Override
        public Optional<Profile> profile(String name) {
            return StandardProfiles.named(name);
        }
    }
}
