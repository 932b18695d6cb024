package dev.yakata.adapter.simulator.shell;

import dev.yakata.adapter.simulator.faults.FaultInjector;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Candidate;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;

/** Completes the ids of the devices the simulator drives. */
@Service
public class SimulatedDeviceCompleter implements Completer {

    @Reference
    FaultInjector injector;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return Completions.complete(commandLine, List.copyOf(injector.simulatedDevices()), candidates);
    }

    @Override
    public void completeCandidates(Session session, CommandLine commandLine, List<Candidate> candidates) {
        injector.simulatedDevices().forEach(id -> candidates.add(new Candidate(id)));
    }
}
