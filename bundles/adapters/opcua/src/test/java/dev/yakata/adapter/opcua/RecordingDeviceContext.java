package dev.yakata.adapter.opcua;

import dev.yakata.api.adapter.DeviceContext;
import dev.yakata.api.device.DeviceDefinition;
import dev.yakata.api.device.DeviceStatus;
import dev.yakata.api.device.PointValue;
import dev.yakata.api.event.Severity;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** The hub's side of one device, recording what the handler publishes, on a real scheduler. */
public final class RecordingDeviceContext implements DeviceContext, AutoCloseable {

    /** One published value. */
    public record Published(String pointId, PointValue value) {
    }

    private final DeviceDefinition device;
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    public final List<Published> values = new CopyOnWriteArrayList<>();
    public final List<DeviceStatus> statuses = new CopyOnWriteArrayList<>();

    public RecordingDeviceContext(DeviceDefinition device) {
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
        if (value.value() != null && !device.point(pointId).get().kind().accepts(value.value())) {
            throw new AssertionError("published " + value.value() + " of the wrong type to " + pointId);
        }
        values.add(new Published(pointId, value));
    }

    @Override
    public void publishEvent(String type, Severity severity, Map<String, Object> data) {
    }

    @Override
    public void updateStatus(DeviceStatus status) {
        statuses.add(status);
    }

    @Override
    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    public PointValue last(String pointId) {
        PointValue last = null;
        for (Published p : values) {
            if (p.pointId().equals(pointId)) {
                last = p.value();
            }
        }
        return last;
    }

    /** Waits until the point's latest value matches. */
    public PointValue awaitValue(String pointId, Predicate<PointValue> condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + NodePeer.WAIT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            PointValue last = last(pointId);
            if (last != null && condition.test(last)) {
                return last;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("point " + pointId + " never matched; values " + values.stream()
                .filter(p -> p.pointId().equals(pointId)).toList());
    }

    /** Waits until the latest status matches. */
    public DeviceStatus awaitStatus(Predicate<DeviceStatus> condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + NodePeer.WAIT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            DeviceStatus last = statuses.isEmpty() ? null : statuses.get(statuses.size() - 1);
            if (last != null && condition.test(last)) {
                return last;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("status never matched; statuses " + statuses);
    }

    @Override
    public void close() throws InterruptedException {
        scheduler.shutdownNow();
        scheduler.awaitTermination(5, TimeUnit.SECONDS);
    }
}
