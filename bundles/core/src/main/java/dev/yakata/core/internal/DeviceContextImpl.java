package dev.yakata.core.internal;

import dev.yakata.api.adapter.DeviceContext;
import dev.yakata.api.device.DeviceDefinition;
import dev.yakata.api.device.DeviceStatus;
import dev.yakata.api.device.PointDefinition;
import dev.yakata.api.device.PointValue;
import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventTypes;
import dev.yakata.api.event.Severity;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What one opening of a device gives its handler. Bound to that opening's generation: after the device is
 * closed or reopened, everything published through this context is ignored.
 */
final class DeviceContextImpl implements DeviceContext {

    private final DeviceLifecycle lifecycle;
    private final ManagedDevice device;
    private final int generation;
    private final DeviceDefinition definition;
    private final ScheduledExecutorService scheduler;

    DeviceContextImpl(DeviceLifecycle lifecycle, ManagedDevice device, int generation, ScheduledExecutorService scheduler) {
        this.lifecycle = lifecycle;
        this.device = device;
        this.generation = generation;
        this.definition = device.definition;
        this.scheduler = scheduler;
    }

    @Override
    public DeviceDefinition device() {
        return definition;
    }

    @Override
    public void publishValue(String pointId, PointValue value) {
        if (generation != device.generation) {
            return;
        }
        PointDefinition point = device.pointsById.get(pointId);
        if (point == null) {
            lifecycle.dropLog().warn(definition.id() + "/unknown/" + pointId, "Device '" + definition.id()
                    + "' published unknown point '" + pointId + "'; map it in " + device.source + " or fix the adapter");
            return;
        }
        if (value == null) {
            return;
        }
        PointValue typed = value;
        if (value.value() != null && !point.kind().accepts(value.value())) {
            Object coerced = value.value() instanceof String ? null : point.kind().coerce(value.value());
            if (coerced == null) {
                lifecycle.dropLog().warn(definition.id() + "/type/" + pointId, "Device '" + definition.id() + "' published "
                        + value.value().getClass().getSimpleName() + " '" + value.value() + "' for " + point.kind()
                        + " point '" + pointId + "'; the value is dropped");
                return;
            }
            typed = new PointValue(coerced, value.quality(), value.timestamp());
        }
        PointValue previous = device.values.get(pointId);
        if (previous != null && previous.quality() == typed.quality() && Objects.equals(previous.value(), typed.value())) {
            return;
        }
        if (!lifecycle.admit(device, generation)) {
            return;
        }
        device.values.put(pointId, typed);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("point", pointId);
        data.put("value", typed.value());
        data.put("quality", typed.quality().name());
        data.put("unit", point.unit());
        data.put("timestamp", typed.timestamp().toString());
        lifecycle.bus().publish(new Event(java.util.UUID.randomUUID().toString(), typed.timestamp(), definition.id(),
                EventTypes.POINT_CHANGED, pointId, definition.zone(), Severity.INFO, data));
    }

    @Override
    public void publishEvent(String type, Severity severity, Map<String, Object> data) {
        if (generation != device.generation || type == null || !lifecycle.admit(device, generation)) {
            return;
        }
        lifecycle.bus().publish(Event.of(type, definition.id()).withZone(definition.zone()).withSeverity(severity)
                .withData(data == null ? Map.of() : data));
    }

    @Override
    public void updateStatus(DeviceStatus status) {
        if (status != null) {
            lifecycle.reportStatus(device, generation, status);
        }
    }

    @Override
    public ScheduledExecutorService scheduler() {
        return scheduler;
    }
}
