package dev.yakata.api.adapter;

import dev.yakata.api.command.Command;
import dev.yakata.api.command.CommandOutcome;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ConsumerType;

/** Serves one open device for its adapter. */
@ConsumerType
public interface DeviceHandler {

    /**
     * Executes a command. Called on a hub thread; must return fast and complete the stage when the device
     * confirms (or fails). Before it is called the hub has checked that the device exists and is ONLINE, that the
     * command policy allows the issuer the action, that a targeted point exists, is writable and the value has the
     * point's type, and that a profile action's arguments are present, typed and in range (defaults filled in).
     * A profile action the device file implements with {@code action.<name>} keys is run by the hub as point
     * writes and never reaches this method. The hub applies the command time limit; a stage that never
     * completes becomes TIMED_OUT.
     * When the limit passes the hub cancels the returned stage ({@code toCompletableFuture().cancel(false)}, where the
     * stage supports it), so a handler that watches its stage can drop the pending request.
     */
    CompletionStage<CommandOutcome> execute(Command command);

    /**
     * Stops driving the device and releases everything: connections, scheduled tasks. Called on a hub thread
     * under a time limit, once. What the device published before close returned is kept (a swipe that raced the
     * close is not lost); values and events published after it returned, or after its time limit, are ignored.
     */
    void close();
}
