package dev.yakata.store.shell;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import dev.yakata.store.api.AuditQuery;
import dev.yakata.store.api.ExportResult;

@Command(scope = "yakata", name = "audit-export", description = "Writes the entries of a chain (the audit trail, or with --chain access the Level-3 record) the filters select as CSV (UTF-8 with a byte order mark), with the chain's hashes and signed checkpoints, into the store's export folder; by time range alone it verifies offline.")
@Service
public class AuditExportCommand extends AuditListCommand {

    @Argument(index = 0, name = "file", description = "A file name in the export folder (data/yakata/exports), e.g. audit-2026-12.csv", required = true)
    String file;

    @Override
    public Object execute() {
        AuditQuery query = query();
        ExportResult result = store.exportAudit(query, file);
        System.out.println(result.rows() + " records of chain " + query.chain() + " written to " + result.file());
        return null;
    }
}
