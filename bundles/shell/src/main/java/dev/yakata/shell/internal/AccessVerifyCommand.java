package dev.yakata.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "yakata", name = "access-verify", description = "Verifies the Level-3 entry/exit record's hash chain and signed checkpoints, naming the first record edited, deleted or inserted.")
@Service
public class AccessVerifyCommand extends AccessCommandSupport {

    @Override
    public Object execute() throws Exception {
        run("verify-record");
        return null;
    }
}
