package dev.yakata.store.internal;

import dev.yakata.api.event.Event;
import dev.yakata.api.event.Severity;
import dev.yakata.eventjson.EventJson;
import dev.yakata.store.api.AuditEntry;
import dev.yakata.store.api.AuditQuery;
import dev.yakata.store.api.EventQuery;
import dev.yakata.store.api.EventStore;
import dev.yakata.store.api.HistoryQuery;
import dev.yakata.store.api.HistorySample;
import dev.yakata.store.api.Page;
import dev.yakata.store.api.Resolution;
import dev.yakata.store.api.StoredEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The read side: one SQL statement per page, keyset-paged on (time, tie-breaker) so a page costs the same however
 * deep it is. Checks every argument before touching the database.
 */
final class StoreQueries {

    private final Tables tables;

    StoreQueries(String schema) {
        this.tables = new Tables(schema);
    }

    /** A statement's text and its parameters in order. */
    private record Sql(String text, List<Object> parameters) {
    }

    static void checkRange(Instant from, Instant to, int limit) {
        if (from == null || to == null) {
            throw new IllegalArgumentException((from == null ? "from" : "to") + " is missing: a query needs a time "
                    + "range [from, to)");
        }
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("from = " + from + " is not before to = " + to
                    + ": the range [from, to) must not be empty");
        }
        if (limit < 1 || limit > EventStore.MAX_LIMIT) {
            throw new IllegalArgumentException("limit = " + limit + " is out of range: set it between 1 and "
                    + EventStore.MAX_LIMIT + " and page with next");
        }
    }

    static void checkEvents(EventQuery q) {
        checkRange(q.from(), q.to(), q.limit());
        PageToken.decode(q.next(), eventsKind(q));
    }

    /** The token kind of an events page: one order's token does not continue the other order's query. */
    private static String eventsKind(EventQuery q) {
        return q.newestFirst() ? "events-newest-first" : "events";
    }

    static void checkAudit(AuditQuery q) {
        Chains.check(q.chain());
        checkRange(q.from(), q.to(), q.limit());
        PageToken.decode(q.next(), q.chain()); // a page's token is its chain's: another chain's sequence is no key here
    }

    static void checkHistory(HistoryQuery q) {
        if (q.device().isEmpty() || q.point().isEmpty()) {
            throw new IllegalArgumentException((q.device().isEmpty() ? "device" : "point")
                    + " is missing: a history query is for one device and one point");
        }
        checkRange(q.from(), q.to(), q.limit());
        PageToken.decode(q.next(), "history");
    }

    Page<StoredEvent> events(Connection c, EventQuery q) throws SQLException {
        checkEvents(q);
        StringBuilder where = new StringBuilder(" WHERE time_ns >= ? AND time_ns < ?");
        List<Object> p = new ArrayList<>(List.of(Times.nanos(q.from()), Times.nanos(q.to())));
        equal(where, p, "source", q.device());
        equal(where, p, "zone", q.zone());
        typeFilter(where, p, "type", q.type());
        equal(where, p, "actor", q.actor());
        equal(where, p, "correlation_id", q.correlationId());
        String kind = eventsKind(q);
        if (q.newestFirst()) {
            before(where, p, PageToken.decode(q.next(), kind), "journal_position");
        } else {
            after(where, p, PageToken.decode(q.next(), kind), "journal_position");
        }
        String sql = "SELECT journal_position, event_id, time_ns, source, type, subject, zone, severity, seq, "
                + "correlation_id, actor, device_time_ns, data FROM " + tables.events + where
                + (q.newestFirst() ? " ORDER BY time_ns DESC, journal_position DESC" : " ORDER BY time_ns, journal_position")
                + " LIMIT ?";
        p.add(q.limit() + 1);
        List<StoredEvent> items = new ArrayList<>();
        try (PreparedStatement s = prepare(c, new Sql(sql, p)); ResultSet r = s.executeQuery()) {
            while (r.next() && items.size() < q.limit() + 1) {
                Event.Builder b = Event.builder(r.getString(5), r.getString(4)).id(r.getString(2))
                        .time(Times.instant(r.getLong(3))).subject(r.getString(6)).zone(r.getString(7))
                        .severity(Severity.valueOf(r.getString(8))).sequence(r.getLong(9))
                        .correlationId(r.getString(10)).actor(r.getString(11))
                        .data(EventJson.mapFromJson(r.getString(13)));
                long deviceTime = r.getLong(12);
                if (!r.wasNull()) {
                    b.deviceTime(Times.instant(deviceTime));
                }
                items.add(new StoredEvent(r.getLong(1), b.build()));
            }
        }
        return page(items, q.limit(), e -> new PageToken(kind, Times.nanos(e.event().time()), e.position()));
    }

    Page<AuditEntry> audit(Connection c, AuditQuery q) throws SQLException {
        checkAudit(q);
        StringBuilder where = new StringBuilder(" WHERE chain_name = ? AND time_ns >= ? AND time_ns < ?");
        List<Object> p = new ArrayList<>(List.of(q.chain(), Times.nanos(q.from()), Times.nanos(q.to())));
        equal(where, p, "user_name", q.user());
        equal(where, p, "channel", q.channel());
        equal(where, p, "device", q.device());
        typeFilter(where, p, "kind", q.kind());
        after(where, p, PageToken.decode(q.next(), q.chain()), "chain_seq");
        String sql = "SELECT chain_name, chain_seq, time_ns, kind, user_name, channel, device, action, arguments, "
                + "outcome, reason, event_id, journal_position, correlation_id, previous_hash, record_hash FROM "
                + tables.audit + where + " ORDER BY time_ns, chain_seq LIMIT ?";
        p.add(q.limit() + 1);
        List<AuditEntry> items = new ArrayList<>();
        try (PreparedStatement s = prepare(c, new Sql(sql, p)); ResultSet r = s.executeQuery()) {
            while (r.next()) {
                items.add(new AuditEntry(r.getString(1), r.getLong(2), Times.instant(r.getLong(3)), r.getString(4),
                        r.getString(5), r.getString(6), r.getString(7), r.getString(8),
                        EventJson.mapFromJson(r.getString(9)), r.getString(10), r.getString(11), r.getString(12),
                        r.getLong(13), r.getString(14), r.getString(15), r.getString(16)));
            }
        }
        return page(items, q.limit(), e -> new PageToken(q.chain(), Times.nanos(e.time()), e.sequence()));
    }

    Page<HistorySample> history(Connection c, HistoryQuery q) throws SQLException {
        checkHistory(q);
        PageToken token = PageToken.decode(q.next(), "history");
        List<HistorySample> items = new ArrayList<>();
        long from = Times.nanos(q.from());
        if (token != null) {
            from = Math.max(from, token.time() + 1);
        }
        if (q.resolution() == Resolution.RAW) {
            // Two changes of one point in the same nanosecond are not told apart by paging: the page ends at a time.
            String sql = "SELECT time_ns, value_num, value_text, quality FROM " + tables.samples
                    + " WHERE device = ? AND point = ? AND time_ns >= ? AND time_ns < ? ORDER BY time_ns LIMIT ?";
            try (PreparedStatement s = prepare(c, new Sql(sql, List.of(q.device(), q.point(), from,
                    Times.nanos(q.to()), q.limit() + 1))); ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    double number = r.getDouble(2);
                    Double value = r.wasNull() ? null : number;
                    Object last = value != null ? value : r.getString(3);
                    items.add(new HistorySample(Times.instant(r.getLong(1)), value, value, value, last,
                            r.getString(4), 1));
                }
            }
        } else {
            String sql = "SELECT bucket_ns, sample_count, numeric_count, min_num, max_num, sum_num, last_num, "
                    + "last_text, last_quality FROM " + tables.rollups + " WHERE device = ? AND point = ? "
                    + "AND resolution = ? AND bucket_ns >= ? AND bucket_ns < ? ORDER BY bucket_ns LIMIT ?";
            try (PreparedStatement s = prepare(c, new Sql(sql, List.of(q.device(), q.point(),
                    q.resolution().name(), from, Times.nanos(q.to()), q.limit() + 1)));
                    ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    long numeric = r.getLong(3);
                    Double min = numeric == 0 ? null : r.getDouble(4);
                    Double max = numeric == 0 ? null : r.getDouble(5);
                    Double avg = numeric == 0 ? null : r.getDouble(6) / numeric;
                    double lastNumber = r.getDouble(7);
                    Object last = r.wasNull() ? r.getString(8) : (Object) lastNumber;
                    items.add(new HistorySample(Times.instant(r.getLong(1)), min, max, avg, last, r.getString(9),
                            r.getLong(2)));
                }
            }
        }
        return page(items, q.limit(), h -> new PageToken("history", Times.nanos(h.time()), 0));
    }

    private static <T> Page<T> page(List<T> items, int limit, java.util.function.Function<T, PageToken> key) {
        if (items.size() <= limit) {
            return new Page<>(items, "");
        }
        List<T> page = items.subList(0, limit);
        return new Page<>(page, key.apply(page.get(limit - 1)).encode());
    }

    static void equal(StringBuilder where, List<Object> p, String column, String value) {
        if (!value.isEmpty()) {
            where.append(" AND ").append(column).append(" = ?");
            p.add(value);
        }
    }

    /** An exact type, or a prefix when it ends in a dot ({@code door.}). */
    static void typeFilter(StringBuilder where, List<Object> p, String column, String value) {
        if (value.isEmpty()) {
            return;
        }
        if (value.endsWith(".")) {
            where.append(" AND ").append(column).append(" LIKE ? ESCAPE '!'");
            p.add(value.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%");
        } else {
            equal(where, p, column, value);
        }
    }

    private static void after(StringBuilder where, List<Object> p, PageToken token, String tieBreaker) {
        if (token != null) {
            where.append(" AND (time_ns > ? OR (time_ns = ? AND ").append(tieBreaker).append(" > ?))");
            p.add(token.time());
            p.add(token.time());
            p.add(token.tieBreaker());
        }
    }

    /** The newest-first counterpart of {@link #after}: the rows that sort before the last row of the previous page. */
    private static void before(StringBuilder where, List<Object> p, PageToken token, String tieBreaker) {
        if (token != null) {
            where.append(" AND (time_ns < ? OR (time_ns = ? AND ").append(tieBreaker).append(" < ?))");
            p.add(token.time());
            p.add(token.time());
            p.add(token.tieBreaker());
        }
    }

    private static PreparedStatement prepare(Connection c, Sql sql) throws SQLException {
        PreparedStatement s = c.prepareStatement(sql.text());
        try {
            int i = 1;
            for (Object value : sql.parameters()) {
                if (value instanceof Long l) {
                    s.setLong(i++, l);
                } else if (value instanceof Integer n) {
                    s.setInt(i++, n);
                } else {
                    s.setString(i++, (String) value);
                }
            }
            return s;
        } catch (SQLException | RuntimeException e) {
            s.close();
            throw e;
        }
    }
}
