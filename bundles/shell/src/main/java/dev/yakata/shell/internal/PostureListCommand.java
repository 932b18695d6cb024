package dev.yakata.shell.internal;

import dev.yakata.api.command.CommandOutcome;
import dev.yakata.api.command.OutcomeStatus;
import java.util.List;
import java.util.Map;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "yakata", name = "posture-list", description = "The postures of etc/postures/postures.cfg, or the error that keeps the previous file in force.")
@Service
public class PostureListCommand extends PostureCommandSupport {

    @Override
    @SuppressWarnings("unchecked")
    public Object execute() throws Exception {
        CommandOutcome outcome = submit(action("list"));
        if (outcome == null) {
            return null;
        }
        if (outcome.status() != OutcomeStatus.COMPLETED) {
            System.out.println("posture-list: " + outcome.status() + " — " + outcome.reason());
            return null;
        }
        List<Map<String, Object>> postures = (List<Map<String, Object>>) outcome.data().get("postures");
        for (Map<String, Object> p : postures) {
            System.out.printf("%-16s %s / %s  (%s steps, line %s)%n", p.get("name"), p.get("title"), p.get("titleEn"),
                    p.get("steps"), p.get("line"));
        }
        String error = String.valueOf(outcome.data().get("error"));
        if (!error.isEmpty()) {
            System.out.println("NOT LOADED: " + error + " — the postures above stay in force until the file is fixed");
        }
        return null;
    }
}
