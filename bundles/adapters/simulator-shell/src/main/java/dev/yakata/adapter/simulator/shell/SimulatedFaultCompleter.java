package dev.yakata.adapter.simulator.shell;

import dev.yakata.adapter.simulator.faults.FaultInjector;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Candidate;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;

/** Completes the fault names of the device named earlier on the command line. */
@Service
public class SimulatedFaultCompleter implements Completer {

    @Reference
    FaultInjector injector;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return Completions.complete(commandLine, faults(commandLine), candidates);
    }

    @Override
    public void completeCandidates(Session session, CommandLine commandLine, List<Candidate> candidates) {
        faults(commandLine).forEach(fault -> candidates.add(new Candidate(fault)));
    }

    private List<String> faults(CommandLine commandLine) {
        for (String argument : commandLine.getArguments()) {
            if (injector.simulatedDevices().contains(argument)) {
                return injector.faults(argument);
            }
        }
        return List.of();
    }
}
