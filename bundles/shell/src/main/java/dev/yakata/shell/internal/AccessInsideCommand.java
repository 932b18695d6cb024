package dev.yakata.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "yakata", name = "access-inside", description = "Who is inside each Level-3 room now (the muster list), anyone past the room's maximum stay flagged.")
@Service
public class AccessInsideCommand extends AccessCommandSupport {

    @Argument(index = 0, name = "room", description = "One room's id (default: every Level-3 room)")
    String room;

    @Override
    public Object execute() throws Exception {
        run("inside", "room", room);
        return null;
    }
}
