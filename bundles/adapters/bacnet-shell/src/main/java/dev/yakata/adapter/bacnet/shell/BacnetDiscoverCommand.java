package dev.yakata.adapter.bacnet.shell;

import dev.yakata.adapter.bacnet.discovery.BacnetDiscovery;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * {@code yakata:bacnet-discover [--address ip[:port]] [--low N --high N] [--wait ms] [--devices-only]}: lists BACnet
 * devices and their objects (type, instance, name, units, present value), to write device files from.
 */
@Service
@Command(scope = "yakata", name = "bacnet-discover",
        description = "Lists BACnet/IP devices (Who-Is) and their objects with names, units and present values")
public class BacnetDiscoverCommand implements Action {

    @Reference
    BacnetDiscovery discovery;

    @Option(name = "--address", aliases = "-a",
            description = "ip[:port] to ask with a unicast Who-Is; without it Who-Is is broadcast")
    String address;

    @Option(name = "--low", description = "lowest device instance to ask for")
    long low = -1;

    @Option(name = "--high", description = "highest device instance to ask for")
    long high = -1;

    @Option(name = "--wait", aliases = "-w", description = "milliseconds to collect I-Am answers")
    long waitMillis = 2000;

    @Option(name = "--devices-only", aliases = "-d", description = "list devices without reading their objects")
    boolean devicesOnly;

    @Override
    public Object execute() throws Exception {
        long from = low;
        long to = high;
        if (from >= 0 && to < 0) {
            to = from;
        } else if (to >= 0 && from < 0) {
            from = 0;
        }
        List<BacnetDiscovery.DeviceInfo> devices = discovery.discover(address, from, to, waitMillis, !devicesOnly);
        if (devices.isEmpty()) {
            System.out.println("No BACnet device answered within " + waitMillis + " ms");
            return null;
        }
        for (BacnetDiscovery.DeviceInfo device : devices) {
            System.out.printf("device %d \"%s\" at %s (vendor %d, max APDU %d)%n", device.instance(), device.name(),
                    device.address(), device.vendorId(), device.maxApdu());
            if (!device.problem().isEmpty()) {
                System.out.println("  objects not listed: " + device.problem());
            }
            if (!device.objects().isEmpty()) {
                System.out.printf("  %-24s %-9s %-32s %-8s %s%n", "Type", "Instance", "Name", "Units",
                        "Present value");
                for (BacnetDiscovery.ObjectInfo object : device.objects()) {
                    System.out.printf("  %-24s %-9d %-32s %-8s %s%n", object.type(), object.instance(),
                            object.name(), object.units(), object.presentValue());
                }
            }
        }
        return null;
    }
}
