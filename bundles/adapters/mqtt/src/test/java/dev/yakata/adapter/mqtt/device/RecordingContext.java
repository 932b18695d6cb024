package dev.yakata.adapter.mqtt.device;

import dev.yakata.api.adapter.DeviceContext;
import dev.yakata.api.device.DeviceDefinition;
import dev.yakata.api.device.DeviceState;
import dev.yakata.api.device.DeviceStatus;
import dev.yakata.api.device.PointValue;
import dev.yakata.api.event.Severity;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** The hub's side of one device for adapter tests: records values, events and statuses, checks their types. */
final class RecordingContext implements DeviceContext, AutoCloseable {

    record Value(String pointId, PointValue value) {
    }

    record Published(String type, Severity severity, Map<String, Object> data) {
    }

    private final DeviceDefinition device;
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);
    final List<Value> values = new CopyOnWriteArrayList<>();
    final List<Published> events = new CopyOnWriteArrayList<>();
    final List<DeviceStatus> statuses = new CopyOnWriteArrayList<>();

    RecordingContext(DeviceDefinition device) {
        this.device = device;
    }

    @Override
    public DeviceDefinition device() {
        return device;
    }

    @Override
    public void publishValue(String pointId, PointValue value) {
        var point = device.point(pointId).orElseThrow(() -> new AssertionError("published to undeclared point " + pointId));
        if (value.value() != null && !point.kind().accepts(value.value())) {
            throw new AssertionError("published " + value.value() + " of the wrong type to " + pointId);
        }
        values.add(new Value(pointId, value));
    }

    @Override
    public void publishEvent(String type, Severity severity, Map<String, Object> data) {
        events.add(new Published(type, severity, data));
    }

    @Override
    public void updateStatus(DeviceStatus status) {
        statuses.add(status);
    }

    @Override
    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    DeviceStatus status() {
        return statuses.isEmpty() ? DeviceStatus.unknown() : statuses.get(statuses.size() - 1);
    }

    Object last(String pointId) {
        Object last = null;
        for (Value v : values) {
            if (v.pointId().equals(pointId)) {
                last = v.value().value();
            }
        }
        return last;
    }

    void awaitState(DeviceState state) throws InterruptedException {
        await("state " + state, () -> status().state() == state);
    }

    void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "; statuses " + statuses + ", values " + values
                        + ", events " + events);
            }
            Thread.sleep(10);
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
