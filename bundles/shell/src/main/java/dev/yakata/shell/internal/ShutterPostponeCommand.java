package dev.yakata.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "yakata", name = "shutter-postpone", description = "Postpones today's scheduled closing of the counter shutters to a later time; --reason is required.")
@Service
public class ShutterPostponeCommand extends AccessCommandSupport {

    @Argument(index = 0, name = "until", description = "The new time today, HH:mm in the building's zone", required = true)
    String until;

    @Override
    public Object execute() throws Exception {
        runOn(ShutterCommandSupport.SHUTTERS_DEVICE, "postpone-closing", "until", until);
        return null;
    }
}
