package dev.yakata.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "yakata", name = "card-lost", description = "Marks a card lost: it is refused until reinstated. Use --reason to say why.")
@Service
public class CardLostCommand extends AccessCommandSupport {

    @Argument(index = 0, name = "card", description = "The card number", required = true)
    String card;

    @Override
    public Object execute() throws Exception {
        run("report-lost", "card", card, "reason", reason.isEmpty() ? null : reason);
        return null;
    }
}
