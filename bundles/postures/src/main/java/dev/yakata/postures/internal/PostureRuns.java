package dev.yakata.postures.internal;

import dev.yakata.api.command.Command;
import dev.yakata.api.command.CommandOutcome;
import dev.yakata.api.command.Issuer;
import dev.yakata.api.command.OutcomeStatus;
import dev.yakata.api.event.Event;
import dev.yakata.api.event.Severity;
import dev.yakata.bus.api.EventBus;
import dev.yakata.core.api.CommandCheck;
import dev.yakata.core.api.DeviceRegistry;
import dev.yakata.postures.rules.Plan;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs confirmed plans: the steps in order, each step's commands together through the device registry (so the
 * policy, the checks and every interlock decide each one again, as the issuer's), the next step once every command of
 * this one has ended. A refused command stays refused: nothing is retried, forced or issued under another identity.
 * Each command's end is a {@code posture.step} event, the run's end a {@code posture.finished} with the summary; all
 * carry the run's id as correlation id, and so do the commands. The last {@value #KEPT} runs are kept for
 * {@code run-status}.
 */
final class PostureRuns {

    private static final Logger LOG = LoggerFactory.getLogger(PostureRuns.class);

    static final String STARTED = "posture.started";
    static final String STEP = "posture.step";
    static final String FINISHED = "posture.finished";
    static final int KEPT = 100;

    /** How a command of a run ended, as the summary counts it. */
    enum Result { PENDING, DONE, REFUSED_BY_INTERLOCK, REFUSED, FAILED, TIMED_OUT }

    /** One command of a run and how it ended. */
    static final class Entry {
        final Plan.Item item;
        volatile Result result = Result.PENDING;
        volatile String refusedBy = "";
        volatile String reason = "";
        volatile String commandId = "";

        Entry(Plan.Item item) {
            this.item = item;
        }

        Map<String, Object> toMap() {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("step", (long) item.step());
            row.put("device", item.device());
            row.put("action", item.what());
            row.put("result", result.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
            row.put("refusedBy", refusedBy);
            row.put("reason", reason);
            return row;
        }
    }

    /** A run: its plan, its entries, and its summary once it ended. */
    static final class Run {
        final String id;
        final Plan plan;
        final String reason;
        final Instant startedAt = Instant.now();
        final List<Entry> entries;
        final CompletableFuture<Map<String, Object>> finished = new CompletableFuture<>();

        Run(String id, Plan plan, String reason) {
            this.id = id;
            this.plan = plan;
            this.reason = reason;
            this.entries = plan.items().stream().map(Entry::new).toList();
        }

        Map<String, Object> progress() {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("run", id);
            data.put("posture", plan.posture().name());
            data.put("user", plan.issuer().user());
            data.put("startedAt", startedAt.toString());
            data.put("finished", finished.isDone());
            data.put("commands", entries.stream().map(Entry::toMap).toList());
            if (finished.isDone()) {
                data.put("summary", finished.join());
            }
            return data;
        }
    }

    private final DeviceRegistry registry;
    private final EventBus bus;
    private final Executor thread;
    private final Duration commandWait;
    private final Map<String, Run> runs = new LinkedHashMap<>();

    PostureRuns(DeviceRegistry registry, EventBus bus, Executor thread, Duration commandWait) {
        this.registry = registry;
        this.bus = bus;
        this.thread = thread;
        this.commandWait = commandWait;
    }

