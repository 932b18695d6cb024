package dev.yakata.shell.internal;

import dev.yakata.api.command.CommandOutcome;
import dev.yakata.api.hub.DeviceRegistry;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The blocking edge of the asynchronous command path, shared by the commands that issue device commands. */
final class Commands {

    private Commands() {
    }

    /** Submits, waits for the outcome, prints it; returns the outcome so scripts can use it. */
    static CommandOutcome submitAndPrint(DeviceRegistry registry, dev.yakata.api.command.Command command, int timeoutSeconds)
            throws InterruptedException {
        try {
            CommandOutcome outcome = registry.submit(command).toCompletableFuture().get(timeoutSeconds, TimeUnit.SECONDS);
            String line = command.deviceId() + " " + command.action() + ": " + outcome.status()
                    + (outcome.reason().isEmpty() ? "" : " — " + outcome.reason());
            System.out.println(line); // the outcome is the command's result, failed or not
            return outcome;
        } catch (TimeoutException e) {
            System.out.println(command.deviceId() + " " + command.action() + ": no outcome after " + timeoutSeconds
                    + " s; it goes on, and its outcome will be on the bus (yakata:event-follow command.*)");
            return null;
        } catch (java.util.concurrent.ExecutionException e) {
            System.err.println(command.deviceId() + " " + command.action() + ": failed: " + e.getCause());
            return null;
        }
    }
}
