package ${package};

import dev.yakata.api.adapter.DeviceAdapter;
import dev.yakata.api.adapter.DeviceContext;
import dev.yakata.api.adapter.DeviceHandler;
import dev.yakata.api.device.DeviceDefinition;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code ${adapterId}} adapter: every device file with {@code adapter = ${adapterId}} is one device reached over
 * its TCP line protocol ({@link ${classPrefix}Protocol}) at {@code connection.host}:{@code connection.port}. Each
 * point of the file is read from the device's value of the same address ({@code point.<id>.address}, the point's id
 * when absent); writable points are written, and the device-level action {@code reset} is sent as it is.
 *
 * <p>{@link #open} only checks the file and schedules the first connection; it never touches the network. The
 * adapter keeps no state of its own: each device's {@link ${classPrefix}Session} holds its connection.
 */
@Component(property = DeviceAdapter.ADAPTER_ID + "=" + ${classPrefix}Adapter.ID)
public class ${classPrefix}Adapter implements DeviceAdapter {

    /** The adapter id device files name ({@code adapter = ${adapterId}}). */
    public static final String ID = "${adapterId}";

    @Override
    public DeviceHandler open(DeviceDefinition device, DeviceContext context) {
        // Throws for a setting the device file must fix: the hub shows the message as the device's FAULT reason.
        ${classPrefix}Settings settings = ${classPrefix}Settings.of(device);
        ${classPrefix}Session session = new ${classPrefix}Session(context, settings);
        session.start();
        return session;
    }

    @Override
    public Set<String> secretSettings() {
        // Settings the hub must show as ****** (a password, an API key). This device has none.
        return ${classPrefix}Settings.SECRETS;
    }
}
