package dev.yakata.store.shell;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import dev.yakata.store.api.ExportResult;

@Command(scope = "yakata", name = "event-export", description = "Writes the stored events the filters select (every page) as CSV, UTF-8 with a byte order mark, into the store's export folder.")
@Service
public class EventExportCommand extends EventListCommand {

    @Argument(index = 0, name = "file", description = "A file name in the export folder (data/yakata/exports), e.g. doors-2026-12.csv", required = true)
    String file;

    @Override
    public Object execute() {
        ExportResult result = store.exportEvents(query(), file);
        System.out.println(result.rows() + " events written to " + result.file());
        return null;
    }
}
