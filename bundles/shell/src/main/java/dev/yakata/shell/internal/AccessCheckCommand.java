package dev.yakata.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "yakata", name = "access-check", description = "Says whether a card may pass a door now (or at --at), and why; changes nothing. The card number is pseudonymised in the record.")
@Service
public class AccessCheckCommand extends AccessCommandSupport {

    @Argument(index = 0, name = "card", description = "The card number", required = true)
    String card;

    @Argument(index = 1, name = "door", description = "The door's device id", required = true)
    String door;

    @Option(name = "--exit", description = "Ask about the exit reader (default: the entry reader)")
    boolean exit;

    @Option(name = "--at", description = "An ISO-8601 time, e.g. 2026-12-02T21:30 (the hub's zone) or with an offset")
    String at;

    @Override
    public Object execute() throws Exception {
        run("check", "card", card, "door", door, "direction", exit ? "exit" : "entry", "at", at);
        return null;
    }
}