    /** Starts a run of a confirmed plan under {@code runId} (the run command's id); returns at once. */
    Run start(String runId, Plan plan, String reason) {
        Run run = new Run(runId, plan, reason);
        synchronized (runs) {
            runs.put(runId, run);
            while (runs.size() > KEPT) {
                runs.remove(runs.keySet().iterator().next());
            }
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("posture", plan.posture().name());
        data.put("title", plan.posture().title());
        data.put("run", runId);
        data.put("user", plan.issuer().user());
        data.put("steps", (long) plan.posture().steps().size());
        data.put("commands", (long) plan.items().size());
        data.put("reason", reason);
        bus.publish(event(STARTED, run, Severity.INFO).data(data).build());
        thread.execute(() -> step(run, 1));
        return run;
    }

    Run run(String id) {
        synchronized (runs) {
            return runs.get(id);
        }
    }

    /** Submits every command of step {@code number}, then goes on to the next once they all ended. */
    private void step(Run run, int number) {
        List<Entry> step = run.entries.stream().filter(e -> e.item.step() == number).toList();
        if (number > run.plan.posture().steps().size()) {
            finish(run);
            return;
        }
        List<CompletableFuture<Void>> ended = new ArrayList<>();
        for (Entry entry : step) {
            ended.add(submit(run, entry));
        }
        CompletableFuture.allOf(ended.toArray(CompletableFuture[]::new))
                .whenComplete((r, e) -> execute(() -> step(run, number + 1)));
    }

    private CompletableFuture<Void> submit(Run run, Entry entry) {
        Issuer issuer = run.plan.issuer();
        String reason = "posture " + run.plan.posture().name() + (run.reason.isEmpty() ? "" : ": " + run.reason);
        Command command = entry.item.command(issuer, reason, run.id);
        entry.commandId = command.id();
        CompletableFuture<CommandOutcome> outcome;
        try {
            outcome = registry.submit(command).toCompletableFuture();
        } catch (RuntimeException e) { // the registry never throws by contract; a run still ends
            outcome = CompletableFuture.completedFuture(CommandOutcome.failed(command, e.toString()));
        }
        return outcome.completeOnTimeout(CommandOutcome.timedOut(command, "no outcome within "
                        + commandWait.toSeconds() + " s; the run went on"), commandWait.toMillis(), TimeUnit.MILLISECONDS)
                .handle((done, failure) -> {
                    ended(run, entry, failure != null ? CommandOutcome.failed(command, failure.toString()) : done);
                    return null;
                });
    }

    private void ended(Run run, Entry entry, CommandOutcome outcome) {
        Object refusedBy = outcome.data().get(CommandCheck.REFUSED_BY);
        entry.refusedBy = outcome.status() == OutcomeStatus.REJECTED && refusedBy != null ? refusedBy.toString() : "";
        entry.reason = outcome.reason();
        entry.result = switch (outcome.status()) {
            case COMPLETED -> Result.DONE;
            case FAILED -> Result.FAILED;
            case TIMED_OUT -> Result.TIMED_OUT;
            case REJECTED -> CommandCheck.INTERLOCK.equals(entry.refusedBy) ? Result.REFUSED_BY_INTERLOCK : Result.REFUSED;
        };
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("posture", run.plan.posture().name());
        data.put("run", run.id);
        data.put("step", (long) entry.item.step());
        data.put("device", entry.item.device());
        data.put("action", entry.item.what());
        data.put("command", entry.commandId);
        data.put("status", outcome.status().name());
        data.put("result", entry.toMap().get("result"));
        data.put("refusedBy", entry.refusedBy);
        data.put("reason", entry.reason);
        bus.publish(event(STEP, run, outcome.isSuccess() ? Severity.INFO : Severity.WARNING).subject(entry.item.device())
                .zone(entry.item.zone()).data(data).build());
    }

    private void finish(Run run) {
        Map<String, Object> summary = summary(run);
        boolean clean = ((Long) summary.get("done")) == run.entries.size();
        bus.publish(event(FINISHED, run, clean ? Severity.INFO : Severity.WARNING).data(summary).build());
        LOG.info("Posture {} run {} by {} ended: {}", run.plan.posture().name(), run.id, run.plan.issuer().user(),
                summary.get("message"));
        run.finished.complete(summary);
    }

    /** The counts and the lists a summary gives: done, refused by an interlock (with the reason), refused, failed, timed out. */
    static Map<String, Object> summary(Run run) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("posture", run.plan.posture().name());
        summary.put("run", run.id);
        summary.put("user", run.plan.issuer().user());
        summary.put("commands", (long) run.entries.size());
        List<Map<String, Object>> problems = new ArrayList<>();
        Map<Result, Long> counts = new LinkedHashMap<>();
        for (Result result : List.of(Result.DONE, Result.REFUSED_BY_INTERLOCK, Result.REFUSED, Result.FAILED, Result.TIMED_OUT)) {
            counts.put(result, 0L);
        }
        for (Entry entry : run.entries) {
            counts.merge(entry.result, 1L, Long::sum);
            if (entry.result != Result.DONE) {
                problems.add(entry.toMap());
            }
        }
        summary.put("done", counts.get(Result.DONE));
        summary.put("refusedByInterlock", counts.get(Result.REFUSED_BY_INTERLOCK));
        summary.put("refused", counts.get(Result.REFUSED));
        summary.put("failed", counts.get(Result.FAILED));
        summary.put("timedOut", counts.get(Result.TIMED_OUT));
        summary.put("interlocks", run.entries.stream().filter(e -> e.result == Result.REFUSED_BY_INTERLOCK)
                .map(e -> e.item.device() + " " + e.item.what() + ": " + e.reason).toList());
        summary.put("problems", problems);
        summary.put("message", counts.get(Result.DONE) + " of " + run.entries.size() + " done"
                + (counts.get(Result.REFUSED_BY_INTERLOCK) > 0 ? ", " + counts.get(Result.REFUSED_BY_INTERLOCK)
                        + " refused by an interlock (not forced)" : "")
                + (counts.get(Result.REFUSED) > 0 ? ", " + counts.get(Result.REFUSED) + " refused" : "")
                + (counts.get(Result.FAILED) > 0 ? ", " + counts.get(Result.FAILED) + " failed" : "")
                + (counts.get(Result.TIMED_OUT) > 0 ? ", " + counts.get(Result.TIMED_OUT) + " timed out" : ""));
        return summary;
    }

    private void execute(Runnable task) {
        try {
            thread.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            LOG.warn("Postures are stopping; a run's remaining steps are not issued");
        }
    }

    private static Event.Builder event(String type, Run run, Severity severity) {
        return Event.builder(type, PosturesRuntime.DEVICE).subject(run.id).correlationId(run.id)
                .actor(run.plan.issuer().user()).severity(severity);
    }
}
