package dev.yakata.access.internal;

import dev.yakata.access.rules.CardState;
import dev.yakata.api.adapter.DeviceHandler;
import dev.yakata.api.command.Command;
import dev.yakata.api.command.CommandOutcome;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * The {@code access} device's handler: each action of the access-control profile goes to the class that does it. The
 * rules' answers are quick and given on the caller's thread; what reads the store, or a file, runs on the record
 * thread, so {@link #execute} returns at once. A refused input is REJECTED with its sentence, anything else that
 * goes wrong FAILED with its message.
 */
final class AccessDevice implements DeviceHandler {

    private final AccessQueries queries;
    private final OperatorChanges changes;
    private final SafetyModes modes;
    private final RecordQueries record;
    private final PeopleImportAction people;
    private final dev.yakata.core.api.InHubActions actions;

    AccessDevice(AccessQueries queries, OperatorChanges changes, SafetyModes modes, RecordQueries record,
            PeopleImportAction people, Executor recordThread) {
        this.queries = queries;
        this.changes = changes;
        this.modes = modes;
        this.record = record;
        this.people = people;
        this.actions = new dev.yakata.core.api.InHubActions("access control", recordThread, RejectedInput.class);
    }

    @Override
    public CompletionStage<CommandOutcome> execute(Command command) {
        return switch (command.action()) {
            case "check" -> actions.now(command, queries::check);
            case "inside" -> actions.now(command, queries::inside);
            case "status" -> actions.now(command, queries::status);
            case "suspend-card" -> actions.now(command, c -> changes.override(c, CardState.SUSPENDED));
            case "report-lost" -> actions.now(command, c -> changes.override(c, CardState.LOST));
            case "revoke-card" -> actions.now(command, c -> changes.override(c, CardState.REVOKED));
            case "reinstate-card" -> actions.now(command, changes::reinstate);
            case "forgive-passback" -> actions.now(command, changes::forgive);
            case "lockdown" -> actions.now(command, modes::lockdown);
            case "fire-release" -> actions.now(command, modes::fireRelease);
            case "find" -> actions.later(command, record::find);
            case "attendance-report" -> actions.later(command, record::attendance);
            case "verify-record" -> actions.later(command, record::verify);
            case "export-record" -> actions.later(command, record::export);
            case "import-people" -> actions.later(command, people::run);
            default -> CompletableFuture.completedFuture(Outcomes.rejected(command, "the access device has no action '"
                    + command.action() + "'; see yakata:profile-list access-control"));
        };
    }

    @Override
    public void close() {
        // Nothing of its own: the runtime owns the threads and the state, which outlive one opening of the device.
    }
}
