package dev.yakata.testkit;

import dev.yakata.api.adapter.DeviceContext;
import dev.yakata.api.adapter.EventPublication;
import dev.yakata.core.model.Values;
import dev.yakata.api.device.DeviceDefinition;
import dev.yakata.api.device.DeviceState;
import dev.yakata.api.device.DeviceStatus;
import dev.yakata.api.device.PointDefinition;
import dev.yakata.api.device.PointValue;
import dev.yakata.api.event.Severity;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * The hub's side of one device, for an adapter's unit tests: records the values, events and statuses a handler
 * publishes, runs its scheduled work on a real scheduler, and waits for what the test expects. It treats values as
 * the hub does (the hub's own conversion rules, unchanged values skipped, unknown points and unconvertible values
 * dropped, nothing after close), so an adapter that passes here behaves the same in the hub. {@link TestHub} opens
 * devices and runs commands under the hub's time limits and checks.
 */
public final class RecordingDeviceContext implements DeviceContext, AutoCloseable {

    /** A value as published. */
    public record Value(String pointId, PointValue value) {
    }

    /** An event as published. */
    public record Event(String type, Severity severity, Map<String, Object> data, String subject,
            java.time.Instant deviceTime, String correlationId) {
    }

    private final DeviceDefinition device;
    private final Duration wait;
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    /** Every value published, in order. */
    public final List<Value> values = new CopyOnWriteArrayList<>();
    /** Every event published, in order. */
    public final List<Event> events = new CopyOnWriteArrayList<>();
    /** Every status reported, in order. */
    public final List<DeviceStatus> statuses = new CopyOnWriteArrayList<>();
    /** Every value the hub would have dropped, with why. */
    public final List<String> dropped = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    /** A context whose waits give up after 10 s. */
    public RecordingDeviceContext(DeviceDefinition device) {
        this(device, Duration.ofSeconds(10));
    }

    /** A context whose waits give up after {@code wait} (slow peers need longer). */
    public RecordingDeviceContext(DeviceDefinition device, Duration wait) {
        this.device = device;
        this.wait = wait;
    }

    @Override
    public DeviceDefinition device() {
        return device;
    }

    /**
     * As the hub does: a value for a point the device file does not declare, or one that cannot be converted to the
     * point's kind, is dropped (and listed in {@link #dropped}, which a failed wait prints); other number types are
     * converted; an unchanged value (same value and quality) is not recorded again; nothing is recorded after close.
     */
    @Override
    public void publishValue(String pointId, PointValue value) {
        if (closed || value == null) {
            return;
        }
        PointDefinition point = device.point(pointId).orElse(null);
        if (point == null) {
            dropped.add("unknown point '" + pointId + "' (" + value + ")");
            return;
        }
        PointValue typed = value;
        if (value.value() != null && !point.kind().accepts(value.value())) {
            Object converted = Values.published(point.kind(), value.value());
            if (converted == null) {
                dropped.add(value.value().getClass().getSimpleName() + " '" + value.value() + "' for " + point.kind()
                        + " point '" + pointId + "'");
                return;
            }
            typed = new PointValue(converted, value.quality(), value.timestamp());
        }
        PointValue previous = latest(pointId);
        if (previous != null && previous.quality() == typed.quality() && java.util.Objects.equals(previous.value(), typed.value())) {
            return;
        }
        values.add(new Value(pointId, typed));
    }

    @Override
    public EventPublication event(String type) {
        return new EventPublication() {
            private Severity severity = Severity.INFO;
            private final Map<String, Object> data = new java.util.LinkedHashMap<>();
            private String subject = "";
            private java.time.Instant deviceTime;
            private String correlationId = "";

            @Override public EventPublication severity(Severity value) { severity = value; return this; }
            @Override public EventPublication put(String key, Object value) { data.put(key, value); return this; }
            @Override public EventPublication data(Map<String, ?> values) { data.putAll(values); return this; }
            @Override public EventPublication subject(String value) { subject = value; return this; }
            @Override public EventPublication deviceTime(java.time.Instant value) { deviceTime = value; return this; }
            @Override public EventPublication correlationId(String value) { correlationId = value; return this; }
            @Override public void publish() {
                if (closed) {
                    return;
                }
                events.add(new Event(type, severity, java.util.Collections.unmodifiableMap(data), subject, deviceTime, correlationId));
            }
        };
    }

