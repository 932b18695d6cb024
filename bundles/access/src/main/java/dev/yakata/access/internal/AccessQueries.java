package dev.yakata.access.internal;

import dev.yakata.access.rules.AccessConfig.RoomSpec;
import dev.yakata.access.rules.AccessEngine.Location;
import dev.yakata.access.rules.Decision;
import dev.yakata.api.command.Command;
import dev.yakata.core.api.Pseudonyms;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The operators' questions that the rules answer at once: may this card pass ({@code check}), who is inside the
 * Level-3 rooms ({@code inside}), what is in force ({@code status}). They change nothing.
 */
final class AccessQueries {

    private final Rules rules;
    private final Supplier<Site> site;
    private final Pseudonyms pseudonyms;
    private final Supplier<ConfigReload.Status> config;
    private final Supplier<Map<String, Object>> runtimeStatus;
    private final Clock clock;
    private final ZoneId zone;

    /** @param runtimeStatus what the runtime adds to {@code status}: held doors, fire alarms, the record */
    AccessQueries(Rules rules, Supplier<Site> site, Pseudonyms pseudonyms, Supplier<ConfigReload.Status> config,
            Supplier<Map<String, Object>> runtimeStatus, Clock clock, ZoneId zone) {
        this.rules = rules;
        this.site = site;
        this.pseudonyms = pseudonyms;
        this.config = config;
        this.runtimeStatus = runtimeStatus;
        this.clock = clock;
        this.zone = zone;
    }

    Map<String, Object> check(Command command) {
        OperatorInput input = new OperatorInput(command, zone);
        String card = input.card(pseudonyms);
        String door = input.text("door");
        String direction = input.optional("direction").isEmpty() ? "entry" : input.optional("direction");
        if (!direction.equals("entry") && !direction.equals("exit")) {
            throw new RejectedInput("argument direction = \"" + direction + "\": write entry or exit");
        }
        Instant at = input.time("at", clock.instant());
        requireConfigured();
        Site now = site.get();
        if (now.door(door).isEmpty()) {
            throw new RejectedInput("unknown door '" + door + "': zones.cfg names " + names(now));
        }
        Decision d = rules.check(card, door, direction, at);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("granted", d.granted());
        data.put("reason", d.reason());
        data.put("detail", d.detail());
        data.put("rule", d.rule());
        data.put("door", d.door());
        data.put("reader", d.reader());
        data.put("direction", d.direction());
        data.put("from", d.fromZone());
        data.put("to", d.toZone());
        data.put("level", (long) d.level());
        data.put("person", d.person());
        data.put("card", card);
        data.put("at", Outcomes.shown(at, zone));
        return data;
    }

    Map<String, Object> inside(Command command) {
        String wanted = new OperatorInput(command, zone).optional("room");
        requireConfigured();
        Site now = site.get();
        List<RoomSpec> rooms;
        if (wanted.isEmpty()) {
            rooms = now.rooms().stream().filter(r -> now.levels().applyAsInt(r.zone()) == 3).toList();
        } else {
            rooms = List.of(now.room(wanted).orElseThrow(() -> new RejectedInput("unknown room '" + wanted
                    + "': zones.cfg names " + (now.rooms().isEmpty() ? "no room"
                            : now.rooms().stream().map(RoomSpec::id).collect(Collectors.joining(", "))))));
        }
        Instant at = clock.instant();
        List<Location> locations = rules.locations(at);
        List<Map<String, Object>> roomRows = new ArrayList<>();
        List<Map<String, Object>> people = new ArrayList<>();
        int overdue = 0;
        for (RoomSpec room : rooms.stream().sorted(Comparator.comparing(RoomSpec::id)).toList()) {
            int inRoom = 0;
            int overdueInRoom = 0;
            for (Location location : locations.stream().filter(l -> l.zone().equals(room.zone()))
                    .sorted(Comparator.comparing(Location::since)).toList()) {
                Duration stay = Duration.between(location.since(), at);
                boolean late = room.maxStaySeconds() > 0 && stay.getSeconds() > room.maxStaySeconds();
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("room", room.id());
                row.put("zone", room.zone());
                row.put("person", location.person());
                row.put("since", Outcomes.shown(location.since(), zone));
                row.put("minutes", stay.toMinutes());
                row.put("overdue", late);
                people.add(row);
                inRoom++;
                overdueInRoom += late ? 1 : 0;
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("room", room.id());
            row.put("name", room.name());
            row.put("zone", room.zone());
            row.put("maxStayMinutes", room.maxStaySeconds() / 60);
            row.put("inside", (long) inRoom);
            row.put("overdue", (long) overdueInRoom);
            roomRows.add(row);
            overdue += overdueInRoom;
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("at", Outcomes.shown(at, zone));
        data.put("rooms", roomRows);
        data.put("inside", people);
        data.put("count", (long) people.size());
        data.put("overdue", (long) overdue);
        return data;
    }

    Map<String, Object> status(Command command) {
        ConfigReload.Status status = config.get();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("state", !status.loaded() ? "not-configured" : status.problem() == null ? "loaded" : "failed");
        data.put("folder", status.folder().toString());
        data.put("files", status.files());
        data.put("summary", status.summary());
        data.put("loadedAt", status.loadedAt() == null ? "" : status.loadedAt().toString());
        if (status.problem() != null) {
            ConfigReload.Problem problem = status.problem();
            Map<String, Object> refused = new LinkedHashMap<>();
            refused.put("file", problem.file());
            refused.put("line", (long) problem.line());
            refused.put("message", problem.message());
            refused.put("at", problem.at().toString());
            data.put("problem", refused);
        }
        data.put("message", status.sentence());
        data.put("doors", (long) site.get().doors().size());
        data.put("cardOverrides", (long) rules.cardStateOverrides().size());
        data.putAll(runtimeStatus.get());
        return data;
    }

    private void requireConfigured() {
        if (!rules.configured()) {
            throw new RejectedInput("access control has no configuration in force: " + config.get().sentence());
        }
    }

    private static String names(Site site) {
        return site.doors().isEmpty() ? "no door"
                : site.doors().stream().map(d -> d.device()).sorted().collect(Collectors.joining(", "));
    }
}
