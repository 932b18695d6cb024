package dev.yakata.core.internal;

import dev.yakata.api.adapter.DeviceAdapter;
import dev.yakata.bus.api.EventBus;
import dev.yakata.core.api.CommandInterlock;
import dev.yakata.core.api.DeviceRegistry;
import dev.yakata.core.api.ProfileRegistry;
import java.time.Duration;
import java.util.Map;

/**
 * The core's real device registry and lifecycle (parsing against the profile, the command policy, the checks, the
 * action language, the time limits and the dispatch to real adapters), for code that must drive adapters exactly as
 * the hub does outside OSGi: other bundles' tests (postures, cctv) and the adapter TCK ({@code yakata-adapter-tck}).
 * It is public in the core's internal package, which the bundle does not export, because the lifecycle is the core's
 * private implementation: only code on a plain class path reaches it.
 */
public final class RealCore implements AutoCloseable {

    private final DeviceLifecycle lifecycle;

    /**
     * With open and close limits of 2 s, the command time limit given, and the policy text as {@code etc/yakata.policy}
     * would hold it.
     */
    public RealCore(EventBus bus, String policy, long commandTimeoutMillis) {
        this(bus, policy, Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofMillis(commandTimeoutMillis), 100_000);
    }

    /**
     * With the hub's time limits given (the core's {@code openTimeoutMillis}, {@code closeTimeoutMillis},
     * {@code commandTimeoutMillis}), the hub's event budget per device and second, and the policy text.
     */
    public RealCore(EventBus bus, String policy, Duration open, Duration close, Duration command, int maxEventsPerSecondPerDevice) {
        lifecycle = new DeviceLifecycle(bus, new CoreSettings(open.toMillis(), close.toMillis(), command.toMillis(),
                maxEventsPerSecondPerDevice, 1), PolicyRules.parse(policy, "yakata.policy").asPolicy(), PseudonymKey.random());
    }

    /** The hub's event budget per device and second ({@code maxEventsPerSecondPerDevice}) when the core starts with no settings. */
    public static int defaultEventBudget() {
        return CoreSettings.defaults().maxEventsPerSecondPerDevice();
    }

    public DeviceRegistry registry() {
        return lifecycle;
    }

    public ProfileRegistry profiles() {
        return new HubServices.ProfileComponent();
    }

    /** An adapter service arrived with this {@code yakata.adapter.id}; a second one for the same id is ignored, as in the hub. */
    public void adapter(String id, DeviceAdapter adapter) {
        lifecycle.adapterAdded(id, adapter);
    }

    public void interlock(CommandInterlock interlock) {
        lifecycle.interlockAdded(interlock);
    }

    /** A device configuration was created or changed, as ConfigAdmin delivers it; returns at once. */
    public void device(String pid, Map<String, ?> config) {
        lifecycle.configUpdated(pid, config);
    }

    /** A device configuration was deleted; returns at once. */
    public void deviceDeleted(String pid) {
        lifecycle.configDeleted(pid);
    }

    /**
     * Waits until every change queued so far has been applied (not for the adapter calls they started, which run under
     * their own time limits).
     */
    public void awaitIdle() throws InterruptedException {
        lifecycle.awaitIdle();
    }

    /** Stops every device, each under the close limit, and the core's threads. */
    @Override
    public void close() throws InterruptedException {
        lifecycle.close();
    }
}
