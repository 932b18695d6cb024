package dev.yakata.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "yakata", name = "alarm-shelve", description = "Shelves an alarm for a limited time (--minutes, default 60) with a --reason; it comes back when the time is up.")
@Service
public class AlarmShelveCommand extends AlarmCommandSupport {

    @Argument(index = 0, name = "alarm", description = "The alarm id (condition@device), or a condition with one alarm", required = true)
    String alarm;

    @Option(name = "--minutes", description = "How long, 1 to the engine maxShelveMinutes (480 by default)")
    long minutes = 60;

    @Override
    public Object execute() throws Exception {
        run("shelve", "alarm", alarm, "minutes", minutes, "reason", orNull(reason));
        return null;
    }
}
