package dev.yakata.shell.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "yakata", name = "device-command",
        description = "Sends an action to a device (open, close, stop, unlock, ...) and waits for its outcome. Your user name goes with the command and its outcome events.")
@Service
public class DeviceCommandCommand extends DeviceCommandSupport {

    @Argument(index = 0, name = "device", description = "The device id", required = true)
    @Completion(DeviceIdCompleter.class)
    String deviceId;

    @Argument(index = 1, name = "action", description = "The action, e.g. close", required = true)
    String action;

    @Argument(index = 2, name = "arguments", description = "Arguments as key=value, e.g. seconds=5", multiValued = true)
    List<String> arguments;

    @Option(name = "--point", description = "The point the action is about, if any")
    String point;

    @Override
    public Object execute() throws Exception {
        Map<String, Object> args = new LinkedHashMap<>();
        if (arguments != null) {
            for (String argument : arguments) {
                int eq = argument.indexOf('=');
                if (eq <= 0) {
                    System.err.println("Argument '" + argument + "' is not key=value, e.g. seconds=5");
                    return null;
                }
                args.put(argument.substring(0, eq), argument.substring(eq + 1));
            }
        }
        dev.yakata.api.command.Command command = dev.yakata.api.command.Command.builder(deviceId, action).point(point)
                .arguments(args).issuer(Operator.issuer()).reason(reason).build();
        submitAndPrint(command);
        return null;
    }
}
