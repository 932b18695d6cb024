package dev.yakata.adapter.bacnet;

import dev.yakata.api.adapter.DeviceContext;
import dev.yakata.api.device.DeviceDefinition;
import dev.yakata.api.device.DeviceState;
import dev.yakata.api.device.DeviceStatus;
import dev.yakata.api.device.PointValue;
import dev.yakata.api.device.Quality;
import dev.yakata.api.event.Severity;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** The hub's side of one device for tests: records values and statuses, with a real two-thread scheduler. */
public final class RecordingContext implements DeviceContext, AutoCloseable {

    /** How long the tests wait for something that should happen (generous: tests never fail on timing). */
    public static final long WAIT_MILLIS = 15_000;

    private final DeviceDefinition device;
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    private final Map<String, PointValue> latest = new ConcurrentHashMap<>();
    /** Every status reported, in order. */
    public final List<DeviceStatus> statuses = new CopyOnWriteArrayList<>();
    /** Every value published, in order. */
    public final List<Map.Entry<String, PointValue>> values = new CopyOnWriteArrayList<>();

    public RecordingContext(DeviceDefinition device) {
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
        latest.put(pointId, value);
        values.add(Map.entry(pointId, value));
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

    /** @return the last value of a point, or null */
    public PointValue latest(String pointId) {
        return latest.get(pointId);
    }

    /** @return the last status, or null */
    public DeviceStatus status() {
        return statuses.isEmpty() ? null : statuses.get(statuses.size() - 1);
    }

    /** Waits until the point's latest value is {@code expected} with quality GOOD. */
    public void awaitValue(String pointId, Object expected) throws InterruptedException {
        await(pointId + " = " + expected, () -> {
            PointValue v = latest(pointId);
            return v != null && v.quality() == Quality.GOOD && Objects.equals(v.value(), expected);
        });
    }

    /** Waits until the device's last status has {@code state}. */
    public void awaitState(DeviceState state) throws InterruptedException {
        await("device " + state, () -> status() != null && status().state() == state);
    }

    /** Waits for {@code condition}, failing after {@link #WAIT_MILLIS}. */
    public static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + WAIT_MILLIS + " ms: " + what);
            }
            Thread.sleep(10);
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
