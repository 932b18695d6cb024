package dev.yakata.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "yakata", name = "alarm-list", description = "Lists the standing alarms (active, or returned and not acknowledged), highest priority first.")
@Service
public class AlarmListCommand extends AlarmCommandSupport {

    @Option(name = "--all", description = "Every configured alarm, NORMAL ones too")
    boolean all;

    @Option(name = "--show", description = "standing, all, shelved, suppressed or out-of-service")
    String show;

    @Override
    public Object execute() throws Exception {
        run("list", "show", all ? "all" : orNull(show));
        return null;
    }
}
