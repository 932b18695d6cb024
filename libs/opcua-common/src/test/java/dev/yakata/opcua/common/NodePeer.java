package dev.yakata.opcua.common;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A node-opcua 2.182.2 process started from src/test/node with the peers' node_modules: the independent OPC UA
 * implementation the interop tests talk to, on 127.0.0.1 only. Its stdout lines are kept for assertions.
 */
public final class NodePeer implements AutoCloseable {

    /** How long a peer may take to start or to answer; generous, since two cores are shared with other builds. */
    public static final long WAIT_MILLIS = 60_000;

    private final Process process;
    private final Writer stdin;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final int port;

    private NodePeer(Process process, int port) {
        this.process = process;
        this.port = port;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "node-peer-stdout-" + port);
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code script} (a file in src/test/node) with {@code args} and waits for its READY line. */
    public static NodePeer start(String script, int port, String... args) throws Exception {
        Path peers = Path.of(System.getProperty("yakata.peers.dir", "../../../peers")).toAbsolutePath().normalize();
        Path scripts = Path.of(System.getProperty("yakata.opcua.nodeScripts", "src/test/node")).toAbsolutePath();
        if (!Files.isDirectory(peers.resolve("node_modules/node-opcua"))) {
            throw new IllegalStateException("node-opcua is not installed in " + peers + "; run bash "
                    + peers.resolve("install.sh"));
        }
        List<String> command = new ArrayList<>(List.of("node", "--security-revert=CVE-2023-46809",
                scripts.resolve(script).toString(), "--port", String.valueOf(port)));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("NODE_PATH", peers.resolve("node_modules").toString());
        NodePeer peer = new NodePeer(builder.start(), port);
        peer.awaitLine("READY");
        return peer;
    }

    /** A TCP port free on 127.0.0.1 right now. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    public int port() {
        return port;
    }

    /** The endpoint URL of the device server script. */
    public String endpoint() {
        return "opc.tcp://127.0.0.1:" + port + "/bms";
    }

    public void send(String line) throws IOException {
        stdin.write(line + "\n");
        stdin.flush();
    }

    /** Waits for a line starting with {@code prefix}, printed since the start, and returns it. */
    public String awaitLine(String prefix) throws InterruptedException {
        return awaitLine(prefix, 0);
    }

    /** Waits for a line starting with {@code prefix} at or after line index {@code from}. */
    public String awaitLine(String prefix, int from) throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            for (int i = from; i < lines.size(); i++) {
                if (lines.get(i).startsWith(prefix)) {
                    return lines.get(i);
                }
            }
            if (!process.isAlive() && lines.stream().noneMatch(l -> l.startsWith(prefix))) {
                throw new AssertionError("node peer ended without printing '" + prefix + "'; output: " + lines);
            }
            Thread.sleep(20);
        }
        throw new AssertionError("node peer never printed '" + prefix + "'; output: " + lines);
    }

    /** The number of lines printed so far, to wait for lines printed after this point. */
    public int mark() {
        return lines.size();
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    /** Kills the process at once, as a crashing server would go. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        try {
            stdin.close();
        } catch (IOException e) {
            // already gone
        }
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /**
     * One field of an {@code EVENT {...}} line the peer scripts print, as text: crude, but exact for the flat JSON they
     * write (no nesting, no escaped quotes).
     */
    public static String eventField(String eventLine, String name) {
        String json = eventLine.substring("EVENT ".length());
        String key = "\"" + name + "\":";
        int at = json.indexOf(key);
        if (at < 0) {
            throw new AssertionError("no " + name + " in " + eventLine);
        }
        int start = at + key.length();
        if (json.charAt(start) == '"') {
            return json.substring(start + 1, json.indexOf('"', start + 1));
        }
        int end = start;
        while (end < json.length() && json.charAt(end) != ',' && json.charAt(end) != '}') {
            end++;
        }
        return json.substring(start, end);
    }
}
