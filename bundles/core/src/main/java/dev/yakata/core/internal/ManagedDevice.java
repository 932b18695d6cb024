package dev.yakata.core.internal;

import dev.yakata.api.adapter.DeviceHandler;
import dev.yakata.api.device.DeviceDefinition;
import dev.yakata.api.device.DeviceStatus;
import dev.yakata.api.device.PointDefinition;
import dev.yakata.api.device.PointValue;
import dev.yakata.core.api.DeviceInfo;
import dev.yakata.core.model.DeviceConfig;
import dev.yakata.core.model.DeviceConfigParser;
import dev.yakata.util.secret.SecretKeys;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One configured device and everything the core holds for it. Fields are written only on the lifecycle
 * thread; those read by other threads (status, handler, generation, values) are volatile or concurrent.
 */
final class ManagedDevice {

    final String pid;
    /** The file name (or the PID); set before the device is visible to other threads and on every update. */
    volatile String source;
    /** The last configuration parsed from the file, in use or not (a duplicate id is parsed but unused). */
    volatile DeviceDefinition parsed;
    /** The configuration in use, or null while the file is invalid or a duplicate. */
    volatile DeviceDefinition definition;
    /** The whole reading of the file in use (profile, actions), or null with {@link #definition}. */
    volatile DeviceConfig config;
    /** The last whole reading of the file, in use or not. */
    volatile DeviceConfig parsedConfig;
    /** Set while this file is refused because another file owns its device id. */
    volatile boolean duplicate;

    volatile Map<String, PointDefinition> pointsById = Map.of();
    volatile DeviceStatus status = DeviceStatus.unknown();
    /** The status the handler last reported, restored after a flood ends. */
    DeviceStatus reported;
    volatile DeviceHandler handler;
    /** Bumped whenever the device is opened or stopped, so late callbacks of an older opening are ignored. */
    volatile int generation;
    /**
     * The opening whose values and events the hub still takes: it stays that of the opening being closed until its
     * handler's close() has returned, so what a handler publishes before it is told to close (a swipe, the last
     * event of a tick) is kept, not dropped because the hub had already decided to close it. -1 when none.
     */
    final java.util.concurrent.atomic.AtomicInteger publishing = new java.util.concurrent.atomic.AtomicInteger(-1);
    DeviceScheduler scheduler;
    volatile FloodGuard floodGuard;
    /** When the device began waiting for an adapter nobody has seen, in nanos; 0 when not waiting. */
    long waitingForAdapterSince;
    final Map<String, PointValue> values = new ConcurrentHashMap<>();

    ManagedDevice(String pid, String source) {
        this.pid = pid;
        this.source = source;
    }

    /**
     * The id the device is known by. A duplicate of another file's id is known by its file's name, so that its
     * status and listing never look like the owner's.
     */
    String id() {
        if (duplicate) {
            return source;
        }
        DeviceDefinition d = parsed;
        return d != null ? d.id() : DeviceConfigParser.idFromSource(source);
    }

    String zone() {
        DeviceDefinition d = definition;
        return d != null ? d.zone() : "";
    }

    /** What the registry shows: secret settings replaced by {@code ******}. */
    DeviceInfo info(java.util.function.Predicate<String> secret) {
        DeviceDefinition d = definition;
        if (d != null && d.properties().keySet().stream().anyMatch(secret)) {
            Map<String, String> shown = new java.util.LinkedHashMap<>(d.properties());
            shown.replaceAll((k, v) -> secret.test(k) ? SecretKeys.MASK : v);
            d = d.toBuilder().properties(shown).build();
        }
        return new DeviceInfo(id(), d, status, source);
    }
}
