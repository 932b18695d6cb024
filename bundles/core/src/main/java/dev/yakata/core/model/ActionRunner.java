package dev.yakata.core.model;

import dev.yakata.api.command.Command;
import dev.yakata.api.command.CommandOutcome;
import dev.yakata.api.command.OutcomeStatus;
import dev.yakata.api.device.PointDefinition;
import dev.yakata.api.device.PointValue;
import dev.yakata.api.device.Quality;
import dev.yakata.core.model.ActionDefinition.Assignment;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs an action a device file implements with its own points ({@link ActionDefinition}): the interlock check, the
 * writes in order through the adapter's ordinary write path, the wait for confirmation, and the timed writes after a
 * pause. Any adapter's points can so implement a profile action.
 */
public final class ActionRunner {

    private static final long CONFIRM_POLL_MILLIS = 25;

    private final ScheduledExecutorService timer;
    /** Second halves of timed pulses not yet written (a door to lock again), so a stopping hub can write them first. */
    private final java.util.Set<java.util.function.Supplier<CompletableFuture<String>>> pendingPulses =
            java.util.concurrent.ConcurrentHashMap.newKeySet();

    public ActionRunner(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    /** What the runner needs of the device. */
    public record Target(String deviceId, Map<String, PointDefinition> points, Supplier<Map<String, PointValue>> values,
            Function<Command, CompletableFuture<CommandOutcome>> write, Consumer<String> laterFailure) {
    }

    public CompletableFuture<CommandOutcome> run(ActionDefinition action, Command command, Target target) {
        String interlock = interlock(action, target.deviceId(), target.values().get());
        if (interlock != null) {
            return CompletableFuture.completedFuture(new CommandOutcome(command.id(), OutcomeStatus.REJECTED, interlock,
                    Map.of("refusedBy", "interlock"), java.time.Instant.now()));
        }
        return writeAll(action.writes(), command, target, 0).thenCompose(failure -> {
            if (failure != null) {
                return CompletableFuture.completedFuture(CommandOutcome.failed(command, failure));
            }
            if (!action.then().isEmpty()) {
                long pause = action.thenAfterMillis(command.arguments());
                java.util.concurrent.atomic.AtomicBoolean written = new java.util.concurrent.atomic.AtomicBoolean();
                List<java.util.function.Supplier<CompletableFuture<String>>> secondHalf = new java.util.ArrayList<>(1);
                secondHalf.add(() -> {
                    if (!written.compareAndSet(false, true)) {
                        return CompletableFuture.completedFuture(null);
                    }
                    pendingPulses.remove(secondHalf.get(0));
                    return writeAll(action.then(), command, target, 0).thenApply(later -> {
                        if (later != null) {
                            target.laterFailure().accept("the writes " + action.then() + " after " + pause + " ms failed: " + later);
                        }
                        return later;
                    });
                });
                pendingPulses.add(secondHalf.get(0));
                timer.schedule(() -> secondHalf.get(0).get(), pause, TimeUnit.MILLISECONDS);
            }
            if (action.confirm() == null) {
                return CompletableFuture.completedFuture(CommandOutcome.completed(command));
            }
            return confirm(action, command, target);
        });
    }

    /**
     * The interlock that refuses the action with these values, as a sentence, or null when none holds: the check
     * {@link #run} makes first, for a preview to make without running anything.
     */
    public static String interlock(ActionDefinition action, String deviceId, Map<String, PointValue> values) {
        for (Assignment condition : action.refuseWhen()) {
            if (holds(condition, values)) {
                return "interlock: " + deviceId + " " + action.name() + " is refused while " + condition + " (action."
                        + action.name() + ".refuseWhen)";
            }
        }
        return null;
    }

    /**
     * Writes now the second half of every pulse still waiting, so a stopping hub locks again the doors it unlocked.
     *
     * @return completes when those writes have ended
     */
    public CompletableFuture<Void> finishPendingPulses() {
        return CompletableFuture.allOf(List.copyOf(pendingPulses).stream().map(java.util.function.Supplier::get)
                .toArray(CompletableFuture[]::new));
    }

    /** How many pulses wait for their second half. */
    public int pendingPulses() {
        return pendingPulses.size();
    }

    /** Writes one assignment after another; completes with null when all succeeded, else with the failure's sentence. */
    private CompletableFuture<String> writeAll(List<Assignment> writes, Command command, Target target, int index) {
        if (index == writes.size()) {
            return CompletableFuture.completedFuture(null);
        }
        Assignment write = writes.get(index);
        PointDefinition point = target.points().get(write.pointId());
        Object value = write.argument() == null ? write.value()
                : Values.coerce(point.kind(), command.arguments().get(write.argument()));
        Command pointWrite = Command.builder(command.deviceId(), Command.WRITE).point(write.pointId())
                .argument(Command.VALUE, value).issuer(command.issuer()).reason(command.reason())
                .correlationId(command.id()).build();
        return target.write().apply(pointWrite).thenCompose(outcome -> outcome.isSuccess()
                ? writeAll(writes, command, target, index + 1)
                : CompletableFuture.completedFuture("write " + write.pointId() + "=" + value + " " + outcome.status()
                        + (outcome.reason().isEmpty() ? "" : ": " + outcome.reason())));
    }

    private CompletableFuture<CommandOutcome> confirm(ActionDefinition action, Command command, Target target) {
        CompletableFuture<CommandOutcome> result = new CompletableFuture<>();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(action.confirmMillis());
        Runnable[] check = new Runnable[1];
        check[0] = () -> {
            if (result.isDone()) {
                return;
            }
            if (holds(action.confirm(), target.values().get())) {
                result.complete(CommandOutcome.completed(command));
            } else if (System.nanoTime() > deadline) {
                result.complete(CommandOutcome.failed(command, "not confirmed: " + target.deviceId() + " did not report "
                        + action.confirm() + " within " + action.confirmMillis() / 1000.0 + " s of " + action.name()
                        + " (action." + action.name() + ".confirm)"));
            } else {
                timer.schedule(check[0], CONFIRM_POLL_MILLIS, TimeUnit.MILLISECONDS);
            }
        };
        check[0].run();
        return result;
    }

    private static boolean holds(Assignment condition, Map<String, PointValue> values) {
        PointValue value = values.get(condition.pointId());
        return value != null && value.quality() != Quality.BAD && Objects.equals(value.value(), condition.value());
    }
}
