package com.example.shutterworks.adapter;

import dev.yakata.api.adapter.DeviceAdapter;
import dev.yakata.api.adapter.DeviceContext;
import dev.yakata.api.adapter.DeviceHandler;
import dev.yakata.api.device.DeviceDefinition;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code shutterworks} adapter: every device file with {@code adapter = shutterworks} is one SW-200 counter-shutter
 * controller, reached over SWP/1 (PROTOCOL.md) at {@code controller.host}:{@code controller.port}. The device must
 * play the {@code shutter} profile; its roles {@code obstruction}, {@code closed}, {@code position} and {@code state}
 * are published from the controller's STATE lines, and its actions {@code open}, {@code close} and {@code stop} are
 * sent as tagged requests.
 *
 * <p>{@link #open} only checks the file and schedules the first connection; it never touches the network. The
 * adapter keeps no state of its own: each device's {@link ControllerSession} holds its connection.
 */
@Component(property = DeviceAdapter.ADAPTER_ID + "=" + ShutterWorksAdapter.ID)
public class ShutterWorksAdapter implements DeviceAdapter {

    /** The adapter id device files name ({@code adapter = shutterworks}). */
    public static final String ID = "shutterworks";

    @Override
    public DeviceHandler open(DeviceDefinition device, DeviceContext context) {
        ControllerSettings settings = ControllerSettings.of(device);
        ShutterPoints points = ShutterPoints.of(device);
        ControllerSession session = new ControllerSession(context, settings, points);
        session.start();
        return session;
    }

    @Override
    public Set<String> secretSettings() {
        return ControllerSettings.SECRETS;
    }
}
