package com.example.shutterworks.adapter;

import dev.yakata.api.adapter.DeviceContext;
import dev.yakata.api.adapter.EventPublication;
import dev.yakata.api.device.DeviceDefinition;
import dev.yakata.api.device.DeviceStatus;
import dev.yakata.api.device.PointValue;
import dev.yakata.api.event.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.BooleanSupplier;

/** A device context that records what the handler publishes, and waits for it; the hub's rules are the TCK's job. */
final class RecordingContext implements DeviceContext, AutoCloseable {

    record Published(String type, Severity severity, Map<String, Object> data, String correlationId) {
    }

    final DeviceDefinition device;
    final Map<String, PointValue> values = new ConcurrentHashMap<>();
    final List<Published> events = new CopyOnWriteArrayList<>();
    final List<DeviceStatus> statuses = new CopyOnWriteArrayList<>();
    private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(2);

    RecordingContext(DeviceDefinition device) {
        this.device = device;
        scheduler.setRemoveOnCancelPolicy(true);
    }

    @Override
    public DeviceDefinition device() {
        return device;
    }

    @Override
    public void publishValue(String pointId, PointValue value) {
        values.put(pointId, value);
    }

    @Override
    public EventPublication event(String type) {
        return new EventPublication() {
            private Severity severity = Severity.INFO;
            private final Map<String, Object> data = new LinkedHashMap<>();
            private String correlationId = "";

            @Override public EventPublication severity(Severity s) { severity = s; return this; }
            @Override public EventPublication put(String key, Object value) { data.put(key, value); return this; }
            @Override public EventPublication data(Map<String, ?> d) { data.putAll(d); return this; }
            @Override public EventPublication subject(String subject) { return this; }
            @Override public EventPublication deviceTime(Instant deviceTime) { return this; }
            @Override public EventPublication correlationId(String id) { correlationId = id; return this; }
            @Override public void publish() { events.add(new Published(type, severity, Map.copyOf(data), correlationId)); }
        };
    }

    @Override
    public void updateStatus(DeviceStatus status) {
        statuses.add(status);
    }

    @Override
    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    DeviceStatus lastStatus() {
        return statuses.isEmpty() ? null : statuses.get(statuses.size() - 1);
    }

    Object value(String point) {
        PointValue v = values.get(point);
        return v == null ? null : v.value();
    }

    /** Waits up to 5 s for the condition; fails with {@code what} and the last status. */
    void await(String what, BooleanSupplier condition) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("waited 5 s for " + what + "; status " + lastStatus() + ", values " + values
                        + ", events " + events);
            }
            Thread.sleep(20);
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
