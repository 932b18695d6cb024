package dev.yakata.shell.internal;

import dev.yakata.api.device.PointDefinition;
import dev.yakata.api.device.PointValue;
import dev.yakata.core.api.DeviceInfo;
import dev.yakata.core.api.DeviceRegistry;
import java.util.Map;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "yakata", name = "device-points", description = "Shows a device's points with their latest value, quality and time.")
@Service
public class DevicePointsCommand implements Action {

    @Argument(index = 0, name = "device", description = "The device id", required = true)
    @Completion(DeviceIdCompleter.class)
    String deviceId;

    @Option(name = "--no-format", description = "Plain output, for scripts")
    boolean noFormat;

    @Reference
    DeviceRegistry registry;

    @Override
    public Object execute() {
        DeviceInfo device = registry.device(deviceId).orElse(null);
        if (device == null || device.definition() == null) {
            System.err.println(device == null ? "No device '" + deviceId + "'; yakata:device-list shows the configured devices"
                    : "Device '" + deviceId + "' has no usable configuration: " + device.status().reason());
            return null;
        }
        System.out.println(deviceId + " — " + device.definition().name() + " — " + device.status());
        Map<String, PointValue> values = registry.values(deviceId);
        ShellTable table = new ShellTable();
        table.column("Point");
        table.column("Value");
        table.column("Unit");
        table.column("Quality");
        table.column("Time");
        table.column("Kind");
        table.column("Writable");
        table.column("Tags");
        for (PointDefinition point : device.definition().points()) {
            PointValue value = values.get(point.id());
            table.addRow().addContent(point.id(), value == null ? "-" : String.valueOf(value.value()), point.unit(),
                    value == null ? "-" : value.quality(), value == null ? "-" : value.timestamp(),
                    point.kind().name().toLowerCase(java.util.Locale.ROOT), point.writable() ? "yes" : "", String.join(",", point.tags()));
        }
        table.print(System.out, !noFormat);
        return null;
    }
}
