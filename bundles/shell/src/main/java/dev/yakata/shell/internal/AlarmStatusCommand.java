package dev.yakata.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "yakata", name = "alarm-status", description = "The alarm files in force (or the line that keeps a save out), the alarm counts and the rebuild from the record.")
@Service
public class AlarmStatusCommand extends AlarmCommandSupport {

    @Override
    public Object execute() throws Exception {
        run("status");
        return null;
    }
}
