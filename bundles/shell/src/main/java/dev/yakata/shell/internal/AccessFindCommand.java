package dev.yakata.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "yakata", name = "access-find", description = "A person's entries and exits from the record.")
@Service
public class AccessFindCommand extends AccessCommandSupport {

    @Argument(index = 0, name = "person", description = "The person's id, e.g. P0107", required = true)
    String person;

    @Option(name = "--from", description = "ISO-8601 start (default 7 days ago)")
    String from;

    @Option(name = "--to", description = "ISO-8601 end (default now)")
    String to;

    @Override
    public Object execute() throws Exception {
        run("find", "person", person, "from", from, "to", to);
        return null;
    }
}
