package dev.yakata.postures.internal;

import dev.yakata.api.adapter.DeviceAdapter;
import dev.yakata.api.adapter.DeviceContext;
import dev.yakata.api.adapter.DeviceHandler;
import dev.yakata.api.device.DeviceDefinition;
import dev.yakata.api.device.DeviceStatus;
import java.util.function.Supplier;

/**
 * The adapter {@value #ADAPTER} behind the {@code postures} device (profile {@value #PROFILE}): not hardware, so the
 * device is ONLINE as soon as it opens, and stays so while the postures file is refused, so {@code list} can say why.
 */
final class PosturesAdapter implements DeviceAdapter {

    static final String ADAPTER = "postures";
    static final String PROFILE = "postures";
    /** The device id the shipped file gives it, and the source of the postures' events. */
    static final String DEVICE = "postures";

    private final Supplier<DeviceHandler> handlers;

    PosturesAdapter(Supplier<DeviceHandler> handlers) {
        this.handlers = handlers;
    }

    @Override
    public DeviceHandler open(DeviceDefinition device, DeviceContext context) {
        if (!PROFILE.equals(device.profile())) {
            throw new IllegalArgumentException("the postures adapter serves only a device of profile " + PROFILE
                    + ", not '" + device.profile() + "'; set device.type = " + PROFILE);
        }
        DeviceHandler handler = handlers.get();
        context.updateStatus(DeviceStatus.online());
        return handler;
    }
}
