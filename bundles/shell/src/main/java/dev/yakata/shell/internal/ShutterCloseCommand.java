package dev.yakata.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "yakata", name = "shutter-close", description = "Closes a shutter, or every shutter of a group at once (--group), following the group's progress until its summary; refused while an obstruction is sensed. Use --reason to say why.")
@Service
public class ShutterCloseCommand extends ShutterCommandSupport {

    @Override
    public Object execute() throws Exception {
        move("close");
        return null;
    }
}
