package dev.yakata.adapter.bacnet.interop;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A BACnet/IP device run by the independent {@code @bacnet-js/client} stack in Node.js
 * ({@code src/test/node/bacnet-device.js}), on a free 127.0.0.1 UDP port. The peers folder comes from the
 * {@code yakata.peers.dir} system property (set by the build); {@code peers/install.sh} installs the package.
 */
final class BacnetJsDevice implements AutoCloseable {

    private final Process process;
    private final Writer stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    final int port;
    final int instance;

    BacnetJsDevice(int instance) throws Exception {
        this(instance, freeUdpPort());
    }

    /** A device on a given port: the same device coming back after an outage. */
    BacnetJsDevice(int instance, int port) throws Exception {
        this.instance = instance;
        File peers = new File(System.getProperty("yakata.peers.dir", "../../../peers")).getCanonicalFile();
        File modules = new File(peers, "node_modules");
        if (!new File(modules, "@bacnet-js/client/package.json").isFile()) {
            throw new IllegalStateException("@bacnet-js/client is not installed under " + modules
                    + "; run: bash " + new File(peers, "install.sh"));
        }
        File script = new File("src/test/node/bacnet-device.js").getCanonicalFile();
        this.port = port;
        ProcessBuilder builder = new ProcessBuilder("node", script.getPath(), Integer.toString(port),
                Integer.toString(instance));
        builder.environment().put("NODE_PATH", modules.getPath());
        builder.redirectError(ProcessBuilder.Redirect.INHERIT);
        process = builder.start();
        stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // process ended
            }
        }, "bacnet-js-stdout");
        reader.setDaemon(true);
        reader.start();
        String ready = lines.poll(30, TimeUnit.SECONDS);
        if (ready == null || !ready.startsWith("READY")) {
            close();
            throw new IllegalStateException("bacnet-js device did not start: " + ready);
        }
    }

    private static int freeUdpPort() throws IOException {
        // Never 47808: bacnet-js drops requests from exactly 127.0.0.1:47808 (PLATFORM-NOTES.md).
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            return socket.getLocalPort();
        }
    }

    /** Sends one JSON command line to the device script. */
    void send(String json) throws IOException {
        stdin.write(json + "\n");
        stdin.flush();
    }

    /** @return the device's state as JSON text */
    String state() throws Exception {
        lines.clear();
        send("{\"cmd\":\"state\"}");
        while (true) {
            String line = lines.poll(10, TimeUnit.SECONDS);
            if (line == null) {
                throw new IllegalStateException("no STATE from bacnet-js device");
            }
            if (line.startsWith("STATE ")) {
                return line.substring(6);
            }
        }
    }

    /** @return the number after {@code "name":} in the device state */
    long stateNumber(String name) throws Exception {
        String state = state();
        int at = state.indexOf("\"" + name + "\":");
        int from = at + name.length() + 3;
        int to = from;
        while (to < state.length() && Character.isDigit(state.charAt(to))) {
            to++;
        }
        return Long.parseLong(state.substring(from, to));
    }

    @Override
    public void close() {
        try {
            stdin.close();
        } catch (IOException e) {
            // already gone
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
