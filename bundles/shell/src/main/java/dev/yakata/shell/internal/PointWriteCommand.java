package dev.yakata.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "yakata", name = "point-write", description = "Writes a value to a writable point and waits for the outcome. Your user name goes with the command and its outcome events.")
@Service
public class PointWriteCommand extends DeviceCommandSupport {

    @Argument(index = 0, name = "device", description = "The device id", required = true)
    @Completion(DeviceIdCompleter.class)
    String deviceId;

    @Argument(index = 1, name = "point", description = "The point id", required = true)
    String point;

    @Argument(index = 2, name = "value", description = "The value: a number, true/false, or text", required = true)
    String value;

    @Override
    public Object execute() throws Exception {
        submitAndPrint(dev.yakata.api.command.Command.write(deviceId, point, value, Operator.issuer(), reason));
        return null;
    }
}
