package dev.yakata.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "yakata", name = "shutter-reset", description = "Clears a shutter's FAULT after it was inspected; --reason (what was inspected) is required.")
@Service
public class ShutterResetCommand extends AccessCommandSupport {

    @Argument(index = 0, name = "shutter", description = "The shutter's device id", required = true)
    String shutter;

    @Override
    public Object execute() throws Exception {
        runOn(ShutterCommandSupport.SHUTTERS_DEVICE, "reset", "shutter", shutter);
        return null;
    }
}
