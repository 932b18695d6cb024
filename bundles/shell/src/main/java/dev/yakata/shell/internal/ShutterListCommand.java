package dev.yakata.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "yakata", name = "shutter-list", description = "Every counter shutter's state as the hub supervises it, the groups, today's closing and the shutters file in force.")
@Service
public class ShutterListCommand extends AccessCommandSupport {

    @Override
    public Object execute() throws Exception {
        runOn(ShutterCommandSupport.SHUTTERS_DEVICE, "status");
        return null;
    }
}
