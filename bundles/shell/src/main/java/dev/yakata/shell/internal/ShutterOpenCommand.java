package dev.yakata.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "yakata", name = "shutter-open", description = "Opens a shutter, or every shutter of a group (--group), following the group's progress until its summary. Use --reason to say why.")
@Service
public class ShutterOpenCommand extends ShutterCommandSupport {

    @Override
    public Object execute() throws Exception {
        move("open");
        return null;
    }
}
