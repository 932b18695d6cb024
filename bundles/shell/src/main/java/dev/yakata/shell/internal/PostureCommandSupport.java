package dev.yakata.shell.internal;

import dev.yakata.api.command.Command;
import dev.yakata.api.command.CommandOutcome;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The posture commands: each is an action of the {@code postures} device, submitted as the shell's user, so the command
 * policy decides it and the audit trail records it as any command; the steps of a run are then commands of that user.
 */
abstract class PostureCommandSupport extends DeviceCommandSupport {

    /** The device id the postures bundle serves its actions on. */
    static final String POSTURES_DEVICE = "postures";

    /** Submits the action and waits for its outcome; null (and a line saying why) when there is none in time. */
    CommandOutcome submit(Command command) throws InterruptedException {
        try {
            return registry.submit(command).toCompletableFuture().get(waitSeconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            System.out.println(command.action() + ": no outcome after " + waitSeconds + " s");
        } catch (ExecutionException e) {
            System.out.println(command.action() + ": failed: " + e.getCause());
        }
        return null;
    }

    Command action(String action, Object... keysAndValues) {
        Command.Builder command = Command.builder(POSTURES_DEVICE, action).issuer(Operator.issuer()).reason(reason);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] != null) {
                command.argument((String) keysAndValues[i], keysAndValues[i + 1]);
            }
        }
        return command.build();
    }

    /** A preview's or a run's plan: one line per device, what it would be told and what the hub says now. */
    @SuppressWarnings("unchecked")
    static void printPlan(Map<String, Object> data) {
        System.out.println(data.get("posture") + "  " + data.get("title") + " / " + data.get("titleEn")
                + "  (as " + data.get("user") + ")");
        List<Map<String, Object>> rows = (List<Map<String, Object>>) data.get("commands");
        int device = "device".length();
        int action = "action".length();
        for (Map<String, Object> row : rows) {
            device = Math.max(device, String.valueOf(row.get("device")).length());
            action = Math.max(action, String.valueOf(row.get("action")).length());
        }
        String format = "  %-4s  %-" + device + "s  %-" + action + "s  %s%n";
        System.out.printf(format, "step", "device", "action", "now");
        for (Map<String, Object> row : rows) {
            String reason = String.valueOf(row.get("reason"));
            System.out.printf(format, row.get("step"), row.get("device"), row.get("action"),
                    row.get("now") + (reason.isEmpty() ? "" : " — " + reason));
        }
        System.out.println("  " + data.get("wouldRun") + " would run, " + data.get("wouldBeRefused")
                + " would be refused now");
    }
}
