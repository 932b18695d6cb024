package dev.yakata.store.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * A database for one test class: an H2 file under {@code target/}, or a fresh schema in the shared PostgreSQL service
 * on 127.0.0.1:5432 (or in a test's own instance), dropped afterwards. Both behind a HikariCP pool, as pax-jdbc gives
 * them in Karaf.
 */
final class TestDatabase implements AutoCloseable {

    static final String SHARED_POSTGRES = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres&reWriteBatchedInserts=true";

    final String kind;
    final String schema;
    final HikariDataSource dataSource;
    private final Path h2Folder;

    private TestDatabase(String kind, String schema, String url, Path h2Folder) {
        this.kind = kind;
        this.schema = schema;
        this.h2Folder = h2Folder;
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(4);
        config.setConnectionTimeout(2000);
        config.setInitializationFailTimeout(-1); // a database that is down at start is the store's business
        config.setPoolName("test-" + kind + "-" + schema);
        dataSource = new HikariDataSource(config);
    }

    /** The two databases every behaviour is checked on, for JUnit's {@code Parameterized}. */
    static List<Object[]> kinds() {
        return List.of(new Object[] {"h2"}, new Object[] {"postgresql"});
    }

    static TestDatabase create(String kind, String testName) throws IOException {
        String schema = ("store_" + testName + "_" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 24)))
                .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        if (kind.equals("h2")) {
            Path folder = Path.of("target", "h2", schema).toAbsolutePath();
            Files.createDirectories(folder);
            return new TestDatabase(kind, schema, "jdbc:h2:file:" + folder.resolve("store"), folder);
        }
        return postgres(SHARED_POSTGRES, schema);
    }

    static TestDatabase postgres(String url, String schema) {
        return new TestDatabase("postgresql", schema, url, null);
    }

    void execute(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Override
    public void close() throws Exception {
        try {
            if (h2Folder == null) {
                execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
            }
        } finally {
            dataSource.close();
        }
        if (h2Folder != null) {
            try (Stream<Path> files = Files.walk(h2Folder)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Override
    public String toString() {
        return kind;
    }
}
