package dev.yakata.adapter.simulator;

import dev.yakata.api.adapter.DeviceContext;
import dev.yakata.api.device.DeviceDefinition;
import dev.yakata.api.device.DeviceStatus;
import dev.yakata.api.device.PointValue;
import dev.yakata.api.event.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A stand-in for the hub's side of a device: records what the handler publishes, on a real scheduler. */
final class RecordingDeviceContext implements DeviceContext, AutoCloseable {

    record Published(String pointId, Object value) {
    }

    record PublishedEvent(String type, Severity severity, Map<String, Object> data) {
    }

    static final long WAIT_MILLIS = 5000;

    private final DeviceDefinition device;
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    final List<Published> values = new CopyOnWriteArrayList<>();
    final List<PublishedEvent> events = new CopyOnWriteArrayList<>();
    final List<DeviceStatus> statuses = new CopyOnWriteArrayList<>();

    RecordingDeviceContext(DeviceDefinition device) {
        this.device = device;
    }

    @Override
    public DeviceDefinition device() {
        return device;
    }

    @Override
    public void publishValue(String pointId, PointValue value) {
        if (device.point(pointId).isEmpty()) {
            throw new AssertionError("published to unknown point " + pointId);
        }
        if (!device.point(pointId).get().kind().accepts(value.value())) {
            throw new AssertionError("published " + value.value() + " of the wrong type to " + pointId);
        }
        values.add(new Published(pointId, value.value()));
    }

    @Override
    public void publishEvent(String type, Severity severity, Map<String, Object> data) {
        events.add(new PublishedEvent(type, severity, data));
    }

    @Override
    public void updateStatus(DeviceStatus status) {
        statuses.add(status);
    }

    @Override
    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /** The last value published to a point, or {@code null}. */
    Object last(String pointId) {
        Object last = null;
        for (Published p : values) {
            if (p.pointId().equals(pointId)) {
                last = p.value();
            }
        }
        return last;
    }

    List<Object> history(String pointId) {
        List<Object> history = new ArrayList<>();
        values.stream().filter(p -> p.pointId().equals(pointId)).forEach(p -> history.add(p.value()));
        return history;
    }

    /** Waits until the point's latest value matches. */
    Object awaitValue(String pointId, Predicate<Object> condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            Object last = last(pointId);
            if (last != null && condition.test(last)) {
                return last;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("point " + pointId + " never matched; history " + history(pointId));
    }

    /** Waits for the first event of a type. */
    PublishedEvent awaitEvent(String type) throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            for (PublishedEvent event : events) {
                if (event.type().equals(type)) {
                    return event;
                }
            }
            Thread.sleep(5);
        }
        throw new AssertionError("no " + type + " event; events " + events);
    }

    List<PublishedEvent> events(String type) {
        return events.stream().filter(e -> e.type().equals(type)).toList();
    }

    void awaitOnline() throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            if (statuses.contains(DeviceStatus.online())) {
                return;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("device never went online; statuses " + statuses);
    }

    @Override
    public void close() throws InterruptedException {
        scheduler.shutdownNow();
        scheduler.awaitTermination(5, TimeUnit.SECONDS);
    }
}
