package dev.yakata.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "yakata", name = "shutter-stop", description = "Stops a shutter, or every shutter of a group (--group), where it is. Use --reason to say why.")
@Service
public class ShutterStopCommand extends ShutterCommandSupport {

    @Override
    public Object execute() throws Exception {
        move("stop");
        return null;
    }
}
