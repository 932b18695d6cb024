package dev.yakata.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "yakata", name = "alarm-load", description = "Alarm load (ISA-18.2): alarms per 10 minutes (average, peak), share of time in flood, the ten most frequent.")
@Service
public class AlarmLoadCommand extends AlarmCommandSupport {

    @Option(name = "--from", description = "ISO-8601 start; 7 days ago when absent")
    String from;

    @Option(name = "--to", description = "ISO-8601 end; now when absent")
    String to;

    @Override
    public Object execute() throws Exception {
        run("load", "from", orNull(from), "to", orNull(to));
        return null;
    }
}
