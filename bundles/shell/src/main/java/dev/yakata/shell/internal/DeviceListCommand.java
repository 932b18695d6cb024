package dev.yakata.shell.internal;

import dev.yakata.api.device.DeviceDefinition;
import dev.yakata.core.api.DeviceInfo;
import dev.yakata.core.api.DeviceRegistry;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "yakata", name = "device-list", description = "Lists the configured devices with their status and its reason.")
@Service
public class DeviceListCommand implements Action {

    @Option(name = "--state", description = "Only devices in this state: ONLINE, OFFLINE, FAULT or UNKNOWN")
    String state;

    @Option(name = "--no-format", description = "Plain output, for scripts")
    boolean noFormat;

    @Reference
    DeviceRegistry registry;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Id");
        table.column("Type");
        table.column("Adapter");
        table.column("Floor");
        table.column("Zone");
        table.column("State");
        table.column("Reason").maxSize(100).wrap();
        for (DeviceInfo device : registry.devices()) {
            if (state != null && !device.status().state().name().equalsIgnoreCase(state)) {
                continue;
            }
            DeviceDefinition d = device.definition();
            table.addRow().addContent(device.id(), d == null ? "?" : d.type(), d == null ? "?" : d.adapterId(),
                    d == null ? "" : d.floor(), d == null ? "" : d.zone(), device.status().state(), device.status().reason());
        }
        table.print(System.out, !noFormat);
        return null;
    }
}
