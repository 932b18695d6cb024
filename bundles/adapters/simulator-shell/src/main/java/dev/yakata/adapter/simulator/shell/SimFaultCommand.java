package dev.yakata.adapter.simulator.shell;

import dev.yakata.adapter.simulator.faults.FaultInjector;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code yakata:sim-fault DEVICE FAULT [--clear]}: injects or clears a fault on a simulated device. */
@Service
@Command(scope = "yakata", name = "sim-fault",
        description = "Injects a fault into a simulated device (feed loss, obstruction, forced door, ...), or clears it")
public class SimFaultCommand implements Action {

    @Reference
    FaultInjector injector;

    @Argument(index = 0, name = "device", required = true, description = "id of a device the simulator drives")
    @Completion(SimulatedDeviceCompleter.class)
    String deviceId;

    @Argument(index = 1, name = "fault", required = true,
            description = "fault name; the error message lists the device's faults when this one is wrong")
    @Completion(SimulatedFaultCompleter.class)
    String fault;

    @Option(name = "--clear", aliases = "-c", description = "clear the fault instead of injecting it")
    boolean clear;

    @Override
    public Object execute() {
        if (clear) {
            injector.clear(deviceId, fault);
        } else {
            injector.inject(deviceId, fault);
        }
        System.out.println((clear ? "Cleared " : "Injected ") + fault + " on " + deviceId + "; active faults: "
                + (injector.activeFaults(deviceId).isEmpty() ? "none"
                        : String.join(", ", injector.activeFaults(deviceId))));
        return null;
    }
}
