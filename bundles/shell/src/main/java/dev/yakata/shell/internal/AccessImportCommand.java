package dev.yakata.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "yakata", name = "access-import", description = "Imports people and cards from a personnel system's CSV (UTF-8 or Shift_JIS): bad rows are reported by line, the good ones imported at once.")
@Service
public class AccessImportCommand extends AccessCommandSupport {

    @Argument(index = 0, name = "file", description = "The CSV file on the hub", required = true)
    String file;

    @Option(name = "--charset", description = "UTF-8 or Shift_JIS (default: detected)")
    String charset;

    @Override
    public Object execute() throws Exception {
        run("import-people", "file", file, "charset", charset);
        return null;
    }
}
