package dev.yakata.core.internal;

import dev.yakata.api.adapter.DeviceAdapter;
import dev.yakata.bus.api.EventBus;
import dev.yakata.core.api.DeviceRegistry;
import dev.yakata.core.api.ProfileRegistry;
import java.util.Map;

/**
 * The core's real device registry and lifecycle (policy, checks, action language, dispatch) for other bundles' tests
 * (postures, cctv; the core's test jar), built the way the core's own tests build it. In the core's package because the lifecycle is internal to the core;
 * only tests on a plain class path can reach it so.
 */
public final class RealCore implements AutoCloseable {

    private final DeviceLifecycle lifecycle;

    /** With the command time limit given, and the policy text as {@code etc/yakata.policy} would hold it. */
    public RealCore(EventBus bus, String policy, long commandTimeoutMillis) {
        lifecycle = new DeviceLifecycle(bus, new CoreSettings(2_000, 2_000, commandTimeoutMillis, 100_000, 1),
                PolicyRules.parse(policy, "yakata.policy").asPolicy(), PseudonymKey.random());
    }

    public DeviceRegistry registry() {
        return lifecycle;
    }

    public ProfileRegistry profiles() {
        return new HubServices.ProfileComponent();
    }

    public void adapter(String id, DeviceAdapter adapter) {
        lifecycle.adapterAdded(id, adapter);
    }

    public void device(String pid, Map<String, ?> config) {
        lifecycle.configUpdated(pid, config);
    }

    public void deviceDeleted(String pid) {
        lifecycle.configDeleted(pid);
    }

    @Override
    public void close() throws InterruptedException {
        lifecycle.close();
    }
}
