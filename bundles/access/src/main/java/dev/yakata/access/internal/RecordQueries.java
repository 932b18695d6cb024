package dev.yakata.access.internal;

import dev.yakata.api.command.Command;
import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventTypes;
import dev.yakata.store.api.AuditQuery;
import dev.yakata.store.api.ChainReport;
import dev.yakata.store.api.EventQuery;
import dev.yakata.store.api.EventStore;
import dev.yakata.store.api.ExportResult;
import dev.yakata.store.api.Page;
import dev.yakata.store.api.StoredEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The operators' questions the record answers: a person's entries and exits ({@code find}), a day's attendance
 * ({@code attendance-report}), and the Level-3 record's chain ({@code verify-record}, {@code export-record}). Each
 * reads the store, which blocks on its database, so the access device runs them on a thread of its own.
 */
final class RecordQueries {

    /** The Level-3 record's chain in the store. */
    static final String CHAIN = EventStore.ACCESS_CHAIN;
    /** At most this many entries and exits in one answer of {@code find}. */
    static final int FIND_LIMIT = 1000;
    static final Duration FIND_DEFAULT = Duration.ofDays(7);

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final Supplier<EventStore> store;
    private final Path exportFolder;
    private final Clock clock;
    private final ZoneId zone;

    RecordQueries(Supplier<EventStore> store, Path exportFolder, Clock clock, ZoneId zone) {
        this.store = store;
        this.exportFolder = exportFolder;
        this.clock = clock;
        this.zone = zone;
    }

    Map<String, Object> find(Command command) {
        OperatorInput input = new OperatorInput(command, zone);
        String person = input.text("person");
        Instant now = clock.instant();
        OperatorInput.Range range = input.range(now.minus(FIND_DEFAULT), now);
        List<Map<String, Object>> rows = new ArrayList<>();
        boolean[] truncated = {false};
        // One pass over access.* in time order; the record keeps the person as data, not as a column to filter on.
        each(EventQuery.between(range.from(), range.to()).withType("access."), event -> {
            boolean decision = event.type().equals(EventTypes.ACCESS_GRANTED)
                    || event.type().equals(EventTypes.ACCESS_DENIED);
            if (!decision || !person.equals(EventData.text(event.data(), "person"))) {
                return true;
            }
            if (rows.size() == FIND_LIMIT) {
                truncated[0] = true;
                return false;
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("time", Outcomes.shown(event.time(), zone));
            row.put("decision", event.type().equals(EventTypes.ACCESS_GRANTED) ? "granted" : "denied");
            for (String key : List.of("door", "reader", "direction", "from", "to", "reason", "rule")) {
                row.put(key, EventData.text(event.data(), key));
            }
            rows.add(row);
            return true;
        });
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("person", person);
        data.put("from", range.from().toString());
        data.put("to", range.to().toString());
        data.put("entries", rows);
        data.put("count", (long) rows.size());
        data.put("truncated", truncated[0]);
        return data;
    }

    Map<String, Object> attendance(Command command) throws IOException {
        LocalDate date = new OperatorInput(command, zone).date("date");
        AttendanceCsv report = new AttendanceCsv(zone);
        each(EventQuery.between(date.atStartOfDay(zone).toInstant(), date.plusDays(1).atStartOfDay(zone).toInstant())
                .withType(EventTypes.ACCESS_GRANTED), event -> {
                    report.add(event);
                    return true;
                });
        Path file = exportFolder.resolve("attendance-" + date + ".csv");
        AtomicFiles.write(file, report.text().getBytes(StandardCharsets.UTF_8));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("date", date.toString());
        data.put("file", file.toString());
        data.put("rows", (long) report.rows());
        return data;
    }

    Map<String, Object> verify(Command command) {
        ChainReport report = store().verify(CHAIN);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("chain", report.chain());
        data.put("intact", report.intact());
        data.put("problem", report.problem());
        data.put("problemSequence", report.problemSequence());
        data.put("message", report.message());
        data.put("recordsChecked", report.recordsChecked());
        data.put("firstSequence", report.firstSequence());
        data.put("lastSequence", report.lastSequence());
        data.put("checkpointsChecked", report.checkpointsChecked());
        data.put("unvouchedRecords", report.unvouchedRecords());
        data.put("summary", report.summary());
        return data;
    }

    Map<String, Object> export(Command command) {
        Instant now = clock.instant();
        OperatorInput.Range range = new OperatorInput(command, zone).range(Instant.EPOCH, now);
        // A time range only, so the export is a verifiable run of the chain with its checkpoints.
        AuditQuery query = AuditQuery.between(range.from(), range.to()).withChain(CHAIN);
        String name = "access-record-" + STAMP.format(now.atZone(zone)) + ".csv";
        ExportResult result = store().exportAudit(query, name);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("chain", CHAIN);
        data.put("from", range.from().toString());
        data.put("to", range.to().toString());
        data.put("file", result.file());
        data.put("rows", result.rows());
        return data;
    }

    /** Every stored event of the query, page by page, until {@code each} says stop. */
    private void each(EventQuery query, Predicate<Event> each) {
        EventStore events = store();
        EventQuery page = query.withLimit(EventStore.MAX_LIMIT);
        while (true) {
            Page<StoredEvent> result = events.events(page);
            for (StoredEvent stored : result.items()) {
                if (!each.test(stored.event())) {
                    return;
                }
            }
            if (!result.hasNext()) {
                return;
            }
            page = page.withNext(result.next());
        }
    }

    private EventStore store() {
        EventStore events = store.get();
        if (events == null) {
            throw new RejectedInput("the event store is not running, and this answer comes from its record; install "
                    + "the yakata-store feature or see yakata:store-status");
        }
        return events;
    }
}
