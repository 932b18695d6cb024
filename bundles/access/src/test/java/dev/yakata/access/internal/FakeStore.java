package dev.yakata.access.internal;

import dev.yakata.api.event.Event;
import dev.yakata.store.api.AuditEntry;
import dev.yakata.store.api.AuditQuery;
import dev.yakata.store.api.ChainReport;
import dev.yakata.store.api.EventQuery;
import dev.yakata.store.api.EventStore;
import dev.yakata.store.api.ExportResult;
import dev.yakata.store.api.HistoryQuery;
import dev.yakata.store.api.HistorySample;
import dev.yakata.store.api.Page;
import dev.yakata.store.api.RetentionReport;
import dev.yakata.store.api.StoreStatus;
import dev.yakata.store.api.StoredEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stored events the test puts in, answered by time range and type as the store does (exact, or a prefix ending in a
 * dot), in pages of the query's limit; the chain's verification and export are recorded and answered as set.
 */
final class FakeStore implements EventStore {

    final List<Event> stored = new CopyOnWriteArrayList<>();
    final List<EventQuery> queries = new CopyOnWriteArrayList<>();
    final List<String> verified = new CopyOnWriteArrayList<>();
    final List<AuditQuery> exported = new CopyOnWriteArrayList<>();
    volatile ChainReport report = new ChainReport("access", true, "", 0, "12 records, vouched for by checkpoint 12",
            12, 1, 12, 3, 12, null, "chain access: INTACT, 12 records");

    /** What a query of events throws instead of answering, when set. */
    volatile RuntimeException eventsFailure;

    @Override
    public Page<StoredEvent> events(EventQuery query) {
        if (eventsFailure != null) {
            throw eventsFailure;
        }
        queries.add(query);
        List<StoredEvent> matching = new ArrayList<>();
        for (Event e : stored) {
            boolean type = query.type().isEmpty() || (query.type().endsWith(".")
                    ? e.type().startsWith(query.type()) : e.type().equals(query.type()));
            if (type && !e.time().isBefore(query.from()) && e.time().isBefore(query.to())) {
                matching.add(new StoredEvent(matching.size() + 1, e));
            }
        }
        int from = query.next().isEmpty() ? 0 : Integer.parseInt(query.next());
        int to = Math.min(matching.size(), from + query.limit());
        return new Page<>(matching.subList(from, to), to < matching.size() ? String.valueOf(to) : "");
    }

    @Override
    public Page<AuditEntry> audit(AuditQuery query) {
        return new Page<>(List.of(), "");
    }

    @Override
    public Page<HistorySample> history(HistoryQuery query) {
        return new Page<>(List.of(), "");
    }

    @Override
    public ExportResult exportEvents(EventQuery query, String fileName) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ExportResult exportAudit(AuditQuery query, String fileName) {
        exported.add(query);
        return new ExportResult("/exports/" + fileName, 7);
    }

    /** What the chain's verification throws instead of answering, when set. */
    volatile RuntimeException failure;

    @Override
    public ChainReport verify(String chain) {
        if (failure != null) {
            throw failure;
        }
        verified.add(chain);
        return report;
    }

    @Override
    public StoreStatus status() {
        throw new UnsupportedOperationException();
    }

    @Override
    public RetentionReport runRetention() {
        throw new UnsupportedOperationException();
    }
}
