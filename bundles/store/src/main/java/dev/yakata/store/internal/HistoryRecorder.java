package dev.yakata.store.internal;

import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventTypes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Telemetry history. {@link #offer} (the bus's listener thread) puts each {@code point.changed} into a bounded queue
 * and never blocks: when it is full the change is dropped and counted, which is fine for history. The thread
 * {@code yakata-store-history} writes the changes in batches as raw samples and folds them into per-point minute and
 * hour rollups held in memory; a rollup is written when its bucket closes (a later change of the point, or the clock
 * passing the bucket's end) and at stop, merged with any row already there (a bucket written at stop and continued
 * after a restart, or a late change).
 */
final class HistoryRecorder implements Runnable {

    static final long MINUTE_NANOS = 60_000_000_000L;
    static final long HOUR_NANOS = 60 * MINUTE_NANOS;
    private static final int BATCH = 5000;
    /** How long after a bucket's end late changes are still folded in before it is written. */
    private static final long CLOSE_GRACE_NANOS = 2_000_000_000L;
    private static final Logger LOG = LoggerFactory.getLogger(HistoryRecorder.class);

    private record Key(String device, String point) {
    }

    private final StoreDatabase database;
    private final StoreState state;
    private final Tables tables;
    private final BlockingQueue<Event> queue;
    private final Map<Key, Rollup> minutes = new HashMap<>();
    private final Map<Key, Rollup> hours = new HashMap<>();
    /** Closed buckets not yet written (kept across a failed write). */
    private final List<Rollup> closed = new ArrayList<>();
    private volatile boolean running = true;
    private volatile String lastFailure = "";

    HistoryRecorder(StoreSettings settings, StoreDatabase database, StoreState state) {
        this.database = database;
        this.state = state;
        this.tables = new Tables(settings.schema());
        this.queue = new ArrayBlockingQueue<>(settings.telemetryQueueSize());
    }

    /** From the bus's listener thread: never blocks. */
    void offer(Event event) {
        if (EventTypes.POINT_CHANGED.equals(event.type()) && !queue.offer(event)) {
            state.telemetryDropped.increment();
        }
    }

    void stop() {
        running = false;
    }

    String lastFailure() {
        return lastFailure;
    }

    @Override
    public void run() {
        List<Event> batch = new ArrayList<>(BATCH);
        long lastFlush = System.nanoTime();
        while (running) {
            try {
                DataSource dataSource = database.ready();
                if (dataSource == null) {
                    Thread.sleep(250); // the queue fills and drops meanwhile, counted
                    continue;
                }
                Event first = queue.poll(250, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, BATCH - 1);
                }
                boolean flushClock = System.nanoTime() - lastFlush > 1_000_000_000L;
                if (!batch.isEmpty() || (flushClock && (!minutes.isEmpty() || !closed.isEmpty()))) {
                    write(dataSource, batch, flushClock ? System.currentTimeMillis() * 1_000_000L : Long.MIN_VALUE);
                    if (flushClock) {
                        lastFlush = System.nanoTime();
                    }
                }
            } catch (InterruptedException e) {
                break;
            } catch (SQLException | RuntimeException e) {
                state.telemetryDropped.add(batch.size());
                String reason = e.getMessage() == null ? e.toString() : e.getMessage();
                if (!reason.equals(lastFailure)) {
                    LOG.warn("Event store: writing point history failed ({}); {} changes dropped", reason, batch.size());
                }
                lastFailure = reason;
                sleepQuietly(1000);
            } finally {
                batch.clear();
            }
        }
        flushAtStop();
    }

    private void write(DataSource dataSource, List<Event> batch, long nowNanos) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                if (!batch.isEmpty()) {
                    insertSamples(c, batch);
                }
                if (nowNanos != Long.MIN_VALUE) {
                    long before = nowNanos == Long.MAX_VALUE ? Long.MAX_VALUE : nowNanos - CLOSE_GRACE_NANOS;
                    closeBefore(minutes, before);
                    closeBefore(hours, before);
                }
                List<Rollup> toWrite = new ArrayList<>(closed);
                if (!toWrite.isEmpty()) {
                    upsert(c, toWrite);
                }
                c.commit();
                closed.removeAll(toWrite);
                state.samplesWritten.add(batch.size());
                lastFailure = "";
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private void insertSamples(Connection c, List<Event> batch) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO " + tables.samples
                + " (device, point, time_ns, value_num, value_text, quality) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (Event e : batch) {
                Map<String, Object> data = e.data();
                String point = data.get("point") instanceof String p ? p : e.subject();
                Object value = data.get("value");
                Double number = value instanceof Number n && !(value instanceof Boolean) ? n.doubleValue() : null;
                String text = number == null && value != null ? value.toString() : null;
                String quality = data.get("quality") == null ? "GOOD" : data.get("quality").toString();
                long time = Times.nanos(e.time());
                s.setString(1, EventWriter.clean(e.source()));
                s.setString(2, EventWriter.clean(point));
                s.setLong(3, time);
                if (number == null || number.isNaN() || number.isInfinite()) {
                    s.setNull(4, Types.DOUBLE);
                } else {
                    s.setDouble(4, number);
                }
                if (text == null) {
                    s.setNull(5, Types.VARCHAR);
                } else {
                    s.setString(5, EventWriter.clean(text));
                }
                s.setString(6, quality);
                s.addBatch();
                Key key = new Key(e.source(), point);
                fold(minutes, key, "MINUTE", MINUTE_NANOS, time, number, text, quality);
                fold(hours, key, "HOUR", HOUR_NANOS, time, number, text, quality);
            }
            s.executeBatch();
        }
    }

    private void fold(Map<Key, Rollup> open, Key key, String resolution, long width, long time, Double number,
            String text, String quality) {
        long bucket = Rollup.bucketOf(time, width);
        Rollup rollup = open.get(key);
        if (rollup != null && rollup.bucketNanos != bucket) {
            if (bucket < rollup.bucketNanos) {
                // a late change for a bucket already moved on: its own partial rollup, merged into the row
                Rollup late = new Rollup(key.device(), key.point(), resolution, bucket, width);
                late.add(time, number, text, quality);
                closed.add(late);
                return;
            }
            closed.add(rollup);
            rollup = null;
        }
        if (rollup == null) {
            rollup = new Rollup(key.device(), key.point(), resolution, bucket, width);
            open.put(key, rollup);
        }
        rollup.add(time, number, text, quality);
    }

    private void closeBefore(Map<Key, Rollup> open, long nanos) {
        for (Iterator<Rollup> it = open.values().iterator(); it.hasNext(); ) {
            Rollup rollup = it.next();
            if (rollup.endNanos() <= nanos) {
                closed.add(rollup);
                it.remove();
            }
        }
    }

    /** Merges each rollup into its row: an UPDATE that combines, and an INSERT where there was none. */
    private void upsert(Connection c, List<Rollup> rollups) throws SQLException {
        String dbl = "CAST(? AS DOUBLE PRECISION)";
        try (PreparedStatement update = c.prepareStatement("UPDATE " + tables.rollups + " SET "
                + "sample_count = sample_count + ?, numeric_count = numeric_count + ?, "
                + "min_num = CASE WHEN min_num IS NULL OR " + dbl + " < min_num THEN " + dbl + " ELSE min_num END, "
                + "max_num = CASE WHEN max_num IS NULL OR " + dbl + " > max_num THEN " + dbl + " ELSE max_num END, "
                + "sum_num = CASE WHEN sum_num IS NULL THEN " + dbl + " WHEN " + dbl + " IS NULL THEN sum_num "
                + "ELSE sum_num + " + dbl + " END, "
                + "last_num = CASE WHEN ? >= last_ns THEN " + dbl + " ELSE last_num END, "
                + "last_text = CASE WHEN ? >= last_ns THEN CAST(? AS VARCHAR) ELSE last_text END, "
                + "last_quality = CASE WHEN ? >= last_ns THEN CAST(? AS VARCHAR) ELSE last_quality END, "
                + "last_ns = CASE WHEN ? >= last_ns THEN ? ELSE last_ns END "
                + "WHERE device = ? AND point = ? AND resolution = ? AND bucket_ns = ?")) {
            for (Rollup r : rollups) {
                Double min = r.numericCount == 0 ? null : r.min;
                Double max = r.numericCount == 0 ? null : r.max;
                Double sum = r.numericCount == 0 ? null : r.sum;
                int i = 1;
                update.setLong(i++, r.count);
                update.setLong(i++, r.numericCount);
                i = setDouble(update, i, min);
                i = setDouble(update, i, min);
                i = setDouble(update, i, max);
                i = setDouble(update, i, max);
                i = setDouble(update, i, sum);
                i = setDouble(update, i, sum);
                i = setDouble(update, i, sum);
                update.setLong(i++, r.lastNanos);
                i = setDouble(update, i, r.lastNumber);
                update.setLong(i++, r.lastNanos);
                update.setString(i++, r.lastText);
                update.setLong(i++, r.lastNanos);
                update.setString(i++, r.lastQuality);
                update.setLong(i++, r.lastNanos);
                update.setLong(i++, r.lastNanos);
                update.setString(i++, r.device);
                update.setString(i++, r.point);
                update.setString(i++, r.resolution);
                update.setLong(i, r.bucketNanos);
                update.addBatch();
            }
            int[] counts = update.executeBatch();
            List<Rollup> missing = new ArrayList<>();
            for (int k = 0; k < counts.length; k++) {
                // A driver may answer SUCCESS_NO_INFO (-2) for a batched statement; only 0 means no row.
                if (counts[k] == 0) {
                    missing.add(rollups.get(k));
                }
            }
            if (!missing.isEmpty()) {
                insertRollups(c, missing);
            }
        }
    }

    private void insertRollups(Connection c, List<Rollup> rollups) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO " + tables.rollups + " (device, point, resolution, "
                + "bucket_ns, sample_count, numeric_count, min_num, max_num, sum_num, last_num, last_text, "
                + "last_quality, last_ns) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Rollup r : rollups) {
                s.setString(1, r.device);
                s.setString(2, r.point);
                s.setString(3, r.resolution);
                s.setLong(4, r.bucketNanos);
                s.setLong(5, r.count);
                s.setLong(6, r.numericCount);
                setDouble(s, 7, r.numericCount == 0 ? null : r.min);
                setDouble(s, 8, r.numericCount == 0 ? null : r.max);
                setDouble(s, 9, r.numericCount == 0 ? null : r.sum);
                setDouble(s, 10, r.lastNumber);
                s.setString(11, r.lastText);
                s.setString(12, r.lastQuality);
                s.setLong(13, r.lastNanos);
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    private static int setDouble(PreparedStatement s, int index, Double value) throws SQLException {
        if (value == null || value.isNaN() || value.isInfinite()) {
            s.setNull(index, Types.DOUBLE);
        } else {
            s.setDouble(index, value);
        }
        return index + 1;
    }

    /** At stop: what is queued, and every open bucket, so a restart continues them (the rows merge). */
    private void flushAtStop() {
        DataSource dataSource = database.ready();
        if (dataSource == null) {
            return;
        }
        List<Event> rest = new ArrayList<>();
        queue.drainTo(rest);
        try {
            write(dataSource, rest, Long.MAX_VALUE); // a clock at the end of time closes every bucket
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Event store: writing point history at stop failed ({}); the open minute and hour rollups are lost",
                    e.getMessage());
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
