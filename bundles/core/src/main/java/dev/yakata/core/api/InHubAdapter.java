package dev.yakata.core.api;

import dev.yakata.api.adapter.DeviceAdapter;
import dev.yakata.api.adapter.DeviceContext;
import dev.yakata.api.adapter.DeviceHandler;
import dev.yakata.api.device.DeviceDefinition;
import dev.yakata.api.device.DeviceStatus;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The adapter behind one of the hub's own devices (access control, the alarm engine, shutter supervision, postures):
 * no hardware, only the operators' commands made actions of a device, so that the command policy decides each one
 * and the audit trail records it. It serves devices of one profile only, and a device is ONLINE as soon as it opens:
 * its bundle answers (status, lists) even while its own files are refused. Register it as a {@link DeviceAdapter}
 * service with {@code yakata.adapter.id} = {@link #adapterId()}.
 */
public final class InHubAdapter implements DeviceAdapter {

    private final String adapterId;
    private final String profile;
    private final Supplier<DeviceHandler> handlers;

    /** @param handlers makes the handler for each opening of the device */
    public InHubAdapter(String adapterId, String profile, Supplier<DeviceHandler> handlers) {
        this.adapterId = Objects.requireNonNull(adapterId, "adapterId");
        this.profile = Objects.requireNonNull(profile, "profile");
        this.handlers = Objects.requireNonNull(handlers, "handlers");
    }

    public String adapterId() {
        return adapterId;
    }

    @Override
    public DeviceHandler open(DeviceDefinition device, DeviceContext context) {
        if (!profile.equals(device.profile())) {
            throw new IllegalArgumentException("the " + adapterId + " adapter serves only a device of profile " + profile
                    + ", not '" + device.profile() + "'; set device.profile = " + profile);
        }
        DeviceHandler handler = handlers.get();
        context.updateStatus(DeviceStatus.online());
        return handler;
    }
}
