package dev.yakata.core.internal;

import dev.yakata.api.adapter.DeviceContext;
import dev.yakata.api.adapter.DeviceHandler;
import dev.yakata.api.command.CommandOutcome;
import dev.yakata.api.device.DeviceStatus;
import dev.yakata.api.device.PointValue;
import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventTypes;
import dev.yakata.bus.api.EventBus;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark's way into the core: a real {@link DeviceLifecycle} with one configured device whose adapter
 * publishes through its {@link DeviceContext}, exactly as an adapter in the hub does. Part of the core's own
 * benchmark sources (src/bench, profile {@code bench}), so it reaches the lifecycle the way the core's tests do.
 */
final class CorePublishPath implements AutoCloseable {

    private final DeviceLifecycle lifecycle;
    private final DeviceContext context;
    private double next;

    /**
     * Opens one device on {@code bus}. The flood guard is set out of the way (it would otherwise, rightly,
     * turn a device publishing this fast FAULT), so the benchmark measures the publish path itself.
     */
    CorePublishPath(EventBus bus) throws InterruptedException {
        lifecycle = new DeviceLifecycle(bus, new CoreSettings(5_000, 5_000, 30_000, Integer.MAX_VALUE, 10),
                PolicyRules.parse("allow * *.*", "bench.policy").asPolicy(), PseudonymKey.random());
        DeviceContext[] opened = new DeviceContext[1];
        CountDownLatch ready = new CountDownLatch(1);
        lifecycle.adapterAdded("bench", (device, context) -> {
            opened[0] = context;
            context.updateStatus(DeviceStatus.online());
            ready.countDown();
            return new DeviceHandler() {
                @Override
                public CompletableFuture<CommandOutcome> execute(dev.yakata.api.command.Command command) {
                    return CompletableFuture.completedFuture(CommandOutcome.completed(command));
                }

                @Override
                public void close() {
                }
            };
        });
        lifecycle.configUpdated("bench-1", Map.of("device.id", "bench.device", "device.type", "sensor", "adapter", "bench",
                "zone", "L2", "point.value.kind", "analog", "point.value.unit", "°C"));
        if (!ready.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the benchmark device did not open");
        }
        context = opened[0];
    }

    /**
     * Publishes the equivalent of {@code event} as an adapter would: a point value for {@code point.changed}
     * (a new value each time, since unchanged values are not republished), an event otherwise.
     */
    boolean publish(Event event) {
        if (EventTypes.POINT_CHANGED.equals(event.type())) {
            context.publishValue("value", PointValue.good(next++));
        } else {
            context.publishEvent(event.type(), event.severity(), event.data());
        }
        return true;
    }

    @Override
    public void close() throws InterruptedException {
        lifecycle.close();
    }
}