    @Override
    public void updateStatus(DeviceStatus status) {
        if (closed) {
            return;
        }
        statuses.add(status);
    }

    @Override
    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /** The last value published to a point, with quality and time, or {@code null}. */
    public PointValue latest(String pointId) {
        PointValue latest = null;
        for (Value v : values) {
            if (v.pointId().equals(pointId)) {
                latest = v.value();
            }
        }
        return latest;
    }

    /** The last value published to a point (just the value), or {@code null}. */
    public Object last(String pointId) {
        PointValue latest = latest(pointId);
        return latest == null ? null : latest.value();
    }

    /** Every value published to a point, in order. */
    public List<Object> history(String pointId) {
        return values.stream().filter(v -> v.pointId().equals(pointId)).map(v -> v.value().value()).toList();
    }

    /** The events of one type, in order. */
    public List<Event> events(String type) {
        return events.stream().filter(e -> e.type().equals(type)).toList();
    }

    /** The last status reported, or UNKNOWN before the first. */
    public DeviceStatus status() {
        return statuses.isEmpty() ? DeviceStatus.unknown() : statuses.get(statuses.size() - 1);
    }

    /** Waits until the point's latest value (with quality) matches, and returns it. */
    public PointValue awaitPoint(String pointId, Predicate<PointValue> condition) throws InterruptedException {
        await("point " + pointId + " matches", () -> latest(pointId) != null && condition.test(latest(pointId)));
        return latest(pointId);
    }

    /** Waits until the point's latest value matches, and returns it. */
    public Object awaitValue(String pointId, Predicate<Object> condition) throws InterruptedException {
        return awaitPoint(pointId, v -> condition.test(v.value())).value();
    }

    /** Waits until the point's latest value equals {@code expected}. */
    public void awaitValue(String pointId, Object expected) throws InterruptedException {
        awaitPoint(pointId, v -> expected.equals(v.value()));
    }

    /** Waits for the first event of a type. */
    public Event awaitEvent(String type) throws InterruptedException {
        await("a " + type + " event", () -> !events(type).isEmpty());
        return events(type).get(0);
    }

    /** Waits until the latest status matches, and returns it. */
    public DeviceStatus awaitStatus(Predicate<DeviceStatus> condition) throws InterruptedException {
        await("the status matches", () -> condition.test(status()));
        return status();
    }

    public void awaitState(DeviceState state) throws InterruptedException {
        awaitStatus(s -> s.state() == state);
    }

    public void awaitOnline() throws InterruptedException {
        awaitStatus(s -> s.equals(DeviceStatus.online()));
    }

    /** Waits until {@code condition} holds; fails with what was recorded. */
    public void await(String what, BooleanSupplier condition) throws InterruptedException {
        if (!poll(wait, condition)) {
            throw new AssertionError("timed out after " + wait.toSeconds() + " s waiting until " + what
                    + "; statuses " + statuses + ", values " + values + ", events " + events
                    + (dropped.isEmpty() ? "" : ", dropped as the hub would " + dropped));
        }
    }

    /** Waits until a condition outside any one device holds (a simulated peer's state, say), for up to {@code wait}. */
    public static void awaitCondition(String what, Duration wait, BooleanSupplier condition) throws InterruptedException {
        if (!poll(wait, condition)) {
            throw new AssertionError("timed out after " + wait.toSeconds() + " s waiting until " + what);
        }
    }

    private static boolean poll(Duration wait, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    /** Ignores everything published from now on and stops the scheduler, as the hub does for a closed device. */
    @Override
    public void close() throws InterruptedException {
        closed = true;
        scheduler.shutdownNow();
        scheduler.awaitTermination(5, TimeUnit.SECONDS);
    }
}
