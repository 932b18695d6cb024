package dev.yakata.tck;

import dev.yakata.api.adapter.DeviceAdapter;
import dev.yakata.api.command.Command;
import dev.yakata.api.command.CommandOutcome;
import dev.yakata.api.command.Issuer;
import dev.yakata.api.command.OutcomeStatus;
import dev.yakata.api.device.DeviceState;
import dev.yakata.api.device.DeviceStatus;
import dev.yakata.api.device.PointDefinition;
import dev.yakata.api.device.PointKind;
import dev.yakata.api.device.PointValue;
import dev.yakata.api.device.Quality;
import dev.yakata.api.device.StatusDetail;
import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventTypes;
import dev.yakata.api.profile.ActionSpec;
import dev.yakata.api.profile.ArgumentSpec;
import dev.yakata.api.profile.EventSpec;
import dev.yakata.api.profile.Profile;
import dev.yakata.core.api.CommandCheck;
import dev.yakata.core.api.DeviceInfo;
import dev.yakata.core.internal.RealCore;
import dev.yakata.core.model.DeviceConfig;
import dev.yakata.core.model.Values;
import dev.yakata.tck.Watch.Execution;
import dev.yakata.tck.Watch.Opening;
import dev.yakata.testkit.DeviceFiles;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One run of the contract's scenario against one adapter, in the hub's real lifecycle: the device file arrives, the
 * adapter registers (twice), the device opens and comes ONLINE, every command is issued, the device goes silent (a
 * command times out, the device is reopened), it is disconnected and restored, and it closes; then it opens and
 * closes again until it has closed {@value #CYCLES_AFTER_BASELINE} times after the first close, to tell what the
 * adapter holds for its lifetime from what each device cycle leaves behind. The wrappers of {@link Watch} record what
 * the adapter did; each clause is judged from that record and from what the hub showed.
 */
final class ContractRun {

    /** How long execute() may take to return its stage. */
    private static final Duration EXECUTE_RETURN = Duration.ofSeconds(1);
    /** How long a call into the hub's registry may take: it must return at once. */
    private static final Duration AT_ONCE = Duration.ofMillis(500);
    /** What the TCK waits beyond one of the hub's limits before it calls it missed. */
    private static final Duration MARGIN = Duration.ofSeconds(1);
    /** How many times the device opens and closes after the close that sets {@link #baseline}. */
    private static final int CYCLES_AFTER_BASELINE = 2;
    /** How long the threads and sockets counted must stay as they are before the baseline is taken. */
    private static final Duration STEADY = Duration.ofMillis(300);
    private static final String ROLE = "yakata-tck";
    private static final Issuer ISSUER = Issuer.of("adapter-tck", Issuer.Channel.SHELL, ROLE);
    private static final String POLICY = "# the TCK's issuer may run every action\nallow " + ROLE + " *.*\n";
    private static final String PID = "dev.yakata.device~tck";
    private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    private static final Pattern UNKNOWN_ACTION = Pattern.compile(
            "unknown|unsupported|not supported|no such|not implemented|cannot do|does not support", Pattern.CASE_INSENSITIVE);

    private final AdapterUnderTest subject;
    private final Limits limits;
    private final String adapterId;
    private final Map<Clause, List<Finding>> findings = new EnumMap<>(Clause.class);
    private final Map<Clause, String> skipped = new EnumMap<>(Clause.class);
    private final Watch watch = new Watch();
    private final TckBus bus = new TckBus();
    /** Threads and sockets the hooks started: the rig's, not the adapter's. */
    private final Set<Thread> rigThreads = new HashSet<>();
    private final Set<String> rigSockets = new HashSet<>();
    /**
     * The adapter's threads and sockets once the device has opened and closed once: what it holds for its lifetime (a
     * shared client, an endpoint, created on first use); null until the first close.
     */
    private JvmResources.Held baseline;
    /** The device's closes since the baseline was taken. */
    private int cyclesSinceBaseline;

    private RealCore core;
    private DeviceConfig config;
    private String deviceId;
    private Map<String, Object> file;
    private boolean muted;
    private boolean cut;
    /** The commands issued while the device answered, with how they ended. */
    private final List<Issued> issued = new ArrayList<>();

    /** One command submitted through the registry, and how it went. */
    private record Issued(Command command, String shown, long submitNanos, CommandOutcome outcome, long endedAt,
            Execution execution, ActionSpec profileAction) {
    }

    ContractRun(AdapterUnderTest subject) {
        this.subject = subject;
        this.limits = subject.limits();
        this.adapterId = subject.adapterId();
    }

    ContractReport run() {
        findings.computeIfAbsent(Clause.REGISTERS_ONCE, c -> new ArrayList<>())
                .addAll(BundleDescriptors.check(subject.bundleClasses(), adapterId));
        try {
            config = DeviceFiles.parse(subject.deviceFileName(), subject.deviceFile());
        } catch (IllegalArgumentException e) {
            fail(Clause.HONOURS_PROFILE, "the device file does not load: " + e.getMessage() + ". The hub holds such a device"
                    + " FAULT (CONFIGURATION_ERROR) and never opens it; fix the file the TCK was given");
            for (Clause clause : Clause.values()) {
                if (clause != Clause.REGISTERS_ONCE) { // the bundle's descriptors were read all the same
                    skip(clause, "the device file does not load, so the hub would not open the device");
                }
            }
            return report();
        }
        deviceId = config.definition().id();
        file = new LinkedHashMap<>(DeviceFiles.keys(subject.deviceFile()));
        file.put("felix.fileinstall.filename", "file:/opt/yakata/etc/" + subject.deviceFileName());

        try {
            core = new RealCore(bus, POLICY, limits.open(), limits.close(), limits.command(), RealCore.defaultEventBudget());
            scenario();
            while (baseline != null && cyclesSinceBaseline < CYCLES_AFTER_BASELINE) {
                openAndCloseAgain();
            }
            if (baseline != null) {
                Thread.sleep(subject.grace().toMillis()); // what it publishes now is late; what it holds now, it kept
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            for (Clause clause : Clause.values()) {
                skip(clause, "the contract run was interrupted");
            }
        } finally {
            leaveRigAsFound();
            closeCore();
        }
        checkLeaks();
        judgeRecord();
        return report();
    }

    // ---- the scenario ---------------------------------------------------------------------------------------

    private void scenario() throws InterruptedException {
        timed(Clause.NEVER_HANGS_THE_HUB, "the device file's arrival (ConfigAdmin's update)", () -> core.device(PID, file));
        DeviceAdapter first;
        DeviceAdapter second;
        try {
            first = java.util.Objects.requireNonNull(subject.adapter().get(), "the supplier gave null");
            second = java.util.Objects.requireNonNull(subject.adapter().get(), "the supplier gave null");
        } catch (RuntimeException e) {
            fail(Clause.REPORTS_INSTEAD_OF_THROWING, "making the adapter failed: " + describe(e) + ". DS makes the adapter the same"
                    + " way; a constructor must not fail (read settings in open(), per device)");
            skipRunning("the adapter could not be made");
            return;
        }
        core.adapter(adapterId, watch.wrap(first, 1));
        // The same id registered again, as a second bundle or a duplicate component would: the hub keeps the first.
        core.adapter(adapterId, watch.wrap(second, 2));

        if (!await(limits.open().plus(MARGIN), () -> watch.current() != null)) {
            fail(Clause.REGISTERS_ONCE, "the hub never called open() of adapter '" + adapterId + "' for device '" + deviceId
                    + "' (it shows " + hubStatus() + ")");
            skipRunning("the device was never opened");
            return;
        }
        Opening opening = watch.current();
        String notOpened = checkOpen(opening, "", Clause.OPENS_AND_CLOSES_IN_TIME);
        core.awaitIdle();
        long byTheSecond = watch.openings.stream().filter(o -> o.instance == 2).count();
        long byTheFirst = watch.openings.stream().filter(o -> o.instance == 1).count();
        if (byTheSecond > 0 || byTheFirst > 1) {
            fail(Clause.REGISTERS_ONCE, "offered the adapter twice under id '" + adapterId + "', the hub opened device '" + deviceId
                    + "' " + (byTheFirst + byTheSecond) + " times; it must be served once");
        }
        if (notOpened != null) {
            skipRunning(notOpened + ", so the device never ran");
            closeDevice();
            return;
        }
        Long onlineAt = awaitOnline(limits.online());
        if (onlineAt == null) {
            fail(Clause.STATUS_WITH_REASONS, "the device did not report ONLINE within " + seconds(limits.online()) + " of open()"
                    + " returning; the hub shows it " + hubStatus() + ". Call context.updateStatus(DeviceStatus.online())"
                    + " once the device answers (and OFFLINE with a reason while it does not)");
            skipRunning("the device never came ONLINE");
            closeDevice();
            return;
        }
        checkRoleValues(onlineAt);
        runCommands();
        boolean online = true;
        if (subject.canSilence()) {
            online = silence();
        } else {
            skip(Clause.TIMED_OUT_COMMAND_CANCELLED, "no silence hook: give silence(mute, unmute) that make the device stop"
                    + " answering while staying connected");
            skip(Clause.NEVER_HANGS_THE_HUB, "no silence hook: give silence(mute, unmute) that make the device stop answering"
                    + " while staying connected");
        }
        if (!subject.canDisconnect()) {
            skip(Clause.DISCONNECT_GOES_OFFLINE, "no disconnect hook: give disconnect(cut, restore) that cut the device's"
                    + " connection (stop its simulator) and restore it");
        } else if (!online) {
            skip(Clause.DISCONNECT_GOES_OFFLINE, "the device did not come back ONLINE after it was silent");
        } else {
            disconnect();
        }
        closeDevice();
    }

    /** Judges one open() call; null when it gave a handler in time, else what went wrong, in a few words. */
    private String checkOpen(Opening opening, String circumstance, Clause... clauses) throws InterruptedException {
        await(limits.open().plus(MARGIN), opening::openReturned);
        long took = (opening.openReturned() ? opening.openEnd : System.nanoTime()) - opening.openStart;
        if (!opening.openReturned() || took > limits.open().toNanos()) {
            fail(clauses, "open()" + circumstance + (opening.openReturned() ? " took " + seconds(took)
                    : " did not return within " + seconds(limits.open()) + " (still running after " + seconds(took) + ")")
                    + "; the hub's limit is " + seconds(limits.open()) + ", after which it sets the device FAULT (ADAPTER_TIMEOUT)"
                    + " and isolates it until its file or the adapter changes. Return at once and connect, discover and read"
                    + " on context.scheduler()");
            return "open() took longer than the hub allows";
        }
        if (opening.openFailure != null) {
            fail(Clause.REPORTS_INSTEAD_OF_THROWING, "open()" + circumstance + " threw " + describe(opening.openFailure)
                    + " — the device went FAULT (ADAPTER_ERROR); report expected failures as a status, throw only for a"
                    + " setting the device file must fix");
            return "open() threw";
        }
        if (opening.returnedNull) {
            fail(clauses, "open()" + circumstance + " returned null — the hub sets such a device FAULT (ADAPTER_ERROR);"
                    + " return the DeviceHandler that serves the device");
            return "open() returned null";
        }
        return null;
    }

    private void checkRoleValues(long onlineAt) throws InterruptedException {
        Map<String, String> roles = config.definition().roles();
        if (roles.isEmpty()) {
            return;
        }
        long deadline = onlineAt + limits.online().toNanos();
        await(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())), () -> roles.values().stream().allMatch(this::good));
        Map<String, PointValue> held = core.registry().values(deviceId);
        for (Map.Entry<String, String> role : roles.entrySet()) {
            if (!good(role.getValue())) {
                PointValue value = held.get(role.getValue());
                fail(Clause.HONOURS_PROFILE, "role '" + role.getKey() + "' of the " + config.profile().name() + " profile"
                        + (role.getKey().equals(role.getValue()) ? "" : " (point '" + role.getValue() + "')")
                        + " had no GOOD value within " + seconds(limits.online()) + " of ONLINE (the hub holds "
                        + (value == null ? "no value" : value.quality() + " " + value.value()) + "). What the hub does with a "
                        + config.profile().name() + " reads that point; publish it as soon as the device answers");
            }
        }
    }

    private boolean good(String pointId) {
        PointValue value = core.registry().values(deviceId).get(pointId);
        return value != null && value.quality() == Quality.GOOD;
    }

    // ---- commands -------------------------------------------------------------------------------------------

    /** The commands to issue: the profile's actions the adapter serves, a write of each writable point, the extra ones. */
    private List<Command> commands() {
        List<Command> commands = new ArrayList<>();
        Profile profile = config.profile();
        if (profile != null) {
            for (ActionSpec action : profile.actions()) {
                if (!config.actions().containsKey(action.name())) {
                    commands.add(Command.builder(deviceId, action.name()).arguments(arguments(action)).issuer(ISSUER)
                            .reason("adapter TCK").build());
                }
            }
        }
        Map<String, PointValue> held = core.registry().values(deviceId);
        for (PointDefinition point : config.definition().points()) {
            if (point.writable()) {
                PointValue current = held.get(point.id());
                Object value = current != null && current.quality() == Quality.GOOD && current.value() != null
                        ? current.value() : sample(point.kind());
                commands.add(Command.write(deviceId, point.id(), value, ISSUER, "adapter TCK"));
            }
        }
        for (AdapterUnderTest.ExtraCommand extra : subject.commands()) {
            commands.add(Command.action(deviceId, extra.action(), extra.arguments(), ISSUER, "adapter TCK"));
        }
        return commands;
    }

    private static Map<String, Object> arguments(ActionSpec action) {
        Map<String, Object> arguments = new LinkedHashMap<>();
        for (ArgumentSpec argument : action.arguments()) {
            if (!argument.required() || argument.defaultValue() != null) {
                continue; // the hub fills in the default
            }
            arguments.put(argument.name(), switch (argument.kind()) {
                case INTEGER -> argument.min() != null ? (Object) (long) Math.ceil(argument.min()) : (Object) 1L;
                case NUMBER -> argument.min() != null ? argument.min() : 0.0;
                case BOOLEAN -> Boolean.TRUE;
                case TEXT -> argument.allowed().isEmpty() ? "tck" : argument.allowed().get(0);
            });
        }
        return arguments;
    }

    private static Object sample(PointKind kind) {
        return switch (kind) {
            case ANALOG -> 0.0;
            case BINARY -> Boolean.FALSE;
            case MULTISTATE -> 0L;
            case TEXT -> "tck";
        };
    }

    private void runCommands() throws InterruptedException {
        List<Command> commands = commands();
        if (commands.isEmpty()) {
            skip(Clause.COMMANDS_COMPLETE, "the device has no profile action the adapter serves, no writable point and no"
                    + " extra command; give one with command(action, arguments)");
            return;
        }
        for (Command command : commands) {
            Issued result = issue(command);
            issued.add(result);
            judgeCommand(result, false);
            if (hubStatus().state() != DeviceState.ONLINE) {
                awaitOnline(limits.online()); // a command may make a device restart its session; give it its time
            }
        }
    }

    private Issued issue(Command command) throws InterruptedException {
        long start = System.nanoTime();
        CompletableFuture<CommandOutcome> stage = core.registry().submit(command).toCompletableFuture();
        long submitNanos = System.nanoTime() - start;
        CommandOutcome outcome;
        try {
            outcome = stage.get(limits.command().plus(MARGIN).plus(MARGIN).toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            outcome = null;
        }
        long endedAt = System.nanoTime();
        ActionSpec spec = command.pointId() == null && config.profile() != null
                ? config.profile().action(command.action()).orElse(null) : null;
        return new Issued(command, shown(command), submitNanos, outcome, endedAt, watch.execution(command.id()), spec);
    }

    private void judgeCommand(Issued r, boolean silent) {
        Clause hanging = silent ? Clause.NEVER_HANGS_THE_HUB : Clause.COMMANDS_COMPLETE;
        String while_ = silent ? " while the device was silent" : "";
        if (r.submitNanos() > AT_ONCE.toNanos()) {
            fail(Clause.NEVER_HANGS_THE_HUB, "submitting " + r.shown() + while_ + " took " + seconds(r.submitNanos())
                    + "; the registry's submit() must return at once");
        }
        Execution ex = r.execution();
        if (ex != null) {
            if (ex.thrown != null) {
                fail(Clause.REPORTS_INSTEAD_OF_THROWING, "execute(" + r.shown() + ")" + while_ + " threw " + describe(ex.thrown)
                        + " — the command ended FAILED with that message; complete the stage with"
                        + " CommandOutcome.failed(command, reason), or rejected(command, reason) for what the device cannot do");
            } else {
                long took = (ex.end != 0 ? ex.end : System.nanoTime()) - ex.start;
                if (ex.end == 0 || took > EXECUTE_RETURN.toNanos()) {
                    fail(hanging, "execute(" + r.shown() + ")" + while_ + (ex.end == 0 ? " had not returned after "
                            + seconds(took) : " took " + seconds(took) + " to return") + "; it runs on one of the hub's 64 adapter-call threads"
                            + " and must return at once with a stage (a hung one sets the device FAULT/ADAPTER_TIMEOUT). Send the"
                            + " request and complete the stage from the reply");
                } else if (ex.stage == null) {
                    fail(Clause.COMMANDS_COMPLETE, "execute(" + r.shown() + ") returned null — the command ended FAILED ('the"
                            + " adapter returned no outcome'); return a stage and complete it");
                }
            }
        }
        CommandOutcome outcome = r.outcome();
        if (outcome == null) {
            fail(Clause.COMMANDS_COMPLETE, r.shown() + while_ + " had no outcome within " + seconds(limits.command().plus(MARGIN).plus(MARGIN))
                    + ", past the hub's own time limit");
            return;
        }
        Object refusedBy = outcome.data().get(CommandCheck.REFUSED_BY);
        boolean byDevice = refusedBy == null || CommandCheck.DEVICE.equals(refusedBy);
        switch (outcome.status()) {
            case TIMED_OUT -> {
                boolean returnedInTime = ex != null && ex.end != 0 && ex.end <= r.endedAt();
                if (!silent && returnedInTime) { // else it is execute() that hung, named above
                    fail(Clause.COMMANDS_COMPLETE, "never completes commands: " + r.shown() + " ended TIMED_OUT after "
                            + seconds(limits.command()) + " while the device answered — the stage execute() returned was never"
                            + " completed, so every caller (an operator, a rule, a posture) waits the whole limit and then sees"
                            + " a failure. Complete it with CommandOutcome.completed(command) when the device confirms, or"
                            + " failed(command, reason) when it cannot");
                }
            }
            case REJECTED, FAILED -> {
                if (byDevice && outcome.reason().isBlank()) {
                    fail(Clause.COMMANDS_COMPLETE, r.shown() + while_ + " ended " + outcome.status() + " without a reason; the"
                            + " operator sees only the word. Say why, e.g. CommandOutcome.rejected(command, \"the shutter is in"
                            + " maintenance mode\")");
                }
                if (byDevice && !silent && r.profileAction() != null && UNKNOWN_ACTION.matcher(outcome.reason()).find()) {
                    fail(Clause.HONOURS_PROFILE, "the " + config.profile().name() + " profile's action '" + r.command().action()
                            + "' was answered " + outcome.status() + " '" + outcome.reason() + "'. The profile promises it, so"
                            + " operators, rules and postures send it to every " + config.profile().name() + "; implement it, or"
                            + " map it onto points in the device file (action." + r.command().action() + " = <point>=<value>)");
                }
            }
            case COMPLETED -> { }
        }
    }

    private static String shown(Command command) {
        if (command.pointId() != null) {
            return "write " + command.pointId() + "=" + command.arguments().get(Command.VALUE);
        }
        return command.arguments().isEmpty() ? command.action() : command.action() + " " + command.arguments().entrySet()
                .stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ", "(", ")"));
    }

    // ---- silence --------------------------------------------------------------------------------------------

    /** The silent device: a command times out, the device is reopened; true when it came back ONLINE. */
    private boolean silence() throws InterruptedException {
        Command probe = probe();
        if (!hook(subject.mute(), "mute", Clause.TIMED_OUT_COMMAND_CANCELLED)) {
            skip(Clause.NEVER_HANGS_THE_HUB, "the mute hook failed");
            return true;
        }
        muted = true;
        long timedOutAt = 0;
        Issued r = null;
        if (probe == null) {
            skip(Clause.TIMED_OUT_COMMAND_CANCELLED, "there is no command to issue (no profile action, writable point or extra"
                    + " command)");
        } else {
            r = issue(probe.toBuilder().id(java.util.UUID.randomUUID().toString()).issuedAt(Instant.now()).build());
            judgeCommand(r, true);
            if (r.outcome() != null && r.outcome().status() == OutcomeStatus.TIMED_OUT) {
                timedOutAt = r.endedAt();
                checkCancelled(r);
            } else {
                skip(Clause.TIMED_OUT_COMMAND_CANCELLED, "the command issued to the silent device ("
                        + r.shown() + ") ended " + (r.outcome() == null ? "without an outcome" : r.outcome().status()
                        + (r.outcome().reason().isEmpty() ? "" : " '" + r.outcome().reason() + "'")) + " within the limit,"
                        + " so nothing timed out to check");
            }
        }

        // The device's file changes while it is silent: close() and open() must still keep their limits.
        Opening before = watch.current();
        timed(Clause.NEVER_HANGS_THE_HUB, "deleting the device's configuration", () -> core.deviceDeleted(PID));
        checkClose(before, " while the device was silent");
        closed();
        timed(Clause.NEVER_HANGS_THE_HUB, "the device's configuration arriving again", () -> core.device(PID, file));
        boolean reopened = await(limits.open().plus(MARGIN), () -> watch.current() != before);
        Opening again = watch.current();
        boolean opened = reopened && checkOpen(again, " while the device was silent", Clause.OPENS_AND_CLOSES_IN_TIME,
                Clause.NEVER_HANGS_THE_HUB) == null;
        if (!reopened) {
            fail(Clause.NEVER_HANGS_THE_HUB, "the hub did not reopen the device after its configuration came back (it shows "
                    + hubStatus() + ")");
        }
        if (!hook(subject.unmute(), "unmute", Clause.NEVER_HANGS_THE_HUB)) {
            return false;
        }
        muted = false;
        if (!opened) {
            return false;
        }
        Long online = awaitOnline(limits.online());
        if (online == null) {
            fail(Clause.STATUS_WITH_REASONS, "the device did not come back ONLINE within " + seconds(limits.online()) + " of"
                    + " answering again after it was silent (the hub shows " + hubStatus() + "); keep trying to reach the device"
                    + " on context.scheduler() and report ONLINE once it answers");
            return false;
        }
        if (r != null && timedOutAt != 0) {
            checkNoLateEvent(r, timedOutAt);
        }
        return true;
    }

    /** The command to time out: one that completed while the device answered, else the first. */
    private Command probe() {
        for (Issued r : issued) {
            if (r.outcome() != null && r.outcome().status() == OutcomeStatus.COMPLETED && r.execution() != null) {
                return r.command();
            }
        }
        for (Issued r : issued) {
            if (r.execution() != null) {
                return r.command();
            }
        }
        return issued.isEmpty() ? null : issued.get(0).command();
    }

    private void checkCancelled(Issued r) throws InterruptedException {
        Execution ex = r.execution();
        if (ex == null || ex.stage == null) {
            skip(Clause.TIMED_OUT_COMMAND_CANCELLED, "the timed-out command " + r.shown() + " never got a stage from execute()");
            return;
        }
        CompletableFuture<CommandOutcome> future;
        try {
            future = ex.stage.toCompletableFuture();
        } catch (RuntimeException e) {
            fail(Clause.TIMED_OUT_COMMAND_CANCELLED, "execute(" + r.shown() + ") returned a " + ex.stage.getClass().getName()
                    + " whose toCompletableFuture() throws " + describe(e) + ", so when the time limit passes the hub cannot"
                    + " cancel it and the adapter never learns the command was given up. Return a CompletableFuture");
            return;
        }
        await(MARGIN, future::isCancelled);
        if (!future.isCancelled()) {
            fail(Clause.TIMED_OUT_COMMAND_CANCELLED, "after " + r.shown() + " timed out, the stage execute() returned was not"
                    + " cancelled (" + (future.isDone() ? "it was completed" : "toCompletableFuture() gives a copy, which the hub"
                    + " cancelled instead") + "), so the adapter cannot tell the hub gave up. Return the CompletableFuture"
                    + " itself and drop the request when it is cancelled");
        }
    }

    private void checkNoLateEvent(Issued r, long timedOutAt) throws InterruptedException {
        // A late outcome needs no check here: the stage the hub cancelled cannot complete, and a copy instead of the
        // stage has failed checkCancelled already. What can still come late is an event about the command.
        Thread.sleep(subject.grace().toMillis() / 3); // a reply that was held back arrives now
        List<Watch.EventCall> late = watch.events.stream()
                .filter(e -> r.command().id().equals(e.correlationId()) && e.at() > timedOutAt).toList();
        if (!late.isEmpty()) {
            fail(Clause.TIMED_OUT_COMMAND_CANCELLED, "published " + late.get(0).type() + " for " + r.shown() + " "
                    + seconds(late.get(0).at() - timedOutAt) + " after the hub had timed it out; drop the request when its stage"
                    + " is cancelled");
        }
    }

    // ---- disconnection --------------------------------------------------------------------------------------

    private void disconnect() throws InterruptedException {
        if (!hook(subject.cut(), "cut", Clause.DISCONNECT_GOES_OFFLINE)) {
            return;
        }
        cut = true;
        long start = System.nanoTime();
        boolean offline = await(limits.offline(), () -> {
            DeviceStatus s = hubStatus();
            return s.state() == DeviceState.OFFLINE && s.detail() == StatusDetail.COMMUNICATION_ERROR && !s.reason().isBlank();
        });
        DeviceStatus status = hubStatus();
        if (!offline) {
            if (status.state() == DeviceState.ONLINE) {
                fail(Clause.DISCONNECT_GOES_OFFLINE, "the device stayed ONLINE for " + seconds(limits.offline()) + " after its"
                        + " connection was cut — operators and rules would trust a device nobody hears. Report"
                        + " DeviceStatus.offline(StatusDetail.COMMUNICATION_ERROR, \"no answer from <address>\") when the"
                        + " connection fails");
            } else {
                fail(Clause.DISCONNECT_GOES_OFFLINE, "after its connection was cut the device went " + status + "; a lost"
                        + " connection is OFFLINE with detail COMMUNICATION_ERROR and a reason naming the peer");
            }
        }
        if (status.state() != DeviceState.ONLINE) {
            long valuesDeadline = Math.max(start + limits.offline().toNanos(), System.nanoTime() + MARGIN.toNanos());
            await(Duration.ofNanos(valuesDeadline - System.nanoTime()), () -> core.registry().values(deviceId).values().stream()
                    .allMatch(v -> v.quality() == Quality.BAD));
        }
        Map<String, PointValue> held = core.registry().values(deviceId);
        Map<String, PointValue> stale = new LinkedHashMap<>();
        for (PointDefinition point : config.definition().points()) { // in the definition's order
            PointValue value = held.get(point.id());
            if (value != null && value.quality() != Quality.BAD) {
                stale.put(point.id(), value);
            }
        }
        if (!stale.isEmpty()) {
            fail(Clause.DISCONNECT_GOES_OFFLINE, (stale.size() == 1 ? "point " : "points ") + stale.entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue().value() + " (" + e.getValue().quality() + ")")
                    .collect(Collectors.joining(", ")) + " kept " + (stale.size() == 1 ? "its value" : "their values")
                    + " after the connection was cut — consumers (alarms, the console, northbound clients) would act on stale"
                    + " readings. Publish PointValue.bad() for every point when the connection is lost");
        }
        if (!hook(subject.restore(), "restore", Clause.DISCONNECT_GOES_OFFLINE)) {
            return;
        }
        cut = false;
        if (awaitOnline(limits.online()) == null) {
            fail(Clause.DISCONNECT_GOES_OFFLINE, "the device did not come back ONLINE within " + seconds(limits.online())
                    + " of its connection being restored (the hub shows " + hubStatus() + "); reconnect on"
                    + " context.scheduler() with a back-off and report ONLINE once the device answers");
        }
    }

    // ---- close ----------------------------------------------------------------------------------------------

    private void closeDevice() throws InterruptedException {
        Opening opening = watch.current();
        timed(Clause.NEVER_HANGS_THE_HUB, "deleting the device's configuration", () -> core.deviceDeleted(PID));
        checkClose(opening, "");
        closed();
    }

    /** The device's file arrives again, it opens (and comes ONLINE if it can), and its file is deleted again. */
    private void openAndCloseAgain() throws InterruptedException {
        Opening before = watch.current();
        timed(Clause.NEVER_HANGS_THE_HUB, "the device's configuration arriving again", () -> core.device(PID, file));
        if (!await(limits.open().plus(MARGIN), () -> watch.current() != before)) {
            fail(Clause.OPENS_AND_CLOSES_IN_TIME, "the hub did not reopen the device after its configuration came back"
                    + " (it shows " + hubStatus() + ")");
            cyclesSinceBaseline = CYCLES_AFTER_BASELINE; // no more cycles to count: judge what there is
            return;
        }
        if (checkOpen(watch.current(), "", Clause.OPENS_AND_CLOSES_IN_TIME) == null) {
            // connected, as a running device is, so what it holds now is what it holds; a FAULT goes no further
            Set<DeviceState> settled = EnumSet.of(DeviceState.ONLINE, DeviceState.FAULT);
            await(limits.online(), () -> settled.contains(hubStatus().state()));
        }
        closeDevice();
    }

    /** One close of the device is over: the first sets the baseline, each later one is a cycle to count. */
    private void closed() {
        if (baseline == null) {
            baseline = steadyHeld();
        } else {
            cyclesSinceBaseline++;
        }
    }

    /** Judges one close() call, if the opening gave a handler to close. */
    private void checkClose(Opening opening, String circumstance) throws InterruptedException {
        if (opening == null || !opening.openReturned() || opening.openFailure != null || opening.returnedNull) {
            return;
        }
        await(limits.close().plus(MARGIN), () -> opening.closeEnd != 0);
        if (opening.closeStart == 0) {
            fail(Clause.OPENS_AND_CLOSES_IN_TIME, "the hub never called close()" + circumstance + " (it shows " + hubStatus() + ")");
            return;
        }
        long took = (opening.closeEnd != 0 ? opening.closeEnd : System.nanoTime()) - opening.closeStart;
        if (opening.closeEnd == 0 || took > limits.close().toNanos()) {
            String text = "close()" + circumstance + (opening.closeEnd == 0 ? " did not return within " + seconds(limits.close())
                    : " took " + seconds(took)) + "; past the hub's limit of " + seconds(limits.close()) + " it logs a warning"
                    + " and treats the device as closed, leaving whatever close() still holds. Release connections without"
                    + " waiting for the device and return";
            fail(Clause.OPENS_AND_CLOSES_IN_TIME, text);
            if (!circumstance.isEmpty()) {
                fail(Clause.NEVER_HANGS_THE_HUB, text);
            }
        }
        if (opening.closeFailure != null) {
            fail(Clause.REPORTS_INSTEAD_OF_THROWING, "close()" + circumstance + " threw " + describe(opening.closeFailure)
                    + " — the hub logs it and treats the device as closed, so whatever close() had not released yet stays"
                    + " open. Release each resource even when another fails, and report, do not throw");
        }
    }

    private void closeCore() {
        if (core == null) {
            return;
        }
        try {
            core.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void leaveRigAsFound() {
        if (muted) {
            quietly(subject.unmute());
        }
        if (cut) {
            quietly(subject.restore());
        }
    }

    private void quietly(AdapterUnderTest.Action action) {
        try {
            hookRun(action);
        } catch (Exception e) {
            // the run already reports the hook's first failure
        }
    }

    // ---- what stayed behind -----------------------------------------------------------------------------------

    /** What of the process is the adapter's: its live threads and sockets, not the hooks', hub's, JDK's or ignored. */
    private JvmResources.Held adapters(JvmResources.Held held) {
        List<String> ignored = subject.ignoredThreads();
        return held.only(t -> t.isAlive() && !rigThreads.contains(t) && !JvmResources.shared(t, ignored),
                s -> !rigSockets.contains(s));
    }

    /** What the adapter holds once its count has stayed the same for {@link #STEADY} (at most the grace period). */
    private JvmResources.Held steadyHeld() {
        long deadline = System.nanoTime() + subject.grace().toNanos();
        JvmResources.Held held = adapters(JvmResources.held());
        long steadySince = System.nanoTime();
        while (System.nanoTime() - steadySince < STEADY.toNanos() && System.nanoTime() < deadline) {
            sleep(50);
            JvmResources.Held now = adapters(JvmResources.held());
            if (!now.noMoreThan(held) || !held.noMoreThan(now)) { // a count changed: wait on from now
                steadySince = System.nanoTime();
            }
            held = now;
        }
        return held;
    }

    /** The rule the clauses on threads and sockets apply, in one sentence: {@code what} is "threads" or "sockets". */
    private static String growthRule(String what) {
        String cycles = CYCLES_AFTER_BASELINE == 2 ? "two" : String.valueOf(CYCLES_AFTER_BASELINE);
        return "The " + what + " an adapter holds after its device's first close and keeps are its own, for its lifetime;"
                + " any more of them after " + cycles + " more opens and closes is a leak.";
    }

    /**
     * Judges the growth over the baseline: what the adapter holds after the last close and the grace period beyond what
     * it held after the first close, {@value #CYCLES_AFTER_BASELINE} or more open and close cycles before. What it
     * held then and keeps is its own for its lifetime; more of it is what each device cycle leaves behind.
     */
    private void checkLeaks() {
        if (baseline == null) {
            String reason = "the device never opened and closed, so there is no growth to count";
            skip(Clause.NO_LEAKED_THREADS, reason);
            skip(Clause.NO_LEAKED_SOCKETS, reason);
            return;
        }
        JvmResources.Held held = adapters(JvmResources.held());
        long deadline = System.nanoTime() + MARGIN.toNanos() / 2;
        while (!held.noMoreThan(baseline) && System.nanoTime() < deadline) {
            sleep(50);
            held = adapters(JvmResources.held());
        }
        JvmResources.Held added = held.since(baseline);
        String when = " after the last close() returned than after the first, " + cyclesSinceBaseline
                + " openings later";
        int moreThreads = held.threads().size() - baseline.threads().size();
        if (moreThreads > 0) {
            fail(Clause.NO_LEAKED_THREADS, more(moreThreads, "thread", "alive") + when + " (new since the first: "
                    + counted(added.threads().stream().map(t -> "thread " + JvmResources.describe(t)).toList()) + ") — "
                    + growthRule("threads") + " Every reopening of the device (a changed file, the adapter"
                    + " restarting) adds more; stop them in close(), or run the work on context.scheduler(), whose"
                    + " tasks the hub cancels");
        }
        int moreSockets = held.sockets().size() - baseline.sockets().size();
        if (!JvmResources.socketsVisible()) {
            skip(Clause.NO_LEAKED_SOCKETS, "no /proc/self/fd here (not Linux), so open sockets cannot be counted");
        } else if (moreSockets > 0) {
            fail(Clause.NO_LEAKED_SOCKETS, more(moreSockets, "socket", "open") + when + " (new since the first: "
                    + counted(List.copyOf(JvmResources.describeSockets(added.sockets()).values())) + ") — "
                    + growthRule("sockets") + " Every reopening leaks more, until the hub runs out of file"
                    + " descriptors; close them in close()");
        }
    }

    /** {@code 1 thread more is alive 1.5 s}, {@code 2 sockets more are open 1.5 s}. */
    private String more(int count, String noun, String state) {
        return count + " " + noun + (count == 1 ? " more is " : "s more are ") + state + " " + seconds(subject.grace());
    }

    /** The items, each the same once with its count: {@code 2 × thread 'poller' (running ...); udp 127.0.0.1:4000}. */
    private static String counted(List<String> items) {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        items.forEach(item -> counts.merge(item, 1, Integer::sum));
        return counts.entrySet().stream().map(e -> e.getValue() == 1 ? e.getKey() : e.getValue() + " × " + e.getKey())
                .collect(Collectors.joining("; "));
    }

    // ---- judging the record ---------------------------------------------------------------------------------

    private void judgeRecord() {
        judgeValues();
        judgeStatuses();
        judgeEvents();
        judgeLatePublications();
        for (RuntimeException e : watch.secretSettingsFailures) {
            fail(Clause.REPORTS_INSTEAD_OF_THROWING, "secretSettings() threw " + describe(e) + " — the hub then hides only the"
                    + " settings whose names say secret; return the set of your secret keys (or an empty set)");
        }
        Set<String> tasks = new LinkedHashSet<>();
        for (WatchedScheduler.Thrown t : watch.taskFailures) {
            StackTraceElement[] stack = t.failure().getStackTrace();
            tasks.add("a task given to context.scheduler()." + t.how() + "() threw " + describe(t.failure())
                    + (stack.length == 0 ? "" : " at " + JvmResources.frame(stack[0])) + (t.how().equals("execute")
                            ? " — nobody sees that failure, and what the task was to do is not done"
                            : " — the JDK never runs a periodic task again once it threw, so the device silently stops"
                            + " being polled") + ". Catch inside the task and report the failure as a status");
        }
        tasks.forEach(problem -> fail(Clause.REPORTS_INSTEAD_OF_THROWING, problem));
        statusesPublished().stream().filter(st -> st.detail() == StatusDetail.EVENT_FLOOD).findFirst()
                .ifPresent(flood -> fail(Clause.VALUES_WELL_FORMED, "published more than " + RealCore.defaultEventBudget()
                        + " values and events in one second, so the hub set the device FAULT (EVENT_FLOOD) and dropped what it"
                        + " published until it calmed down; publish what changed, at the device's pace"));
        if (config != null && skipped.get(Clause.VALUES_WELL_FORMED) == null && watch.values.isEmpty()) {
            skip(Clause.VALUES_WELL_FORMED, "the adapter published no value");
        }
    }

    private void judgeValues() {
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (Watch.ValueCall call : watch.values) {
            String problem = valueProblem(call);
            if (problem != null) {
                seen.merge(problem, 1, Integer::sum);
            }
        }
        seen.forEach((problem, count) -> fail(Clause.VALUES_WELL_FORMED, "publishes malformed values: " + problem
                + (count > 1 ? " (" + count + " times)" : "")));
    }

    private String valueProblem(Watch.ValueCall call) {
        PointDefinition point = config.definition().point(call.pointId()).orElse(null);
        if (point == null) {
            return "point '" + call.pointId() + "' is not in the device file (its points are " + config.definition().points()
                    .stream().map(PointDefinition::id).collect(Collectors.joining(", ")) + "); the hub drops it. Map it"
                    + " (point." + call.pointId() + ".kind = ...) or fix the adapter's point table";
        }
        PointValue value = call.value();
        if (value == null) {
            return "a null PointValue for point '" + point.id() + "'; the hub ignores it. Publish PointValue.bad() when the"
                    + " value cannot be read";
        }
        Object v = value.value();
        String kind = point.kind().name().toLowerCase(Locale.ROOT);
        if (v != null && Values.published(point.kind(), v) == null) {
            return "point '" + point.id() + "' (" + kind + ") got " + v.getClass().getSimpleName() + " '" + v + "', which the"
                    + " hub drops: it is not " + article(kind) + " value" + Values.exampleOf(point.kind()) + ". Publish "
                    + javaType(point.kind());
        }
        Instant stamp = value.timestamp();
        if (stamp.isAfter(call.wall().plus(Duration.ofMinutes(1)))) {
            return "point '" + point.id() + "' was stamped " + stamp + ", " + seconds(Duration.between(call.wall(), stamp))
                    + " in the future — histories and alarms order by that time. Stamp with the device's time only when its"
                    + " clock is right, else Instant.now()";
        }
        if (stamp.isBefore(EARLIEST)) {
            return "point '" + point.id() + "' was stamped " + stamp + ", before 2000 — a device clock never set, or seconds"
                    + " read as milliseconds. Stamp with the device's time only when its clock is right, else Instant.now()";
        }
        return null;
    }

    private static String article(String word) {
        return "aeiou".indexOf(word.charAt(0)) >= 0 ? "an " + word : "a " + word;
    }

    private static String javaType(PointKind kind) {
        return switch (kind) {
            case ANALOG -> "a Double (any Number is converted)";
            case BINARY -> "a Boolean";
            case MULTISTATE -> "a Long";
            case TEXT -> "a String";
        };
    }

    private void judgeStatuses() {
        Set<String> seen = new LinkedHashSet<>();
        for (Watch.StatusCall call : watch.statuses) {
            DeviceStatus s = call.status();
            if (s == null) {
                seen.add("updateStatus(null) was called; the hub ignores it. Report a DeviceStatus");
            } else if (s.state() != DeviceState.ONLINE && s.reason().isBlank()) {
                seen.add("reported " + s.state() + " (" + s.detail() + ") with no reason — the operator sees a state and no"
                        + " cause. Say what is wrong and where, e.g. DeviceStatus.offline(StatusDetail.COMMUNICATION_ERROR,"
                        + " \"no answer from 10.0.3.17:502\")");
            } else if (s.state() != DeviceState.ONLINE && s.detail() == StatusDetail.NONE) {
                seen.add("reported " + s.state() + " with detail NONE ('" + s.reason() + "'); give the detail code that says"
                        + " why (COMMUNICATION_ERROR, HARDWARE_FAULT, CONFIGURATION_ERROR, ...), which rules and dashboards read");
            }
        }
        seen.forEach(problem -> fail(Clause.STATUS_WITH_REASONS, problem));
    }

    private void judgeEvents() {
        Profile profile = config.profile();
        if (profile == null) {
            return;
        }
        Set<String> seen = new LinkedHashSet<>();
        for (Watch.EventCall call : watch.events) {
            EventSpec spec = call.type() == null ? null : profile.event(call.type()).orElse(null);
            if (spec == null) {
                continue;
            }
            List<String> missing = spec.dataKeys().stream().filter(k -> !call.data().containsKey(k)).toList();
            List<String> extra = spec.dataKeys().isEmpty() ? List.of()
                    : call.data().keySet().stream().filter(k -> !spec.dataKeys().contains(k)).toList();
            if (!missing.isEmpty() || !extra.isEmpty()) {
                seen.add("published " + call.type() + (missing.isEmpty() ? "" : " without " + quoted(missing))
                        + (missing.isEmpty() || extra.isEmpty() ? "" : " and")
                        + (extra.isEmpty() ? "" : " with " + quoted(extra) + ", which the profile does not declare")
                        + "; the " + profile.name() + " profile declares " + call.type() + " with " + quoted(spec.dataKeys())
                        + ", and what consumes the profile (access control, alarms, the console) reads those keys. Use the"
                        + " profile's payload keys");
            }
        }
        seen.forEach(problem -> fail(Clause.HONOURS_PROFILE, problem));
    }

    private static String quoted(List<String> keys) {
        return keys.stream().map(k -> "'" + k + "'").collect(Collectors.joining(", "));
    }

    private void judgeLatePublications() {
        List<String> late = new ArrayList<>();
        for (Watch.ValueCall c : watch.values) {
            lateness(c.opening(), c.at()).ifPresent(after -> late.add("value '" + c.pointId() + "' " + after));
        }
        for (Watch.EventCall c : watch.events) {
            lateness(c.opening(), c.at()).ifPresent(after -> late.add("event " + c.type() + " " + after));
        }
        for (Watch.StatusCall c : watch.statuses) {
            lateness(c.opening(), c.at()).ifPresent(after -> late.add("status " + c.status() + " " + after));
        }
        if (!late.isEmpty()) {
            fail(Clause.SILENT_AFTER_CLOSE, "published " + late.get(0) + (late.size() > 1 ? " (and " + (late.size() - 1)
                    + " more)" : "") + " — the hub ignores it, but something of the adapter still runs (a thread, a timer, a"
                    + " callback of its client library). Stop it in close(); tasks on context.scheduler() are cancelled for you");
        }
    }

    private static java.util.Optional<String> lateness(Opening opening, long at) {
        long ended = opening.endedAt();
        if (ended == 0 || at <= ended) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(seconds(at - ended) + " after " + (opening.closeEnd != 0 ? "close()" : "open()")
                + " returned");
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    /** Runs a hook, counting the threads and sockets it starts as the rig's; false (and a finding) when it throws. */
    private boolean hook(AdapterUnderTest.Action action, String name, Clause clause) {
        try {
            hookRun(action);
            return true;
        } catch (Exception e) {
            fail(clause, "the " + name + " hook the test gave threw " + describe(e) + ", so this could not be checked; fix the"
                    + " hook");
            return false;
        }
    }

    private void hookRun(AdapterUnderTest.Action action) throws Exception {
        JvmResources.Held before = JvmResources.held();
        try {
            action.run();
        } finally {
            JvmResources.Held started = JvmResources.held().since(before);
            rigThreads.addAll(started.threads());
            rigSockets.addAll(started.sockets());
        }
    }

    /** Runs a call into the hub's registry, which must return at once. */
    private void timed(Clause clause, String what, Runnable call) {
        long start = System.nanoTime();
        call.run();
        long took = System.nanoTime() - start;
        if (took > AT_ONCE.toNanos()) {
            fail(clause, what + " took " + seconds(took) + " to return; the hub's registry must return at once");
        }
    }

    /** Waits until the device is ONLINE, as the hub shows it; the time it was, or null. */
    private Long awaitOnline(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            DeviceStatus status = hubStatus();
            if (status.state() == DeviceState.ONLINE) {
                return System.nanoTime();
            }
            if (hubHolds(status) || System.nanoTime() > deadline) {
                return null;
            }
            Thread.sleep(10);
        }
    }

    /** A status the hub itself set, which no report of the adapter ends. */
    private static boolean hubHolds(DeviceStatus status) {
        return status.state() == DeviceState.FAULT && (status.detail() == StatusDetail.ADAPTER_TIMEOUT
                || status.detail() == StatusDetail.ADAPTER_ERROR || status.detail() == StatusDetail.CONFIGURATION_ERROR);
    }

    private DeviceStatus hubStatus() {
        return core.registry().device(deviceId).map(DeviceInfo::status).orElse(DeviceStatus.unknown());
    }

    private static boolean await(Duration limit, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void skipRunning(String reason) {
        for (Clause clause : List.of(Clause.STATUS_WITH_REASONS, Clause.COMMANDS_COMPLETE, Clause.TIMED_OUT_COMMAND_CANCELLED,
                Clause.DISCONNECT_GOES_OFFLINE, Clause.NEVER_HANGS_THE_HUB, Clause.HONOURS_PROFILE, Clause.VALUES_WELL_FORMED)) {
            skip(clause, reason);
        }
    }

    private void fail(Clause[] clauses, String message) {
        for (Clause clause : clauses) {
            fail(clause, message);
        }
    }

    /** Records a finding; the same words again (the same fault in a later cycle of the device) are recorded once. */
    private void fail(Clause clause, String message) {
        List<Finding> found = findings.computeIfAbsent(clause, c -> new ArrayList<>());
        Finding finding = new Finding(clause, message);
        if (!found.contains(finding)) {
            found.add(finding);
        }
    }

    private void skip(Clause clause, String reason) {
        skipped.putIfAbsent(clause, reason);
    }

    private ContractReport report() {
        List<ClauseResult> results = new ArrayList<>();
        for (Clause clause : Clause.values()) {
            List<Finding> found = findings.getOrDefault(clause, List.of());
            if (!found.isEmpty()) {
                results.add(ClauseResult.failed(clause, found));
            } else if (skipped.containsKey(clause)) {
                results.add(ClauseResult.skipped(clause, skipped.get(clause)));
            } else {
                results.add(ClauseResult.passed(clause));
            }
        }
        return new ContractReport(adapterId, results, statusesPublished());
    }

    /** Every status the hub published for the device ({@code device.status}), in order. */
    private List<DeviceStatus> statusesPublished() {
        return deviceId == null ? List.of() : bus.of(EventTypes.DEVICE_STATUS, deviceId).stream().map(ContractRun::status).toList();
    }

    private static DeviceStatus status(Event event) {
        Map<String, Object> data = event.data();
        return new DeviceStatus(DeviceState.valueOf(String.valueOf(data.get("state"))),
                StatusDetail.valueOf(String.valueOf(data.get("detail"))), String.valueOf(data.getOrDefault("reason", "")));
    }

    static String describe(Throwable e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    static String seconds(Duration duration) {
        return seconds(duration.toNanos());
    }

    static String seconds(long nanos) {
        double s = nanos / 1e9;
        return s < 10 ? String.format(Locale.ROOT, "%.1f s", s) : String.format(Locale.ROOT, "%.0f s", s);
    }
}
