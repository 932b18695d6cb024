package dev.yakata.shutters.internal;

import dev.yakata.api.adapter.DeviceAdapter;
import dev.yakata.api.adapter.DeviceContext;
import dev.yakata.api.adapter.DeviceHandler;
import dev.yakata.api.device.DeviceDefinition;
import dev.yakata.api.device.DeviceStatus;
import java.util.function.Supplier;

/**
 * The adapter {@value #ADAPTER} behind the {@code shutters} device (profile {@code shutter-control}): not hardware, so
 * the device is ONLINE as soon as it opens, and stays so while the shutters file is refused, so that {@code status}
 * still answers.
 */
final class ShuttersAdapter implements DeviceAdapter {

    static final String ADAPTER = "shutters";
    static final String DEVICE = "shutters";
    static final String PROFILE = "shutter-control";

    private final Supplier<DeviceHandler> handlers;

    ShuttersAdapter(Supplier<DeviceHandler> handlers) {
        this.handlers = handlers;
    }

    @Override
    public DeviceHandler open(DeviceDefinition device, DeviceContext context) {
        if (!PROFILE.equals(device.profile())) {
            throw new IllegalArgumentException("the shutters adapter serves only a device of profile " + PROFILE
                    + ", not '" + device.profile() + "'; set device.type = " + PROFILE);
        }
        DeviceHandler handler = handlers.get();
        context.updateStatus(DeviceStatus.online());
        return handler;
    }
}
