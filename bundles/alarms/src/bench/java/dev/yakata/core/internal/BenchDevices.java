package dev.yakata.core.internal;

import dev.yakata.api.adapter.DeviceContext;
import dev.yakata.api.adapter.DeviceHandler;
import dev.yakata.api.command.CommandOutcome;
import dev.yakata.api.device.DeviceStatus;
import dev.yakata.bus.api.EventBus;
import dev.yakata.core.api.DeviceRegistry;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The alarm path benchmark's way into the core: a real {@link DeviceLifecycle} whose devices' adapter publishes
 * through each device's {@link DeviceContext}, as an adapter in the hub does. In the core's package because the
 * lifecycle is the core's private implementation (as the core's own benchmark reaches it).
 */
public final class BenchDevices implements AutoCloseable {

    private final DeviceLifecycle lifecycle;
    private final Map<String, DeviceContext> contexts = new ConcurrentHashMap<>();

    /** The flood guard is out of the way, so the benchmark measures the publish path, not the guard. */
    public BenchDevices(EventBus bus) {
        lifecycle = new DeviceLifecycle(bus, new CoreSettings(5_000, 5_000, 30_000, Integer.MAX_VALUE, 10),
                PolicyRules.parse("allow * *.*", "bench.policy").asPolicy(), PseudonymKey.random());
        lifecycle.adapterAdded("bench", (device, context) -> {
            contexts.put(device.id(), context);
            context.updateStatus(DeviceStatus.online());
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
    }

    /** Configures a sensor with analog points {@code points} and waits until its adapter opened it. */
    public DeviceContext device(String id, String... points) throws InterruptedException {
        Map<String, Object> config = new java.util.HashMap<>(Map.of("device.id", id, "device.type", "sensor",
                "adapter", "bench", "zone", "L2"));
        for (String point : points) {
            config.put("point." + point + ".kind", "analog");
            config.put("point." + point + ".unit", "°C");
        }
        lifecycle.configUpdated("bench-" + id, config);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!contexts.containsKey(id)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the benchmark device " + id + " did not open");
            }
            Thread.sleep(1);
        }
        return contexts.get(id);
    }

    public DeviceRegistry registry() {
        return lifecycle;
    }

    @Override
    public void close() throws InterruptedException {
        lifecycle.close();
    }
}
