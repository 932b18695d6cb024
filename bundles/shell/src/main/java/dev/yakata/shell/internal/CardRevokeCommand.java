package dev.yakata.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "yakata", name = "card-revoke", description = "Revokes a card. Use --reason to say why.")
@Service
public class CardRevokeCommand extends AccessCommandSupport {

    @Argument(index = 0, name = "card", description = "The card number", required = true)
    String card;

    @Override
    public Object execute() throws Exception {
        run("revoke-card", "card", card, "reason", reason.isEmpty() ? null : reason);
        return null;
    }
}
