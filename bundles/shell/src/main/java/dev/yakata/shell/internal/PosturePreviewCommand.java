package dev.yakata.shell.internal;

import dev.yakata.api.command.CommandOutcome;
import dev.yakata.api.command.OutcomeStatus;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "yakata", name = "posture-preview", description = "What a posture would do now: each device and action, and which would be refused and why; gives the token that confirms a run.")
@Service
public class PosturePreviewCommand extends PostureCommandSupport {

    @Argument(index = 0, name = "posture", description = "The posture's name (yakata:posture-list)", required = true)
    String posture;

    @Override
    public Object execute() throws Exception {
        CommandOutcome outcome = submit(action("preview", "posture", posture));
        if (outcome == null) {
            return null;
        }
        if (outcome.status() != OutcomeStatus.COMPLETED) {
            System.out.println("posture-preview: " + outcome.status() + " — " + outcome.reason());
            return null;
        }
        printPlan(outcome.data());
        System.out.println("To run it as shown: yakata:posture-run --token " + outcome.data().get("token") + " "
                + posture + "   (valid " + outcome.data().get("tokenSeconds") + " s, once, for you)");
        return null;
    }
}
