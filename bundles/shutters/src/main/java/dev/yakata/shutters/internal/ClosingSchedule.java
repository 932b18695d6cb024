package dev.yakata.shutters.internal;

import dev.yakata.api.command.Command;
import dev.yakata.api.command.CommandOutcome;
import dev.yakata.api.command.Issuer;
import dev.yakata.api.event.Event;
import dev.yakata.bus.api.EventBus;
import dev.yakata.core.api.DeviceRegistry;
import dev.yakata.shutters.rules.ShuttersConfig;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daily closing: at each closing's time on its days (holidays excepted) the group's {@code close-group} is
 * submitted to the {@code shutters} device as the schedule ({@code closing-schedule}, channel SCHEDULE, role
 * {@code yakata-hub}), so the policy decides it and the audit records it like an operator's. An operator may postpone
 * today's closings to a later time with a reason; the postponement is kept on disk until the day is over, so a restart
 * keeps it. A closing whose time passed while the hub was down runs if the hub is back within
 * {@value #CATCH_UP_MINUTES} minutes, not later. Ticked once a second on its own thread.
 */
final class ClosingSchedule {

    private static final Logger LOG = LoggerFactory.getLogger(ClosingSchedule.class);
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("H:mm");
    static final long CATCH_UP_MINUTES = 10;
    static final Issuer SCHEDULE = Issuer.of("closing-schedule", Issuer.Channel.SCHEDULE, "yakata-hub");

    /** Today's closings, later: who postponed them, to when and why. */
    record Postponement(LocalDate day, LocalTime until, String user, String reason, Instant at) {
    }

    private final Supplier<ShuttersConfig> config;
    private final DeviceRegistry registry;
    private final EventBus bus;
    private final Clock clock;
    private final Path stateFile;
    /** Closings that ran (or were skipped), by day and line; the schedule's thread and the device's, synchronized. */
    private final Set<String> done = new HashSet<>();
    private Postponement postponement;

    ClosingSchedule(Supplier<ShuttersConfig> config, DeviceRegistry registry, EventBus bus, Clock clock, Path stateFile) {
        this.config = config;
        this.registry = registry;
        this.bus = bus;
        this.clock = clock;
        this.stateFile = stateFile;
        this.postponement = restore();
    }

    /** Runs the closings that are due. */
    synchronized void tick() {
        ShuttersConfig current = config.get();
        ZonedDateTime now = ZonedDateTime.now(clock.withZone(current.zone()));
        LocalDate today = now.toLocalDate();
        for (ShuttersConfig.Closing closing : current.closingsOn(today)) {
            String key = key(today, closing);
            if (done.contains(key)) {
                continue;
            }
            LocalTime time = effective(closing, today);
            ZonedDateTime due = today.atTime(time).atZone(current.zone());
            if (now.isBefore(due)) {
                continue;
            }
            done.add(key);
            if (Duration.between(due, now).toMinutes() >= CATCH_UP_MINUTES) {
                LOG.warn("Shutters: the closing of {} at {} ({}) was missed while the hub was down; close it by hand "
                        + "(yakata:shutter-close --group {})", closing.group(), time, closing.line(), closing.group());
                continue;
            }
            run(closing, time, today);
        }
    }

    private void run(ShuttersConfig.Closing closing, LocalTime time, LocalDate today) {
        Postponement p = postponement;
        String reason = p != null && p.day().equals(today) && time.equals(p.until())
                ? "daily closing, postponed to " + time + " by " + p.user() + ": " + p.reason()
                : "daily closing at " + time + " (" + closing.line() + ")";
        Command command = Command.builder(ShuttersRuntime.DEVICE, "close-group").argument("group", closing.group())
                .issuer(SCHEDULE).reason(reason).build();
        LOG.info("Shutters: {}: closing group {}", reason, closing.group());
        bus.publish(Event.builder(ShutterEventTypes.CLOSING_STARTED, ShutterEventTypes.SOURCE).subject(closing.group())
                .correlationId(command.id()).actor(SCHEDULE.user()).put("group", closing.group())
                .put("at", time.toString()).put("reason", reason).build());
        registry.submit(command).whenComplete((outcome, failure) -> {
            if (failure != null || !outcome.isSuccess()) {
                LOG.warn("Shutters: the daily closing of {} was not started: {}", closing.group(),
                        failure != null ? failure.toString() : outcome.status() + " " + outcome.reason());
            }
        });
    }

    /** {@code postpone-closing until=HH:mm}, with the command's reason. */
    synchronized CommandOutcome postpone(Command command) {
        String reason = command.reason().isBlank() ? "" : command.reason().trim();
        if (reason.isEmpty()) {
            return Outcomes.rejected(command, "say why the closing is postponed: give the command a reason (--reason)");
        }
        String text = String.valueOf(command.arguments().get("until")).trim();
        LocalTime until;
        try {
            until = LocalTime.parse(text, HH_MM);
        } catch (DateTimeParseException e) {
            return Outcomes.rejected(command, "until=" + text + " is not a time of day; write HH:mm, for example 18:30");
        }
        ShuttersConfig current = config.get();
        ZonedDateTime now = ZonedDateTime.now(clock.withZone(current.zone()));
        LocalDate today = now.toLocalDate();
        List<ShuttersConfig.Closing> pending = new ArrayList<>();
        for (ShuttersConfig.Closing closing : current.closingsOn(today)) {
            if (!done.contains(key(today, closing))) {
                pending.add(closing);
            }
        }
        if (pending.isEmpty()) {
            return Outcomes.rejected(command, "no closing is still to run today (" + today + ", " + now.getDayOfWeek()
                    + "); nothing to postpone");
        }
        if (!until.isAfter(now.toLocalTime())) {
            return Outcomes.rejected(command, "until=" + until + " has passed (it is " + now.toLocalTime().withNano(0)
                    + " in " + current.zone() + "); give a later time today");
        }
        for (ShuttersConfig.Closing closing : pending) {
            if (!until.isAfter(closing.at())) {
                return Outcomes.rejected(command, "until=" + until + " is not after the closing at " + closing.at()
                        + " (" + closing.line() + "); a postponement makes the closing later");
            }
        }
        Postponement next = new Postponement(today, until, command.issuer().user(), reason, clock.instant());
        try {
            save(next);
        } catch (IOException e) {
            return CommandOutcome.failed(command, "the postponement could not be saved in " + stateFile + " (" + e
                    + "); nothing was changed");
        }
        postponement = next;
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("day", today.toString());
        data.put("until", until.toString());
        data.put("groups", pending.stream().map(ShuttersConfig.Closing::group).toList());
        data.put("was", pending.stream().map(c -> c.at().toString()).toList());
        data.put("user", next.user());
        data.put("reason", reason);
        bus.publish(Event.builder(ShutterEventTypes.CLOSING_POSTPONED, ShutterEventTypes.SOURCE).subject(today.toString())
                .correlationId(command.id()).actor(next.user()).data(data).build());
        LOG.info("Shutters: today's closing postponed to {} by {}: {}", until, next.user(), reason);
        return Outcomes.completed(command, "today's closing postponed to " + until, data);
    }

    /** Today's closings, for the status. */
    synchronized List<Map<String, Object>> today() {
        ShuttersConfig current = config.get();
        LocalDate today = ZonedDateTime.now(clock.withZone(current.zone())).toLocalDate();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ShuttersConfig.Closing closing : current.closingsOn(today)) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("group", closing.group());
            row.put("at", closing.at().toString());
            row.put("runs", effective(closing, today).toString());
            row.put("done", done.contains(key(today, closing)));
            Postponement p = postponement;
            row.put("postponed", p != null && p.day().equals(today) && effective(closing, today).equals(p.until())
                    ? "by " + p.user() + ": " + p.reason() : "");
            rows.add(row);
        }
        return rows;
    }

    private LocalTime effective(ShuttersConfig.Closing closing, LocalDate day) {
        Postponement p = postponement;
        return p != null && p.day().equals(day) && p.until().isAfter(closing.at()) ? p.until() : closing.at();
    }

    private static String key(LocalDate day, ShuttersConfig.Closing closing) {
        return day + " " + closing.group() + " " + closing.at();
    }

    private void save(Postponement p) throws IOException {
        Files.createDirectories(stateFile.getParent());
        Properties properties = new Properties();
        properties.setProperty("day", p.day().toString());
        properties.setProperty("until", p.until().toString());
        properties.setProperty("user", p.user());
        properties.setProperty("reason", p.reason());
        properties.setProperty("at", p.at().toString());
        Path temp = stateFile.resolveSibling(stateFile.getFileName() + ".tmp");
        try (Writer out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
            properties.store(out, "today's postponed closing (yakata:shutter-postpone)");
        }
        Files.move(temp, stateFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private Postponement restore() {
        if (!Files.isRegularFile(stateFile)) {
            return null;
        }
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(stateFile, StandardCharsets.UTF_8)) {
            properties.load(in);
            return new Postponement(LocalDate.parse(properties.getProperty("day")),
                    LocalTime.parse(properties.getProperty("until")), properties.getProperty("user", ""),
                    properties.getProperty("reason", ""), Instant.parse(properties.getProperty("at")));
        } catch (IOException | RuntimeException e) {
            LOG.warn("Shutters: the postponement in {} cannot be read ({}); today's closings run at their times",
                    stateFile, e.toString());
            return null;
        }
    }
}
