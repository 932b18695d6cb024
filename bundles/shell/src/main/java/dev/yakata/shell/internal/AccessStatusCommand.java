package dev.yakata.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "yakata", name = "access-status", description = "The access files in force (people, cards, doors, rules), or the error that keeps the previous ones in force.")
@Service
public class AccessStatusCommand extends AccessCommandSupport {

    @Override
    public Object execute() throws Exception {
        run("status");
        return null;
    }
}
