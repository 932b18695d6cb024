package dev.yakata.shell.internal;

import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "yakata", name = "alarm-ack", description = "Acknowledges an alarm, with a comment: yakata:alarm-ack ups.on-battery@ups.2f.server-room generator starting")
@Service
public class AlarmAckCommand extends AlarmCommandSupport {

    @Argument(index = 0, name = "alarm", description = "The alarm id (condition@device), or a condition with one alarm", required = true)
    String alarm;

    @Argument(index = 1, name = "comment", description = "What you saw or did", multiValued = true)
    List<String> comment;

    @Override
    public Object execute() throws Exception {
        run("acknowledge", "alarm", alarm, "comment", joined(comment));
        return null;
    }
}
