package dev.yakata.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "yakata", name = "access-forgive", description = "Forgets where a person is, so anti-passback lets their next swipe pass. Use --reason to say why.")
@Service
public class AccessForgiveCommand extends AccessCommandSupport {

    @Argument(index = 0, name = "person", description = "The person's id", required = true)
    String person;

    @Override
    public Object execute() throws Exception {
        run("forgive-passback", "person", person, "reason", reason.isEmpty() ? null : reason);
        return null;
    }
}
