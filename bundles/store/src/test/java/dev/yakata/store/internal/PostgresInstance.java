package dev.yakata.store.internal;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of a test's own, for tests that stop or break the database (never the shared service):
 * {@code initdb} and {@code pg_ctl} run as the {@code postgres} user (initdb refuses root) on a free port, listening on
 * 127.0.0.1 only, with its socket in its own folder. {@link #stop()} and {@link #start()} take it down and up again.
 */
final class PostgresInstance implements AutoCloseable {

    final Path folder;
    final int port;
    private final Path data;

    private PostgresInstance(Path folder, int port) {
        this.folder = folder;
        this.port = port;
        this.data = folder.resolve("data");
    }

    static PostgresInstance create() throws IOException, InterruptedException {
        // Under /tmp: the postgres user must be able to reach the folder, which a worktree under /work may not allow.
        Path folder = Files.createTempDirectory("yakata-store-pg-");
        PostgresInstance pg = new PostgresInstance(folder, freePort());
        pg.run("chown", "postgres:postgres", folder.toString());
        pg.asPostgres("initdb", "-D", pg.data.toString(), "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8");
        pg.start();
        return pg;
    }

    String url() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres&reWriteBatchedInserts=true"
                + "&connectTimeout=2&socketTimeout=10";
    }

    void start() throws IOException, InterruptedException {
        asPostgres("pg_ctl", "-D", data.toString(), "-l", folder.resolve("server.log").toString(), "-w", "-t", "30",
                "-o", "-p " + port + " -c listen_addresses=127.0.0.1 -k " + folder + " -c fsync=on", "start");
    }

    /** Stops the server at once, dropping its connections (as a crash or a network cut would). */
    void stop() throws IOException, InterruptedException {
        asPostgres("pg_ctl", "-D", data.toString(), "-m", "immediate", "-w", "-t", "30", "stop");
    }

    @Override
    public void close() throws Exception {
        try {
            asPostgres("pg_ctl", "-D", data.toString(), "-m", "immediate", "-w", "stop");
        } catch (IOException stoppedAlready) {
            // fine
        }
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private void asPostgres(String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
        line.add(Path.of("/usr/local/bin", command[0]).toString());
        line.addAll(List.of(command).subList(1, command.length));
        run(line.toArray(String[]::new));
    }

    private void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
