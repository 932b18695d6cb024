package dev.yakata.itest;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The real distribution unpacked into a folder and run as its own process ({@code bin/yakata server}), for what a
 * container inside the test JVM cannot show: a hub that is stopped and started again. SSH gets a free port.
 */
final class HubProcess implements AutoCloseable {

    private final Path home;
    private Process process;
    private int starts;

    private HubProcess(Path home) {
        this.home = home;
    }

    /** Unpacks the distribution tarball (system property {@code yakata.itest.distribution}) into {@code dir}. */
    static HubProcess unpack(Path folder) throws IOException, InterruptedException {
        return unpack(folder, System.getProperty("yakata.itest.distribution"));
    }

    /** Unpacks the given distribution tarball into {@code dir}. */
    static HubProcess unpack(Path folder, String tarball) throws IOException, InterruptedException {
        Path dir = folder.toAbsolutePath();
        if (Files.exists(dir)) {
            run(dir.getParent(), "rm", "-rf", dir.toString()); // a previous run's hub
        }
        Files.createDirectories(dir);
        run(dir, "tar", "xzf", tarball, "-C", dir.toString());
        Path home;
        try (Stream<Path> entries = Files.list(dir)) {
            home = entries.filter(p -> Files.isDirectory(p.resolve("bin"))).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no distribution folder in " + dir));
        }
        HubProcess hub = new HubProcess(home);
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            hub.setConfig("org.apache.karaf.shell.cfg", "sshPort", String.valueOf(socket.getLocalPort()));
        }
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            hub.setConfig("org.ops4j.pax.web.cfg", "org.osgi.service.http.port", String.valueOf(socket.getLocalPort()));
        }
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            hub.setConfig("org.ops4j.pax.web.cfg", "org.osgi.service.http.port.secure", String.valueOf(socket.getLocalPort()));
        }
        return hub;
    }

    /** The HTTP service's port (the console's), from {@code etc/org.ops4j.pax.web.cfg}. */
    int httpPort() throws IOException {
        for (String line : Files.readAllLines(etc().resolve("org.ops4j.pax.web.cfg"))) {
            java.util.regex.Matcher m = Pattern.compile("^\\s*org\\.osgi\\.service\\.http\\.port\\s*=\\s*(\\d+)\\s*$").matcher(line);
            if (m.matches()) {
                return Integer.parseInt(m.group(1));
            }
        }
        throw new IllegalStateException("no org.osgi.service.http.port in " + etc().resolve("org.ops4j.pax.web.cfg"));
    }

    /** The HTTPS port, from {@code etc/org.ops4j.pax.web.cfg}. */
    int httpsPort() throws IOException {
        for (String line : Files.readAllLines(etc().resolve("org.ops4j.pax.web.cfg"))) {
            java.util.regex.Matcher m = Pattern.compile("^\\s*org\\.osgi\\.service\\.http\\.port\\.secure\\s*=\\s*(\\d+)\\s*$").matcher(line);
            if (m.matches()) {
                return Integer.parseInt(m.group(1));
            }
        }
        throw new IllegalStateException("no org.osgi.service.http.port.secure in " + etc().resolve("org.ops4j.pax.web.cfg"));
    }

    /** The SSH port, from {@code etc/org.apache.karaf.shell.cfg}. */
    int sshPortNumber() throws IOException {
        return Integer.parseInt(sshPort());
    }

    Path home() {
        return home;
    }

    Path etc() {
        return home.resolve("etc");
    }

    Path log() {
        return home.resolve("data/log/karaf.log");
    }

    /** Sets {@code key = value} in an etc/ file, replacing the key's line or adding one. */
    void setConfig(String file, String key, String value) throws IOException {
        Path path = etc().resolve(file);
        List<String> lines = Files.exists(path) ? Files.readAllLines(path) : new java.util.ArrayList<>();
        Pattern line = Pattern.compile("^\\s*" + Pattern.quote(key) + "\\s*=.*$");
        boolean replaced = false;
        for (int i = 0; i < lines.size(); i++) {
            if (line.matcher(lines.get(i)).matches()) {
                lines.set(i, key + " = " + value);
                replaced = true;
            }
        }
        if (!replaced) {
            lines.add(key + " = " + value);
        }
        Files.write(path, lines);
    }

    void start() throws IOException {
        starts++;
        // the product's launcher, so the hub runs with its heap and collector
        process = new ProcessBuilder(home.resolve("bin/yakata").toString(), "server")
                .directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("console-" + starts + ".log").toFile())).start();
    }

    /** Stops the hub as an operator does ({@code bin/stop}) and waits for the process to end. */
    void stop() throws IOException, InterruptedException {
        if (process == null || !process.isAlive()) {
            return;
        }
        run(home, home.resolve("bin/stop").toString());
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException("the hub did not stop within 60 s of bin/stop");
        }
    }

    /**
     * Kills the hub as a power cut or the OOM killer would: SIGKILL to the hub's Java process, no shutdown hook, no
     * bundle stopped. {@code bin/karaf server} runs Java as a child of the script (it does not {@code exec}), so the
     * Java descendants are killed first and the script, which then exits, after them. Returns the killed Java
     * process's id.
     */
    long kill() throws InterruptedException {
        if (process == null || !process.isAlive()) {
            throw new IllegalStateException("the hub is not running: nothing to kill");
        }
        List<ProcessHandle> javas = new java.util.ArrayList<>(process.descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false)).toList());
        if (javas.isEmpty() && process.info().command().map(c -> c.endsWith("/java")).orElse(false)) {
            javas.add(process.toHandle());
        }
        if (javas.size() != 1) {
            throw new IllegalStateException("expected exactly one Java process under bin/karaf (pid " + process.pid()
                    + "), found " + javas.size() + ": " + javas);
        }
        ProcessHandle java = javas.get(0);
        java.destroyForcibly(); // SIGKILL on Linux
        java.onExit().join();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        return java.pid();
    }

    /** The hub's data folder ({@code data/} of the distribution). */
    Path data() {
        return home.resolve("data");
    }

    String logText() throws IOException {
        return Files.exists(log()) ? Files.readString(log(), StandardCharsets.UTF_8) : "";
    }

    /**
     * Runs one shell command over SSH ({@code bin/client}, as the administrator of the demo users) and returns what
     * it printed; a command that fails throws with its output.
     */
    String shell(String command) throws IOException, InterruptedException {
        return shell("admin", "admin-demo", command);
    }

    /**
     * The same, for a hub that has just started: while the bundle that provides the command is still starting, the
     * shell answers "Command not found"; this tries again for up to {@code wait}.
     */
    String shellOnceStarted(String user, String password, String command, java.time.Duration wait)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            try {
                return shell(user, password, command);
            } catch (IllegalStateException e) {
                if (!e.getMessage().contains("Command not found") || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(1000);
            }
        }
    }

    /** The same as another of the hub's users, so the command policy and the audit trail see that user. */
    String shell(String user, String password, String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(home.resolve("bin/client").toString(), "-a", sshPort(), "-h", "127.0.0.1",
                "-u", user, "-p", password, "-r", "3", "-d", "1", command)
                .directory(home.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("bin/client \"" + command + "\" failed: " + out);
        }
        return out;
    }

    private String sshPort() throws IOException {
        for (String line : Files.readAllLines(etc().resolve("org.apache.karaf.shell.cfg"))) {
            java.util.regex.Matcher m = Pattern.compile("^\\s*sshPort\\s*=\\s*(\\d+)\\s*$").matcher(line);
            if (m.matches()) {
                return m.group(1);
            }
        }
        throw new IllegalStateException("no sshPort in " + etc().resolve("org.apache.karaf.shell.cfg"));
    }

    private static void run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
    }

    /** Kills what is left: the hub's Java process too, which outlives its bin/karaf script when only that dies. */
    @Override
    public void close() throws Exception {
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            if (process.isAlive()) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
