package dev.yakata.shutters.internal;

import dev.yakata.api.command.Command;
import dev.yakata.api.command.CommandOutcome;
import dev.yakata.api.command.OutcomeStatus;
import dev.yakata.api.device.DeviceDefinition;
import dev.yakata.api.device.PointValue;
import dev.yakata.api.device.Quality;
import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventListener;
import dev.yakata.api.event.EventTypes;
import dev.yakata.api.event.Severity;
import dev.yakata.api.profile.Profiles;
import dev.yakata.bus.api.EventBus;
import dev.yakata.core.api.CommandInterlock;
import dev.yakata.core.api.DeviceInfo;
import dev.yakata.core.api.DeviceRegistry;
import dev.yakata.core.api.InterlockRefusal;
import dev.yakata.core.api.Issuers;
import dev.yakata.shutters.rules.ShutterMachine;
import dev.yakata.shutters.rules.ShutterState;
import dev.yakata.shutters.rules.ShuttersConfig;
import dev.yakata.shutters.rules.ShuttersConfigParser;
import dev.yakata.shutters.rules.ShuttersFileException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's supervision of every shutter-profile device, over any adapter: a {@link ShutterMachine} per shutter fed
 * by the bus ({@code point.changed}, {@code command.*}, {@code device.status}) and the registry's latest values,
 * {@code shutter.state} on every change, the hub's own stop for an obstruction or a missing feedback, the group
 * commands with their progress and summary, and the interlock that refuses a close onto an obstruction, a move of a
 * FAULT shutter and a conflicting move.
 *
 * <p>Threads: all state lives on the supervision executor ({@code yakata-shutters-supervision}); the bus's listener
 * thread only filters and hands over. {@link #check} runs on the submitter's thread and reads the machines' published
 * views and the values the registry passes, nothing else.
 */
final class ShutterSupervisor implements EventListener, CommandInterlock {

    private static final Logger LOG = LoggerFactory.getLogger(ShutterSupervisor.class);

    static final String INTERLOCK = "shutter-supervision";
    static final String TRAVEL_KEY = "shutter.travelSeconds";
    /** How long past the longest travel time a group run waits for a shutter that neither settles nor faults. */
    static final long RUN_GRACE_MILLIS = 5_000;

    /** A supervised shutter. */
    private static final class Tracked {
        final ShutterMachine machine;
        DeviceDefinition definition;
        String zone;

        Tracked(ShutterMachine machine, DeviceDefinition definition) {
            this.machine = machine;
            this.definition = definition;
            this.zone = definition.zone();
        }
    }

    private final DeviceRegistry registry;
    private final EventBus bus;
    private final Executor thread;
    /** Supervision thread only. */
    private final Map<String, Tracked> shutters = new HashMap<>();
    private final List<GroupRun> runs = new ArrayList<>();
    /** Read by the interlock and the status from any thread. */
    private final Map<String, ShutterMachine.View> views = new ConcurrentHashMap<>();
    private volatile Set<String> ids = Set.of();
    private volatile Map<String, String> travelProblems = Map.of();
    private volatile ShuttersConfig config;

    ShutterSupervisor(DeviceRegistry registry, EventBus bus, Executor thread, ShuttersConfig config) {
        this.registry = registry;
        this.bus = bus;
        this.thread = thread;
        this.config = config;
    }

    /** A new shutters file is in force (travel times may change); on any thread. */
    void configure(ShuttersConfig next) {
        config = next;
        post(this::refresh);
    }

    ShuttersConfig config() {
        return config;
    }

    // ---- inputs ---------------------------------------------------------------------------------------------------

    @Override
    public void onEvent(Event event) {
        String type = event.type();
        if (type.equals(EventTypes.DEVICE_STATUS)) {
            post(this::refresh); // a shutter may have appeared, left or changed its file
            return;
        }
        if (!ids.contains(event.source()) && !type.equals(EventTypes.COMMAND_ISSUED)) {
            return;
        }
        post(() -> handle(event));
    }

    private void handle(Event event) {
        Tracked shutter = shutters.get(event.source());
        if (shutter == null) {
            // a command to a device not (yet) known here: one look-up, and a refresh only for a new shutter
            boolean isShutter = registry.device(event.source()).map(d -> d.definition() != null
                    && Profiles.SHUTTER.equals(d.definition().profile())).orElse(false);
            if (!isShutter) {
                return;
            }
            refresh();
            shutter = shutters.get(event.source());
            if (shutter == null) {
                return;
            }
        }
        long now = now();
        ShutterMachine machine = shutter.machine;
        String type = event.type();
        if (type.equals(EventTypes.POINT_CHANGED)) {
            apply(shutter, machine.feedback(feedback(shutter), now));
            return;
        }
        Object command = event.data().get("command");
        Object point = event.data().get("point");
        if (!(command instanceof String id) || (point instanceof String p && !p.isEmpty())) {
            return; // a point write is not a move the profile knows
        }
        if (type.equals(EventTypes.COMMAND_ISSUED)) {
            // the move first, then the latest points: a motion already under way is this command's
            String action = String.valueOf(event.data().get("action"));
            apply(shutter, machine.issued(action, id, event.correlationId(), event.actor(), now));
            apply(shutter, machine.feedback(feedback(shutter), now));
            views.put(shutter.definition.id(), machine.view()); // the move, for the interlock, even with no change
            for (GroupRun run : List.copyOf(runs)) {
                GroupRun.Member member = run.members.get(shutter.definition.id());
                if (member != null && member.command.equals(id)) {
                    member.started = true;
                    check(run, member, null);
                }
            }
        } else if (type.startsWith("command.")) {
            apply(shutter, machine.feedback(feedback(shutter), now));
            boolean completed = type.equals(EventTypes.COMMAND_COMPLETED);
            apply(shutter, machine.ended(id, completed, String.valueOf(event.data().get("reason")), now));
            views.put(shutter.definition.id(), machine.view());
            // A move that ends without a change of state (closing a closed shutter) settles its member here: its
            // outcome may have come before this event, while the move still stood.
            for (GroupRun run : List.copyOf(runs)) {
                GroupRun.Member member = run.members.get(shutter.definition.id());
                if (member != null && member.command.equals(id)) {
                    check(run, member, null);
                }
            }
        }
    }

    /** Every {@code tickMillis}: travel and stop deadlines, group runs past their time. */
    void tick() {
        long now = now();
        for (Tracked shutter : List.copyOf(shutters.values())) {
            apply(shutter, shutter.machine.tick(now));
        }
        long nanos = System.nanoTime();
        for (GroupRun run : List.copyOf(runs)) {
            if (nanos - run.deadlineNanos > 0) {
                for (GroupRun.Member member : run.members.values()) {
                    if (member.result == null) {
                        ShutterMachine.View view = views.get(member.shutter);
                        settle(run, member, GroupRun.Result.FAILED, view == null ? null : view.state(),
                                "no settled state within " + TimeUnit.NANOSECONDS.toSeconds(run.deadlineNanos - run.startedNanos)
                                        + " s of the group command");
                    }
                }
            }
        }
    }

    /** The shutter-profile devices of the registry, with their travel times. */
    void refresh() {
        Map<String, String> problems = new TreeMap<>();
        Set<String> seen = new java.util.HashSet<>();
        ShuttersConfig current = config;
        for (DeviceInfo info : registry.devices()) {
            DeviceDefinition definition = info.definition();
            if (definition == null || !Profiles.SHUTTER.equals(definition.profile())) {
                continue;
            }
            seen.add(definition.id());
            long travel = travelMillis(definition, current, problems);
            Tracked shutter = shutters.get(definition.id());
            if (shutter == null) {
                shutter = new Tracked(new ShutterMachine(definition.id(), travel), definition);
                shutters.put(definition.id(), shutter);
                apply(shutter, shutter.machine.feedback(feedback(shutter), now()));
                views.put(definition.id(), shutter.machine.view());
            } else {
                shutter.definition = definition;
                shutter.zone = definition.zone();
                shutter.machine.travelMillis(travel);
                views.put(definition.id(), shutter.machine.view()); // the interlock and the status see the new time
            }
        }
        shutters.keySet().retainAll(seen);
        views.keySet().retainAll(seen);
        ids = Set.copyOf(seen);
        travelProblems = Map.copyOf(problems);
    }

    private static long travelMillis(DeviceDefinition definition, ShuttersConfig config, Map<String, String> problems) {
        String text = definition.properties().get(TRAVEL_KEY);
        if (text == null || text.isBlank()) {
            return config.travelSeconds() * 1000L;
        }
        try {
            return ShuttersConfigParser.deviceTravelSeconds(text, definition.id()) * 1000L;
        } catch (ShuttersFileException e) {
            problems.put(definition.id(), e.problem() + " in its device file; the default " + config.travelSeconds()
                    + " s of etc/shutters/shutters.cfg applies meanwhile");
            return config.travelSeconds() * 1000L;
        }
    }

    /** What the shutter's role points read now. */
    private ShutterMachine.Feedback feedback(Tracked shutter) {
        Map<String, PointValue> values = registry.values(shutter.definition.id());
        Map<String, String> roles = shutter.definition.roles();
        return new ShutterMachine.Feedback(value(values, roles, "closed", Boolean.class),
                value(values, roles, "position", Double.class), value(values, roles, "state", String.class),
                value(values, roles, "obstruction", Boolean.class));
    }

    private static <T> T value(Map<String, PointValue> values, Map<String, String> roles, String role, Class<T> type) {
        String point = roles.getOrDefault(role, role);
        PointValue value = values.get(point);
        if (value == null || value.quality() == Quality.BAD || !type.isInstance(value.value())) {
            return null;
        }
        return type.cast(value.value());
    }

    // ---- effects --------------------------------------------------------------------------------------------------

    private void apply(Tracked shutter, List<ShutterMachine.Effect> effects) {
        if (effects.isEmpty()) {
            return;
        }
        views.put(shutter.definition.id(), shutter.machine.view());
        for (ShutterMachine.Effect effect : effects) {
            if (effect instanceof ShutterMachine.Change change) {
                publish(shutter, change);
                for (GroupRun run : List.copyOf(runs)) {
                    GroupRun.Member member = run.members.get(change.shutter());
                    if (member != null) {
                        check(run, member, null);
                    }
                }
            } else if (effect instanceof ShutterMachine.Stop stop) {
                stop(shutter, stop);
            }
        }
    }

    private void publish(Tracked shutter, ShutterMachine.Change change) {
        Severity severity = change.state() == ShutterState.FAULT ? Severity.ALARM
                : change.reason().equals("obstructed") ? Severity.WARNING : Severity.INFO;
        if (change.state() == ShutterState.FAULT) {
            LOG.warn("Shutter {} is FAULT: {}", change.shutter(), change.detail());
        }
        Event.Builder event = Event.builder(EventTypes.SHUTTER_STATE, change.shutter()).subject(change.shutter())
                .zone(shutter.zone).severity(severity).actor(INTERLOCK).correlationId(change.correlation())
                .put("state", change.state().name()).put("previous", change.previous() == null ? "" : change.previous().name());
        if (change.position() != null) {
            event.put("position", Math.round(change.position() * 10.0) / 10.0);
        }
        bus.publish(event.put("reason", change.reason()).put("detail", change.detail()).put("command", change.command())
                .build());
    }

    /** The hub's own stop, correlated to the command it ends; a stop that fails makes the shutter FAULT. */
    private void stop(Tracked shutter, ShutterMachine.Stop stop) {
        String id = shutter.definition.id();
        Command command = Command.builder(id, ShutterMachine.STOP).issuer(Issuers.hub(INTERLOCK))
                .reason(stop.reason() + (stop.command().isEmpty() ? "" : " (command " + stop.command() + ")"))
                .correlationId(stop.correlation()).build();
        LOG.info("Shutter {}: {}; the hub stops it", id, stop.reason());
        registry.submit(command).whenComplete((outcome, failure) -> {
            if (failure != null || outcome.status() != OutcomeStatus.COMPLETED) {
                String why = failure != null ? failure.toString() : outcome.status() + " " + outcome.reason();
                post(() -> {
                    Tracked still = shutters.get(id);
                    if (still != null) {
                        apply(still, still.machine.stopFailed(why, now()));
                    }
                });
            }
        });
    }

    // ---- the interlock --------------------------------------------------------------------------------------------

    @Override
    public Optional<InterlockRefusal> check(Command command, DeviceInfo device, Map<String, PointValue> values) {
        DeviceDefinition definition = device.definition();
        if (definition == null || !Profiles.SHUTTER.equals(definition.profile())) {
            return Optional.empty();
        }
        if (command.pointId() != null) {
            // A raw write to a shutter's output could move it onto an obstruction, or without the travel supervision
            // that turns a missing feedback into FAULT: a shutter moves only through its profile's actions.
            return refuse("raw-write", definition.id() + " is a shutter: it moves only through its actions (open, close, "
                    + "stop), so the hub can check its obstruction and supervise its travel; a write to point "
                    + command.pointId() + " would bypass both");
        }
        String action = command.action();
        boolean close = ShutterMachine.CLOSE.equals(action);
        if (!close && !ShutterMachine.OPEN.equals(action)) {
            return Optional.empty(); // stop, and an adapter's own actions, always go
        }
        String id = definition.id();
        ShutterMachine.View view = views.get(id);
        if (view != null && view.state() == ShutterState.FAULT) {
            return refuse("fault", id + " is in FAULT (" + view.detail() + "); only stop is accepted until it is inspected "
                    + "and reset (yakata:shutter-reset " + id + " --reason ...)");
        }
        PointValue obstruction = values.get(definition.roles().getOrDefault("obstruction", "obstruction"));
        if (close && obstruction != null && Boolean.TRUE.equals(obstruction.value())) {
            return refuse("obstructed", "obstruction sensed under " + id + "; clear the way, then close again");
        }
        if (view != null) {
            ShutterMachine.Move move = view.move();
            String opposite = close ? ShutterMachine.OPEN : ShutterMachine.CLOSE;
            ShutterState against = close ? ShutterState.OPENING : ShutterState.CLOSING;
            if ((move != null && move.action().equals(opposite)) || view.state() == against) {
                String by = move != null && move.action().equals(opposite)
                        ? " (" + opposite + " command " + move.command() + " by " + move.user() + ")" : "";
                return refuse("conflicting", id + " is " + against.name().toLowerCase(java.util.Locale.ROOT) + by
                        + "; stop it first (yakata:shutter-stop " + id + "), then " + action);
            }
        }
        return Optional.empty();
    }

    private static Optional<InterlockRefusal> refuse(String code, String reason) {
        return Optional.of(new InterlockRefusal(INTERLOCK, code, reason));
    }

    // ---- group commands -------------------------------------------------------------------------------------------

    /**
     * Dispatches the group command's action to every shutter of the group at once, each a command of the group
     * command's issuer (so the policy decides each, by its zone) correlated to the group command. Completes once every
     * command is dispatched; progress and the summary follow as events. On the caller's thread.
     */
    CommandOutcome startGroup(Command groupCommand, String action, ShutterState target) {
        String groupId = String.valueOf(groupCommand.arguments().get("group"));
        ShuttersConfig current = config;
        Optional<ShuttersConfig.Group> group = current.group(groupId);
        if (group.isEmpty()) {
            return Outcomes.rejected(groupCommand, "no group '" + groupId + "' in etc/shutters/shutters.cfg; groups: "
                    + (current.groups().isEmpty() ? "none" : String.join(", ", current.groups().keySet())));
        }
        String correlation = groupCommand.correlationId().isEmpty() ? groupCommand.id() : groupCommand.correlationId();
        long started = System.nanoTime();
        long longest = current.travelSeconds() * 1000L;
        for (ShutterMachine.View view : views.values()) {
            longest = Math.max(longest, view.travelMillis());
        }
        GroupRun run = new GroupRun(groupId, action, correlation, groupCommand.issuer().user(), target, started,
                started + TimeUnit.MILLISECONDS.toNanos(longest + RUN_GRACE_MILLIS));
        String reason = groupCommand.reason().isEmpty() ? action + "-group " + groupId : groupCommand.reason();
        List<Command> commands = new ArrayList<>();
        for (String shutter : group.get().shutters()) {
            Command command = Command.builder(shutter, action).issuer(groupCommand.issuer()).reason(reason)
                    .correlationId(correlation).build();
            commands.add(command);
            run.members.put(shutter, new GroupRun.Member(shutter, command.id()));
        }
        post(() -> runs.add(run)); // before any outcome or state change of its commands, which are posted later
        for (Command command : commands) {
            GroupRun.Member member = run.members.get(command.deviceId());
            registry.submit(command).whenComplete((outcome, failure) -> post(() -> outcome(run, member,
                    failure == null ? outcome : CommandOutcome.failed(command, failure.toString()))));
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("group", groupId);
        data.put("action", action);
        data.put("correlation", correlation);
        data.put("shutters", List.copyOf(run.members.keySet()));
        data.put("dispatched", (long) commands.size());
        return Outcomes.completed(groupCommand, "dispatched " + action + " to " + commands.size() + " shutter(s) of "
                + groupId + "; progress and the summary follow (correlation " + correlation + ")", data);
    }

    private void outcome(GroupRun run, GroupRun.Member member, CommandOutcome outcome) {
        member.started = true;
        if (outcome.status() == OutcomeStatus.REJECTED) {
            ShutterMachine.View view = views.get(member.shutter);
            settle(run, member, GroupRun.Result.REFUSED, view == null ? null : view.state(), outcome.reason());
            return;
        }
        Tracked shutter = shutters.get(member.shutter);
        if (shutter != null) {
            apply(shutter, shutter.machine.feedback(feedback(shutter), now())); // the outcome may come before the points
        }
        check(run, member, outcome.status() == OutcomeStatus.COMPLETED ? null : outcome);
    }

    /** Settles a member when its shutter's state says so. */
    private void check(GroupRun run, GroupRun.Member member, CommandOutcome failed) {
        if (member.result != null) {
            return;
        }
        ShutterMachine.View view = views.get(member.shutter);
        if (view == null) {
            if (failed != null) {
                settle(run, member, GroupRun.Result.FAILED, null, failed.reason());
            }
            return;
        }
        ShutterState state = view.state();
        boolean atRest = view.move() == null && state != null && !state.moving();
        if (member.started && atRest && run.reached(state)) {
            settle(run, member, GroupRun.Result.REACHED, state, view.detail());
        } else if (member.started && state == ShutterState.FAULT) {
            settle(run, member, GroupRun.Result.FAULT, state, view.detail());
        } else if (member.started && atRest && state == ShutterState.STOPPED && run.target != null) {
            settle(run, member, GroupRun.Result.STOPPED, state, view.reason() + ": " + view.detail());
        } else if (failed != null && atRest) {
            settle(run, member, GroupRun.Result.FAILED, state, failed.reason());
        }
    }

    private void settle(GroupRun run, GroupRun.Member member, GroupRun.Result result, ShutterState state, String reason) {
        if (!run.settle(member, result, state, reason)) {
            return;
        }
        bus.publish(Event.builder(ShutterEventTypes.GROUP_PROGRESS, ShutterEventTypes.SOURCE).subject(run.group)
                .correlationId(run.correlation).actor(run.user)
                .severity(result == GroupRun.Result.FAULT ? Severity.ALARM
                        : result == GroupRun.Result.REACHED ? Severity.INFO : Severity.WARNING)
                .put("group", run.group).put("action", run.action).put("shutter", member.shutter)
                .put("result", result.name()).put("state", state == null ? "" : state.name())
                .put("reason", member.reason).put("done", (long) run.settled).put("total", (long) run.members.size())
                .build());
        if (!run.done()) {
            return;
        }
        runs.remove(run);
        Map<String, Object> summary = run.summary();
        summary.put("millis", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - run.startedNanos));
        boolean all = ((List<?>) summary.get("reached")).size() == run.members.size();
        bus.publish(Event.builder(ShutterEventTypes.GROUP_SUMMARY, ShutterEventTypes.SOURCE).subject(run.group)
                .correlationId(run.correlation).actor(run.user).severity(all ? Severity.INFO : Severity.WARNING)
                .data(summary).build());
        LOG.info("Shutters: {}-group {} finished: {}", run.action, run.group, summary);
    }

    // ---- reset and status -----------------------------------------------------------------------------------------

    /** Clears a shutter's FAULT after inspection, on the supervision thread. */
    CompletableFuture<CommandOutcome> reset(Command command) {
        CompletableFuture<CommandOutcome> result = new CompletableFuture<>();
        String id = String.valueOf(command.arguments().get("shutter"));
        if (command.reason().isBlank()) {
            result.complete(Outcomes.rejected(command, "say why the FAULT may be cleared (what was inspected): "
                    + "give the command a reason (--reason)"));
            return result;
        }
        post(() -> {
            Tracked shutter = shutters.get(id);
            if (shutter == null) {
                refresh();
                shutter = shutters.get(id);
            }
            if (shutter == null) {
                result.complete(Outcomes.rejected(command, "no shutter '" + id + "'; shutters: "
                        + String.join(", ", new java.util.TreeSet<>(shutters.keySet()))));
                return;
            }
            ShutterMachine machine = shutter.machine;
            apply(shutter, machine.feedback(feedback(shutter), now()));
            String refusal = machine.resetRefusal();
            if (refusal != null) {
                result.complete(Outcomes.rejected(command, refusal));
                return;
            }
            apply(shutter, machine.reset(command.issuer().user(), now()));
            result.complete(Outcomes.completed(command, id + " reset; it is " + machine.state(),
                    Map.of("shutter", id, "state", String.valueOf(machine.state()))));
        });
        return result;
    }

    /** Every shutter's state, for the status action. */
    List<Map<String, Object>> shutterRows() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ShutterMachine.View view : new TreeMap<>(views).values()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("shutter", view.shutter());
            row.put("state", view.state() == null ? "no feedback yet" : view.state().name());
            ShutterMachine.Feedback f = view.feedback();
            row.put("position", f == null || f.position() == null ? "" : Math.round(f.position()) + " %");
            row.put("obstruction", f == null || f.obstruction() == null ? "" : f.obstruction().toString());
            row.put("travel", view.travelMillis() / 1000 + " s");
            row.put("since", view.since() == 0 ? "" : Instant.ofEpochMilli(wallClock(view.since())).toString());
            row.put("reason", view.reason() + (view.detail().isEmpty() ? "" : ": " + view.detail()));
            rows.add(row);
        }
        return rows;
    }

    Map<String, String> travelProblems() {
        return travelProblems;
    }

    /** Runs under way, for the status. */
    int runsUnderWay() {
        return runs.size();
    }

    // ---- plumbing -------------------------------------------------------------------------------------------------

    private void post(Runnable task) {
        try {
            thread.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.error("Shutter supervision task failed", e);
                }
            });
        } catch (RejectedExecutionException stopping) {
            // the runtime is closing
        }
    }

    /** Monotonic milliseconds, for travel deadlines. */
    private static long now() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime());
    }

    private static long wallClock(long monotonicMillis) {
        return System.currentTimeMillis() - (now() - monotonicMillis);
    }
}
