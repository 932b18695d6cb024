package dev.yakata.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "yakata", name = "alarm-disable", description = "Takes an alarm out of service until yakata:alarm-enable; needs a --reason.")
@Service
public class AlarmDisableCommand extends AlarmCommandSupport {

    @Argument(index = 0, name = "alarm", description = "The alarm id", required = true)
    String alarm;

    @Override
    public Object execute() throws Exception {
        run("disable", "alarm", alarm, "reason", orNull(reason));
        return null;
    }
}
