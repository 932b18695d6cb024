package dev.yakata.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "yakata", name = "access-export", description = "Exports the Level-3 entry/exit record as CSV in the offline verifier's format.")
@Service
public class AccessExportCommand extends AccessCommandSupport {

    @Option(name = "--from", description = "ISO-8601 start (default: the beginning)")
    String from;

    @Option(name = "--to", description = "ISO-8601 end (default: now)")
    String to;

    @Override
    public Object execute() throws Exception {
        run("export-record", "from", from, "to", to);
        return null;
    }
}
