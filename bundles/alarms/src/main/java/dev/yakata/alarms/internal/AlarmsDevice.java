package dev.yakata.alarms.internal;

import dev.yakata.alarms.rules.AlarmEngine;
import dev.yakata.alarms.rules.AlarmLoad;
import dev.yakata.alarms.rules.AlarmView;
import dev.yakata.alarms.rules.RefusedOperation;
import dev.yakata.api.adapter.DeviceHandler;
import dev.yakata.api.command.Command;
import dev.yakata.api.command.CommandOutcome;
import dev.yakata.api.event.Event;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The {@code alarms} device's handler: each action of the alarm-management profile is an operator's alarm command.
 * The hub's policy has allowed it before it gets here, and the hub records it as a command; who did it is the
 * command's issuer, never an argument. What changes the engine is done at once; what reads the store runs on the
 * record thread, so {@link #execute} returns at once. A refused input is REJECTED with its sentence.
 */
final class AlarmsDevice implements DeviceHandler {

    /** The most rows history returns; the record keeps the rest. */
    static final int HISTORY_ROWS = 1_000;

    private final AlarmEngine engine;
    private final AlarmFiles files;
    private final AlarmRecord record;
    private final AlarmSettings settings;
    private final Clock clock;
    private final dev.yakata.core.api.InHubActions actions;
    private final Supplier<String> restoreNote;

    AlarmsDevice(AlarmEngine engine, AlarmFiles files, AlarmRecord record, AlarmSettings settings, Clock clock,
            Executor recordThread, Supplier<String> restoreNote) {
        this.engine = engine;
        this.files = files;
        this.record = record;
        this.settings = settings;
        this.clock = clock;
        this.actions = new dev.yakata.core.api.InHubActions("the alarm engine", recordThread, RefusedOperation.class, IllegalArgumentException.class);
        this.restoreNote = restoreNote;
    }

    @Override
    public CompletionStage<CommandOutcome> execute(Command command) {
        return switch (command.action()) {
            case "list" -> actions.now(command, this::list);
            case "acknowledge" -> actions.now(command, c -> row(engine.acknowledge(text(c, "alarm"), user(c),
                    optional(c, "comment").isEmpty() ? c.reason() : optional(c, "comment"), clock.instant())));
            case "shelve" -> actions.now(command, c -> row(engine.shelve(text(c, "alarm"), user(c), reason(c),
                    Duration.ofMinutes(minutes(c)), settings.maxShelve(), clock.instant())));
            case "unshelve" -> actions.now(command, c -> row(engine.unshelve(text(c, "alarm"), user(c), reason(c), clock.instant())));
            case "disable" -> actions.now(command, c -> row(engine.disable(text(c, "alarm"), user(c), reason(c), clock.instant())));
            case "enable" -> actions.now(command, c -> row(engine.enable(text(c, "alarm"), user(c), reason(c), clock.instant())));
            case "status" -> actions.now(command, c -> status());
            case "history" -> actions.later(command, this::history);
            case "load" -> actions.later(command, this::load);
            default -> CompletableFuture.completedFuture(CommandOutcome.rejected(command, "the alarms device has no action '"
                    + command.action() + "'; see yakata:profile-list alarm-management"));
        };
    }

    @Override
    public void close() {
        // Nothing of its own: the runtime owns the engine and the threads, which outlive one opening of the device.
    }

    private Map<String, Object> list(Command command) {
        String show = optional(command, "show");
        Predicate<AlarmView> filter = switch (show.isEmpty() ? "standing" : show) {
            case "all" -> a -> true;
            case "shelved" -> AlarmView::shelved;
            case "suppressed" -> AlarmView::suppressed;
            case "out-of-service" -> AlarmView::outOfService;
            case "standing" -> a -> a.standing() && !a.shelved() && !a.outOfService() && !a.suppressed();
            default -> throw new RefusedOperation("show = " + show + " is not one of standing, all, shelved, suppressed, "
                    + "out-of-service");
        };
        List<Map<String, Object>> rows = new ArrayList<>();
        List<AlarmView> all = engine.list();
        for (AlarmView alarm : all) {
            if (filter.test(alarm)) {
                rows.add(AlarmEngine.row(alarm));
            }
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("shown", (long) rows.size());
        data.put("standing", all.stream().filter(AlarmView::standing).count());
        data.put("alarms", rows);
        return data;
    }

    private Map<String, Object> status() {
        AlarmFiles.Status status = files.status();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("files", status.sentence());
        data.put("folder", status.folder().toString());
        data.put("alarms", (long) engine.list().size());
        data.put("standing", engine.list().stream().filter(AlarmView::standing).count());
        data.put("record", restoreNote.get());
        data.put("maxShelveMinutes", settings.maxShelve().toMinutes());
        return data;
    }

    private Map<String, Object> history(Command command) {
        Instant to = time(command, "to", clock.instant());
        Instant from = time(command, "from", to.minus(Duration.ofDays(7)));
        range(from, to);
        String alarm = optional(command, "alarm");
        if (!alarm.isEmpty()) {
            alarm = known(alarm);
        }
        List<Event> events = AlarmRecord.events(record.required(), from, to, alarm, "alarm.");
        List<Map<String, Object>> rows = new ArrayList<>();
        int first = Math.max(0, events.size() - HISTORY_ROWS);
        for (Event e : events.subList(first, events.size())) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("time", e.time().toString());
            row.put("event", e.type());
            row.put("alarm", e.subject());
            row.put("state", String.valueOf(e.data().getOrDefault("state", "")));
            row.put("count", e.data().getOrDefault("count", ""));
            row.put("user", String.valueOf(e.data().getOrDefault("user", "")));
            row.put("comment", String.valueOf(e.data().getOrDefault("comment", "")));
            rows.add(row);
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("from", from.toString());
        data.put("to", to.toString());
        data.put("events", (long) events.size());
        if (first > 0) {
            data.put("note", "only the last " + HISTORY_ROWS + " are shown; narrow from/to or name the alarm");
        }
        data.put("history", rows);
        return data;
    }

    /** The alarm's full id when an operator named it by its condition; an id not known now is taken as written. */
    private String known(String alarm) {
        try {
            return engine.alarm(alarm).id();
        } catch (RefusedOperation e) {
            return alarm; // an alarm of the record that is no longer configured
        }
    }

    private Map<String, Object> load(Command command) {
        Instant to = time(command, "to", clock.instant());
        Instant from = time(command, "from", to.minus(Duration.ofDays(7)));
        range(from, to);
        List<AlarmLoad.Raised> raised = new ArrayList<>();
        for (Event e : AlarmRecord.raised(record.required(), from, to)) {
            raised.add(new AlarmLoad.Raised(e.time(), e.subject()));
        }
        return AlarmLoad.compute(raised, from, to).data();
    }

    private static void range(Instant from, Instant to) {
        if (!to.isAfter(from)) {
            throw new RefusedOperation("from (" + from + ") must be before to (" + to + ")");
        }
    }

    private static Map<String, Object> row(AlarmView view) {
        return AlarmEngine.row(view);
    }

    private static String user(Command command) {
        return command.issuer().user();
    }

    private static String text(Command command, String name) {
        String value = optional(command, name);
        if (value.isEmpty()) {
            throw new RefusedOperation("argument " + name + " is required and must not be empty");
        }
        return value;
    }

    private static String optional(Command command, String name) {
        Object value = command.arguments().get(name);
        return value == null ? "" : String.valueOf(value).trim();
    }

    /** The {@code reason} argument, or the command's own reason (the shell's --reason). */
    private static String reason(Command command) {
        String reason = optional(command, "reason");
        return reason.isEmpty() ? command.reason().trim() : reason;
    }

    private static long minutes(Command command) {
        Object value = command.arguments().get("minutes");
        return value instanceof Number n ? n.longValue() : 60;
    }

    private Instant time(Command command, String name, Instant absent) {
        String text = optional(command, name);
        if (text.isEmpty()) {
            return absent;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notWithOffset) {
            try {
                return LocalDateTime.parse(text).atZone(settings.zone()).toInstant();
            } catch (DateTimeParseException notLocal) {
                try {
                    return LocalDate.parse(text).atStartOfDay(settings.zone()).toInstant();
                } catch (DateTimeParseException notADate) {
                    throw new RefusedOperation("argument " + name + " = \"" + text + "\" is not a time: write "
                            + "2026-12-02T08:30 (in " + settings.zone() + "), 2026-12-02T08:30+09:00 or 2026-12-02");
                }
            }
        }
    }
}
