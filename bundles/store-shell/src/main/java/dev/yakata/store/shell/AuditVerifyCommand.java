package dev.yakata.store.shell;

import java.time.ZoneId;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import dev.yakata.store.api.ChainReport;
import dev.yakata.store.api.EventStore;

@Command(scope = "yakata", name = "audit-verify", description = "Verifies a hash chain (the audit trail, or access: the Level-3 record) and its signed checkpoints as the database holds them, and names the first record edited, deleted, inserted or reordered, or a cut tail.")
@Service
public class AuditVerifyCommand implements Action {

    @Argument(index = 0, name = "chain", description = "The chain to verify: audit (the operator audit trail, the default) or access (the Level-3 entry/exit record)")
    String chain = "audit";

    @Reference
    EventStore store;

    @Override
    public Object execute() {
        ChainReport r = store.verify(chain);
        ZoneId zone = ZoneId.systemDefault();
        System.out.println(r.summary());
        System.out.println("Chain:              " + r.chain());
        System.out.println("Records checked:    " + r.recordsChecked()
                + (r.recordsChecked() == 0 ? "" : " (sequence " + r.firstSequence() + " to " + r.lastSequence() + ")"));
        System.out.println("Checkpoints:        " + r.checkpointsChecked() + " matched"
                + (r.lastCheckpointTime() == null ? ", none vouches for the records"
                        : ", the newest signed " + Tables.time(r.lastCheckpointTime(), zone) + " up to sequence "
                                + r.lastCheckpointCount()));
        if (r.intact()) {
            System.out.println("Result:             INTACT: " + r.message());
        } else {
            System.out.println("Result:             TAMPERED: " + r.problem() + " at sequence " + r.problemSequence()
                    + ": " + r.message());
        }
        return null;
    }
}
