package dev.yakata.shell.internal;

import dev.yakata.api.device.DeviceDefinition;
import dev.yakata.core.api.DeviceInfo;
import dev.yakata.core.api.DeviceRegistry;
import java.io.PrintStream;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
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

    @Option(name = "--no-format", description = "Plain output, for scripts: one device per line, tab-separated, no header")
    boolean noFormat;

    @Reference
    DeviceRegistry registry;

    @Override
    public Object execute() {
        print(registry.devices(), state, noFormat, System.out);
        return null;
    }

    /**
     * The table, or for {@code noFormat} one line per device: its fields separated by tabs, no header, no padding, so
     * a script can split on lines and then on tabs.
     */
    static void print(Collection<DeviceInfo> devices, String state, boolean noFormat, PrintStream out) {
        List<DeviceInfo> shown = devices.stream()
                .filter(d -> state == null || d.status().state().name().equalsIgnoreCase(state)).collect(Collectors.toList());
        if (noFormat) {
            for (DeviceInfo device : shown) {
                out.println(String.join("\t", fields(device)));
            }
            return;
        }
        ShellTable table = new ShellTable();
        for (String column : new String[] {"Id", "Type", "Adapter", "Floor", "Zone", "State"}) {
            table.column(column);
        }
        table.column("Reason").maxSize(100).wrap(); // a terminal reads a long reason wrapped
        for (DeviceInfo device : shown) {
            table.addRow().addContent(fields(device).toArray());
        }
        table.print(out, true);
    }

    private static List<String> fields(DeviceInfo device) {
        DeviceDefinition d = device.definition();
        return List.of(device.id(), d == null ? "?" : d.type(), d == null ? "?" : d.adapterId(), d == null ? "" : oneLine(d.floor()),
                d == null ? "" : oneLine(d.zone()), device.status().state().name(), oneLine(device.status().reason()));
    }

    /** Text with line breaks or tabs (an adapter's multi-line error) on one line, so it stays one field of one line. */
    static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("[\\t\\r\\n]+", " ").strip();
    }
}
