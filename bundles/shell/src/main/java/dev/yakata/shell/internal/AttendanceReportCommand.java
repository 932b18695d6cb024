package dev.yakata.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "yakata", name = "attendance-report", description = "Writes the first entry and last exit per person on a day as CSV (UTF-8 with BOM) into the export folder.")
@Service
public class AttendanceReportCommand extends AccessCommandSupport {

    @Argument(index = 0, name = "date", description = "The day, yyyy-mm-dd", required = true)
    String date;

    @Override
    public Object execute() throws Exception {
        run("attendance-report", "date", date);
        return null;
    }
}
