package dev.yakata.mqtt.client;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Mosquitto (Debian's {@code mosquitto}, installed by peers/install.sh) on a free 127.0.0.1 port, with its own
 * config, persistence and log in a folder of the test's. It can be stopped and started again on the same port to
 * play a broker outage.
 */
public final class MosquittoBroker implements AutoCloseable {

    private final Path dir;
    private final int port;
    private final List<String> extraConfig = new ArrayList<>();
    private Process process;

    public MosquittoBroker(Path dir) throws IOException {
        this.dir = dir;
        this.port = freePort();
        Files.createDirectories(dir);
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Adds lines to the listener's config (password_file, certfile, ...); call before {@link #start()}. */
    public MosquittoBroker with(String... lines) {
        extraConfig.addAll(List.of(lines));
        return this;
    }

    public int port() {
        return port;
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    public Path dir() {
        return dir;
    }

    public MosquittoBroker start() throws IOException, InterruptedException {
        Path conf = dir.resolve("mosquitto.conf");
        List<String> lines = new ArrayList<>(List.of(
                "listener " + port + " 127.0.0.1",
                "persistence true",
                "persistence_location " + dir.toAbsolutePath() + "/",
                "log_dest file " + dir.toAbsolutePath().resolve("mosquitto.log"),
                "max_queued_messages 0",
                // As root Mosquitto would switch to the mosquitto user, who cannot read the test's private folder.
                "user " + System.getProperty("user.name"),
                "allow_anonymous " + (extraConfig.stream().anyMatch(l -> l.startsWith("password_file")) ? "false" : "true")));
        lines.addAll(extraConfig);
        Files.write(conf, lines);
        String binary = Files.isExecutable(Path.of("/usr/sbin/mosquitto")) ? "/usr/sbin/mosquitto" : "mosquitto";
        process = new ProcessBuilder(binary, "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("mosquitto exited with " + process.exitValue() + ": "
                        + Files.readString(dir.resolve("stdout.log")) + readLog());
            }
            try (Socket s = new Socket("127.0.0.1", port)) {
                return this;
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        throw new IllegalStateException("mosquitto did not listen on " + port + " within 10 s: " + readLog());
    }

    private String readLog() throws IOException {
        Path log = dir.resolve("mosquitto.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** Stops the broker as an operator would (SIGTERM: it saves its persistence first). */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    /** Creates a Mosquitto password file with these user:password pairs and returns its path. */
    public Path passwordFile(String... userPasswordPairs) throws IOException, InterruptedException {
        Path file = dir.resolve("passwords");
        Files.deleteIfExists(file);
        Files.createFile(file);
        for (int i = 0; i < userPasswordPairs.length; i += 2) {
            Process p = new ProcessBuilder("mosquitto_passwd", "-b", file.toString(), userPasswordPairs[i], userPasswordPairs[i + 1])
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                throw new IllegalStateException("mosquitto_passwd failed: " + out);
            }
        }
        return file;
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
