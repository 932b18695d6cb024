package dev.yakata.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "yakata", name = "snapshot-open", description = "Gives one entrance snapshot's file path, or copies it to the export folder (operators and above; each viewing is audited).")
@Service
public class SnapshotOpenCommand extends SnapshotCommandSupport {

    @Argument(index = 0, name = "id", description = "The snapshot's id, from yakata:snapshot-list", required = true)
    String id;

    @Option(name = "--export", description = "Copy it to the export folder under this plain file name")
    String export;

    @Override
    public Object execute() throws Exception {
        run("open", "snapshot", id, "export", export);
        return null;
    }
}
