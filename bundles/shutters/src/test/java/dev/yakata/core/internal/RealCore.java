package dev.yakata.core.internal;

import dev.yakata.api.adapter.DeviceAdapter;
import dev.yakata.bus.api.EventBus;
import dev.yakata.core.api.CommandInterlock;
import dev.yakata.core.api.DeviceRegistry;
import java.util.Map;

/**
 * The core's real device lifecycle, for tests of bundles built on it: real parsing of device files against their
 * profile, the real command policy from a policy file's text, the checks, the interlocks and the dispatch to real
 * adapters. It lives in the core's package (on the test class path only) because the lifecycle is the core's private
 * implementation, which no bundle may import.
 */
public final class RealCore implements AutoCloseable {

    private final DeviceLifecycle lifecycle;

    /** With the hub's default time limits, except a command limit of {@code commandTimeoutMillis}. */
    public RealCore(EventBus bus, String policyText, long commandTimeoutMillis) {
        lifecycle = new DeviceLifecycle(bus, new CoreSettings(5_000, 5_000, commandTimeoutMillis, 100_000, 10),
                PolicyRules.parse(policyText, "yakata.policy").asPolicy(), PseudonymKey.random());
    }

    public DeviceRegistry registry() {
        return lifecycle;
    }

    public void adapter(String id, DeviceAdapter adapter) {
        lifecycle.adapterAdded(id, adapter);
    }

    public void interlock(CommandInterlock interlock) {
        lifecycle.interlockAdded(interlock);
    }

    /** A device file's keys, as Felix FileInstall would deliver {@code etc/dev.yakata.device-<name>.cfg}. */
    public void device(String name, Map<String, Object> keys) {
        Map<String, Object> config = new java.util.HashMap<>(keys);
        config.put("felix.fileinstall.filename", "file:/opt/yakata/etc/dev.yakata.device-" + name + ".cfg");
        lifecycle.configUpdated("pid-" + name, config);
    }

    public void deleteDevice(String name) {
        lifecycle.configDeleted("pid-" + name);
    }

    @Override
    public void close() throws InterruptedException {
        lifecycle.close();
    }
}
