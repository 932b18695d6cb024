package dev.yakata.core.api;

import dev.yakata.api.command.Command;
import dev.yakata.api.command.CommandOutcome;
import dev.yakata.api.command.OutcomeStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the handler of one of the hub's own devices (see {@link InHubAdapter}) turns an action into its outcome:
 * COMPLETED with the data the work returns, REJECTED with the message of a refusal (the exception types the bundle
 * names: the operator asked for something the rules do not allow), FAILED, logged, for anything else. Quick work
 * runs on the caller's thread ({@link #now}); work that reads the store or files runs on the bundle's own thread
 * ({@link #later}), so the core's command thread never waits on I/O.
 */
public final class InHubActions {

    /** One action's work: its outcome's data, or a refusal thrown. */
    @FunctionalInterface
    public interface Work {
        Map<String, Object> run(Command command) throws Exception;
    }

    private static final Logger LOG = LoggerFactory.getLogger(InHubActions.class);

    private final String what;
    private final Executor slowWork;
    private final List<Class<? extends Exception>> refusals;

    /**
     * @param what     the bundle as a log line and a stopping sentence name it ("access control")
     * @param slowWork where {@link #later} runs; a rejected submission means the bundle is stopping
     * @param refusals the exception types that mean REJECTED
     */
    @SafeVarargs
    public InHubActions(String what, Executor slowWork, Class<? extends Exception>... refusals) {
        this.what = what;
        this.slowWork = slowWork;
        this.refusals = List.of(refusals);
    }

    public CompletionStage<CommandOutcome> now(Command command, Work work) {
        return CompletableFuture.completedFuture(run(command, work));
    }

    public CompletionStage<CommandOutcome> later(Command command, Work work) {
        try {
            return CompletableFuture.supplyAsync(() -> run(command, work), slowWork);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(CommandOutcome.failed(command, what + " is stopping"));
        }
    }

    private CommandOutcome run(Command command, Work work) {
        try {
            return new CommandOutcome(command.id(), OutcomeStatus.COMPLETED, "", work.run(command), Instant.now());
        } catch (Exception e) {
            if (refusals.stream().anyMatch(type -> type.isInstance(e))) {
                return CommandOutcome.rejected(command, e.getMessage());
            }
            LOG.warn("{}: {} failed: {}", what, command.action(), e.toString(), e);
            return CommandOutcome.failed(command, command.action() + " failed: " + e.getMessage());
        }
    }
}
