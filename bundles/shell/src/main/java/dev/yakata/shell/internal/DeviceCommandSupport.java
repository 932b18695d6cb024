package dev.yakata.shell.internal;

import dev.yakata.api.command.Command;
import dev.yakata.api.command.CommandOutcome;
import dev.yakata.core.api.DeviceRegistry;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;

/**
 * What the commands that act on devices share: the audit reason, how long to wait, and the blocking edge of the
 * asynchronous command path. Karaf injects the options and the reference of this superclass too.
 */
abstract class DeviceCommandSupport implements Action {

    @Option(name = "--reason", description = "Why, for the audit trail")
    String reason = "";

    @Option(name = "--wait", description = "Seconds to wait for the outcome")
    int waitSeconds = 30;

    @Reference
    DeviceRegistry registry;

    /** Submits the command, waits for its outcome and prints it, failed or not: the outcome is the result. */
    void submitAndPrint(Command command) throws InterruptedException {
        String what = command.deviceId() + " " + command.action();
        try {
            CommandOutcome outcome = registry.submit(command).toCompletableFuture().get(waitSeconds, TimeUnit.SECONDS);
            System.out.println(what + ": " + outcome.status() + (outcome.reason().isEmpty() ? "" : " — " + outcome.reason()));
        } catch (TimeoutException e) {
            System.out.println(what + ": no outcome after " + waitSeconds
                    + " s; it goes on, and its outcome will be on the bus (yakata:event-follow command.*)");
        } catch (ExecutionException e) {
            System.out.println(what + ": failed: " + e.getCause());
        }
    }
}
