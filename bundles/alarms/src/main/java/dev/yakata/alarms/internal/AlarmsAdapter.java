package dev.yakata.alarms.internal;

import dev.yakata.api.adapter.DeviceAdapter;
import dev.yakata.api.adapter.DeviceContext;
import dev.yakata.api.adapter.DeviceHandler;
import dev.yakata.api.device.DeviceDefinition;
import dev.yakata.api.device.DeviceStatus;
import dev.yakata.api.profile.Profiles;
import java.util.function.Supplier;

/**
 * The adapter {@value #ADAPTER} behind the {@code alarms} device (profile {@code alarm-management}): not hardware, so
 * the device is ONLINE as soon as it opens, and stays so while the alarm files are refused, so that {@code status}
 * and {@code list} still answer.
 */
final class AlarmsAdapter implements DeviceAdapter {

    static final String ADAPTER = "alarms";

    private final Supplier<DeviceHandler> handlers;

    AlarmsAdapter(Supplier<DeviceHandler> handlers) {
        this.handlers = handlers;
    }

    @Override
    public DeviceHandler open(DeviceDefinition device, DeviceContext context) {
        if (!Profiles.ALARM_MANAGEMENT.equals(device.profile())) {
            throw new IllegalArgumentException("the alarms adapter serves only a device of profile "
                    + Profiles.ALARM_MANAGEMENT + ", not '" + device.profile() + "'; set device.profile = "
                    + Profiles.ALARM_MANAGEMENT);
        }
        DeviceHandler handler = handlers.get();
        context.updateStatus(DeviceStatus.online());
        return handler;
    }
}
