package dev.yakata.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "yakata", name = "snapshot-list", description = "Lists the entrance snapshots taken on door events, newest first (operators and above; each listing is audited).")
@Service
public class SnapshotListCommand extends SnapshotCommandSupport {

    @Option(name = "--last", description = "How far back: 30m, 12h, 1d (default), 7d")
    String last;

    @Option(name = "--door", description = "Only this door's snapshots (a door's device id)")
    String door;

    @Override
    public Object execute() throws Exception {
        run("list", "last", last, "door", door);
        return null;
    }
}
