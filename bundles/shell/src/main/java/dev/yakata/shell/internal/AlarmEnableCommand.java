package dev.yakata.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "yakata", name = "alarm-enable", description = "Returns an alarm to service.")
@Service
public class AlarmEnableCommand extends AlarmCommandSupport {

    @Argument(index = 0, name = "alarm", description = "The alarm id", required = true)
    String alarm;

    @Override
    public Object execute() throws Exception {
        run("enable", "alarm", alarm, "reason", orNull(reason));
        return null;
    }
}
