package dev.yakata.access.internal;

import dev.yakata.api.adapter.DeviceAdapter;
import dev.yakata.api.adapter.DeviceContext;
import dev.yakata.api.adapter.DeviceHandler;
import dev.yakata.api.device.DeviceDefinition;
import dev.yakata.api.device.DeviceStatus;
import dev.yakata.api.profile.Profiles;
import java.util.function.Supplier;

/**
 * The adapter {@value #ADAPTER} behind the {@code access} device (profile {@code access-control}): it is not hardware,
 * so the device is ONLINE as soon as it opens, and stays so while the access files are refused, so that
 * {@code status} and {@code import-people} still answer.
 */
final class AccessAdapter implements DeviceAdapter {

    static final String ADAPTER = "access";

    private final Supplier<DeviceHandler> handlers;

    AccessAdapter(Supplier<DeviceHandler> handlers) {
        this.handlers = handlers;
    }

    @Override
    public DeviceHandler open(DeviceDefinition device, DeviceContext context) {
        if (!Profiles.ACCESS_CONTROL.equals(device.profile())) {
            throw new IllegalArgumentException("the access adapter serves only a device of profile "
                    + Profiles.ACCESS_CONTROL + ", not '" + device.profile() + "'; set device.type = "
                    + Profiles.ACCESS_CONTROL);
        }
        DeviceHandler handler = handlers.get();
        context.updateStatus(DeviceStatus.online());
        return handler;
    }
}
