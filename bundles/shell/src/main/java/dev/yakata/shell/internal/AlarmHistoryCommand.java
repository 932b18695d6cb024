package dev.yakata.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "yakata", name = "alarm-history", description = "An alarm's (or every alarm's) events from the record: raised, acknowledged, shelved, ... with who and why.")
@Service
public class AlarmHistoryCommand extends AlarmCommandSupport {

    @Argument(index = 0, name = "alarm", description = "The alarm id; every alarm when absent")
    String alarm;

    @Option(name = "--from", description = "ISO-8601 start (2026-12-02T08:30 in the hub zone); 7 days ago when absent")
    String from;

    @Option(name = "--to", description = "ISO-8601 end; now when absent")
    String to;

    @Override
    public Object execute() throws Exception {
        run("history", "alarm", orNull(alarm), "from", orNull(from), "to", orNull(to));
        return null;
    }
}
