package dev.yakata.access.internal;

import dev.yakata.access.rules.CardState;
import dev.yakata.api.adapter.DeviceHandler;
import dev.yakata.api.command.Command;
import dev.yakata.api.command.CommandOutcome;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code access} device's handler: each action of the access-control profile goes to the class that does it. The
 * rules' answers are quick and given on the caller's thread; what reads the store, or a file, runs on the record
 * thread, so {@link #execute} returns at once. A refused input is REJECTED with its sentence, anything else that
 * goes wrong FAILED with its message.
 */
final class AccessDevice implements DeviceHandler {

    private static final Logger LOG = LoggerFactory.getLogger(AccessDevice.class);

    /** An action's work, which may fail with a checked exception (a file). */
    @FunctionalInterface
    private interface Work {
        Map<String, Object> run(Command command) throws Exception;
    }

    private final AccessQueries queries;
    private final OperatorChanges changes;
    private final SafetyModes modes;
    private final RecordQueries record;
    private final PeopleImportAction people;
    private final Executor recordThread;

    AccessDevice(AccessQueries queries, OperatorChanges changes, SafetyModes modes, RecordQueries record,
            PeopleImportAction people, Executor recordThread) {
        this.queries = queries;
        this.changes = changes;
        this.modes = modes;
        this.record = record;
        this.people = people;
        this.recordThread = recordThread;
    }

    @Override
    public CompletionStage<CommandOutcome> execute(Command command) {
        return switch (command.action()) {
            case "check" -> now(command, queries::check);
            case "inside" -> now(command, queries::inside);
            case "status" -> now(command, queries::status);
            case "suspend-card" -> now(command, c -> changes.override(c, CardState.SUSPENDED));
            case "report-lost" -> now(command, c -> changes.override(c, CardState.LOST));
            case "revoke-card" -> now(command, c -> changes.override(c, CardState.REVOKED));
            case "reinstate-card" -> now(command, changes::reinstate);
            case "forgive-passback" -> now(command, changes::forgive);
            case "lockdown" -> now(command, modes::lockdown);
            case "fire-release" -> now(command, modes::fireRelease);
            case "find" -> later(command, record::find);
            case "attendance-report" -> later(command, record::attendance);
            case "verify-record" -> later(command, record::verify);
            case "export-record" -> later(command, record::export);
            case "import-people" -> later(command, people::run);
            default -> CompletableFuture.completedFuture(Outcomes.rejected(command, "the access device has no action '"
                    + command.action() + "'; see yakata:profile-list access-control"));
        };
    }

    @Override
    public void close() {
        // Nothing of its own: the runtime owns the threads and the state, which outlive one opening of the device.
    }

    private static CompletionStage<CommandOutcome> now(Command command, Work work) {
        return CompletableFuture.completedFuture(run(command, work));
    }

    private CompletionStage<CommandOutcome> later(Command command, Work work) {
        try {
            return CompletableFuture.supplyAsync(() -> run(command, work), recordThread);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(Outcomes.failed(command, "access control is stopping"));
        }
    }

    private static CommandOutcome run(Command command, Work work) {
        try {
            return Outcomes.completed(command, work.run(command));
        } catch (RejectedInput e) {
            return Outcomes.rejected(command, e.getMessage());
        } catch (Exception e) {
            LOG.warn("Access control: {} failed: {}", command.action(), e.toString(), e);
            return Outcomes.failed(command, command.action() + " failed: " + e.getMessage());
        }
    }
}
