package dev.yakata.core.internal;

import dev.yakata.api.adapter.DeviceHandler;
import dev.yakata.api.device.DeviceDefinition;
import dev.yakata.api.device.DeviceStatus;
import dev.yakata.api.device.PointDefinition;
import dev.yakata.api.device.PointValue;
import dev.yakata.core.api.DeviceInfo;
import dev.yakata.core.model.DeviceConfigParser;
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
    volatile Map<String, PointDefinition> pointsById = Map.of();
    volatile DeviceStatus status = DeviceStatus.unknown();
    /** The status the handler last reported, restored after a flood ends. */
    DeviceStatus reported;
    volatile DeviceHandler handler;
    /** Bumped whenever the device is opened or stopped, so late callbacks of an older opening are ignored. */
    volatile int generation;
    DeviceScheduler scheduler;
    volatile FloodGuard floodGuard;
    /** When the device began waiting for an adapter nobody has seen, in nanos; 0 when not waiting. */
    long waitingForAdapterSince;
    final Map<String, PointValue> values = new ConcurrentHashMap<>();

    ManagedDevice(String pid, String source) {
        this.pid = pid;
        this.source = source;
    }

    String id() {
        DeviceDefinition d = parsed;
        return d != null ? d.id() : DeviceConfigParser.idFromSource(source);
    }

    String zone() {
        DeviceDefinition d = definition;
        return d != null ? d.zone() : "";
    }

    DeviceInfo info() {
        return new DeviceInfo(id(), definition, status, source);
    }
}
