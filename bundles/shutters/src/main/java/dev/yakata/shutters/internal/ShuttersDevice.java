package dev.yakata.shutters.internal;

import dev.yakata.api.adapter.DeviceHandler;
import dev.yakata.api.command.Command;
import dev.yakata.api.command.CommandOutcome;
import dev.yakata.shutters.rules.ShutterMachine;
import dev.yakata.shutters.rules.ShutterState;
import dev.yakata.shutters.rules.ShuttersConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The {@code shutters} device's handler: each action of the shutter-control profile goes to the part that does it. The
 * group commands return once every shutter's command is dispatched; their progress and summary are events.
 */
final class ShuttersDevice implements DeviceHandler {

    private final ShutterSupervisor supervisor;
    private final ClosingSchedule schedule;
    private final Supplier<ShuttersFile.Status> file;

    ShuttersDevice(ShutterSupervisor supervisor, ClosingSchedule schedule, Supplier<ShuttersFile.Status> file) {
        this.supervisor = supervisor;
        this.schedule = schedule;
        this.file = file;
    }

    @Override
    public CompletionStage<CommandOutcome> execute(Command command) {
        return switch (command.action()) {
            case "close-group" -> now(supervisor.startGroup(command, ShutterMachine.CLOSE, ShutterState.CLOSED));
            case "open-group" -> now(supervisor.startGroup(command, ShutterMachine.OPEN, ShutterState.OPEN));
            case "stop-group" -> now(supervisor.startGroup(command, ShutterMachine.STOP, null));
            case "postpone-closing" -> now(schedule.postpone(command));
            case "reset" -> supervisor.reset(command);
            case "status" -> now(Outcomes.completed(command, "", status()));
            default -> now(Outcomes.rejected(command, "the shutters device has no action '" + command.action()
                    + "'; see yakata:profile-list shutter-control"));
        };
    }

    private Map<String, Object> status() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("shutters", supervisor.shutterRows());
        ShuttersConfig config = supervisor.config();
        List<Map<String, Object>> groups = new ArrayList<>();
        for (ShuttersConfig.Group group : config.groups().values()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("group", group.id());
            row.put("name", group.name());
            row.put("shutters", String.join(",", group.shutters()));
            groups.add(row);
        }
        data.put("groups", groups);
        data.put("closing today", schedule.today());
        data.put("file", file.get().sentence());
        if (!supervisor.travelProblems().isEmpty()) {
            data.put("travel settings refused", new LinkedHashMap<String, Object>(supervisor.travelProblems()));
        }
        return data;
    }

    @Override
    public void close() {
        // Nothing of its own: the runtime owns the threads and the state, which outlive one opening of the device.
    }

    private static CompletionStage<CommandOutcome> now(CommandOutcome outcome) {
        return CompletableFuture.completedFuture(outcome);
    }
}
