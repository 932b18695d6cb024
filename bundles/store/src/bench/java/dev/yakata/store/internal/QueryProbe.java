package dev.yakata.store.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.yakata.api.event.Event;
import dev.yakata.store.api.EventQuery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The one-day query for one door on a kept H2 file of 1,000,000 events (filled on the first run), 3 rounds of 300,
 * printing each query over 20 ms with its CPU time and the collector's time during it: how the H2 page cache size was
 * chosen (docs/store.md, Performance). Arguments: the file (without .mv.db) and URL settings (";CACHE_SIZE=2048").
 * <pre>mvn -o -B -q -f bundles/store/pom.xml -Pbench -DskipTests test-compile exec:exec
 *   "-Dbench.main=-Xlog:gc dev.yakata.store.internal.QueryProbe" -Dbench.args="/tmp/probe/h2db ;CACHE_SIZE=2048"</pre>
 */
public final class QueryProbe {
    static long gcMillis() {
        long sum = 0;
        for (var b : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) sum += b.getCollectionTime();
        return sum;
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        String urlExtra = args.length > 1 ? args[1] : "";
        boolean fresh = !Files.exists(Path.of(file + ".mv.db"));
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:file:" + file + urlExtra);
        config.setMaximumPoolSize(4);
        try (HikariDataSource ds = new HikariDataSource(config)) {
            String schema = "probe";
            if (fresh) {
                SchemaMigrator.migrate(ds, schema, null);
                Random random = new Random(42);
                long position = 1;
                int stored = 1_000_000;
                List<Event> more = new ArrayList<>(100_000);
                while (position <= stored) {
                    more.clear();
                    for (int i = 0; i < 100_000 && position + i <= stored; i++) {
                        more.add(StoreBenchmark.event(position + i, stored, random));
                    }
                    StoreBenchmark.bareInsert(ds, new Tables(schema).events, more, position);
                    position += more.size();
                }
                try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                    s.execute("ANALYZE");
                }
                System.out.println("filled");
            }
            try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("EXPLAIN SELECT journal_position, data FROM \"probe\".event_log WHERE time_ns >= 1 AND time_ns < 2 AND source = 'x' ORDER BY time_ns, journal_position LIMIT 1001")) {
                r.next();
                System.out.println(r.getString(1));
            }
            try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("SELECT SETTING_NAME, SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME LIKE '%CACHE%'")) {
                while (r.next()) System.out.println(r.getString(1) + " = " + r.getString(2));
            }
            StoreQueries queries = new StoreQueries(schema);
            Instant t0 = Instant.parse("2026-10-01T00:00:00Z");
            for (int round = 0; round < 3; round++) {
                long[] nanos = new long[300];
                Random pick = new Random(7 + round);
                for (int i = -50; i < nanos.length; i++) {
                    int door = pick.nextInt(100);
                    Instant day = t0.plus(Duration.ofDays(pick.nextInt(30)));
                    long gc0 = gcMillis();
                    long cpu0 = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
                    long t = System.nanoTime();
                    try (Connection c = ds.getConnection()) {
                        queries.events(c, EventQuery.between(day, day.plus(Duration.ofDays(1)))
                                .withDevice("door." + (door / 10) + "f.d" + door).withLimit(1000)).items().size();
                    }
                    long took = System.nanoTime() - t;
                    long cpu = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu0;
                    if (i >= 0) nanos[i] = took;
                    if (took > 20_000_000) System.out.printf(Locale.ROOT, "  slow %d: %.1f ms wall, %.1f ms cpu, gc %d ms%n", i, took / 1e6, cpu / 1e6, gcMillis() - gc0);
                }
                long[] sorted = nanos.clone();
                Arrays.sort(sorted);
                System.out.printf(Locale.ROOT, "round %d: p50 %.1f p90 %.1f p99 %.1f max %.1f ms%n", round,
                        sorted[150] / 1e6, sorted[270] / 1e6, sorted[297] / 1e6, sorted[299] / 1e6);
            }
        }
    }
}
