package ${package};

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The tests' stand-in for the device, on 127.0.0.1: it speaks the protocol of {@link ${classPrefix}Protocol}
 * (<b>replace with your protocol</b>, keeping it in step with your device; it is what the TCK talks to). It has a
 * temperature {@code temp}, an {@code alarm} that {@code RESET} clears and a writable {@code relay}. It can be
 * stopped and started again on the same port (a cut cable) and muted (connected, reading, never answering).
 *
 * <p>To try a hub with it before the device is at hand, after {@code mvn install}:
 * {@code java -cp adapter/target/test-classes ${package}.${classPrefix}Simulator 7700} (the sample device file's
 * port); Ctrl-C ends it.
 */
final class ${classPrefix}Simulator implements AutoCloseable {

    /** Its threads' names start with this (the TCK is told they are not the adapter's). */
    static final String THREADS = "${adapterId}-simulator-";

    private final AtomicInteger connections = new AtomicInteger();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket server;
    private volatile int port;
    private volatile boolean muted;
    private volatile double temperature = 21.5;
    private volatile boolean alarm = true;
    private volatile boolean relay;

    /** Starts on a free port. */
    ${classPrefix}Simulator() throws IOException {
        this(0);
    }

    /** Starts on {@code port} of 127.0.0.1 (0: a free one). */
    ${classPrefix}Simulator(int port) throws IOException {
        this.port = port;
        start();
    }

    /** Runs on the port given (default ${classPrefix}Settings.DEFAULT_PORT) until the process ends. */
    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : ${classPrefix}Settings.DEFAULT_PORT;
        ${classPrefix}Simulator simulator = new ${classPrefix}Simulator(port);
        System.out.println("${adapterId} simulator on 127.0.0.1:" + simulator.port() + "; Ctrl-C ends it");
        Thread.currentThread().join();
    }

    int port() {
        return port;
    }

    /** Listens again on the same port (or a free one the first time). */
    synchronized void start() throws IOException {
        if (server != null) {
            return;
        }
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        port = socket.getLocalPort();
        server = socket;
        Thread accept = new Thread(() -> accept(socket), THREADS + "accept");
        accept.setDaemon(true);
        accept.start();
    }

    /** Stops listening and drops every connection, as a cut cable would. */
    synchronized void stop() throws IOException {
        ServerSocket socket = server;
        server = null;
        if (socket != null) {
            socket.close();
        }
        for (Socket s : open) {
            s.close();
        }
        open.clear();
    }

    /** Stays connected but answers nothing, as a device whose CPU hangs. */
    void mute() {
        muted = true;
    }

    void unmute() {
        muted = false;
    }

    @Override
    public void close() throws IOException {
        stop();
    }

    private void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            try {
                Socket connection = socket.accept();
                open.add(connection);
                Thread serve = new Thread(() -> serve(connection), THREADS + "connection-" + connections.incrementAndGet());
                serve.setDaemon(true);
                serve.start();
            } catch (IOException e) {
                return; // stopped
            }
        }
    }

    private void serve(Socket connection) {
        try (connection;
                BufferedReader in = new BufferedReader(new InputStreamReader(connection.getInputStream(), StandardCharsets.US_ASCII));
                PrintWriter out = new PrintWriter(connection.getOutputStream(), true, StandardCharsets.US_ASCII)) {
            String line;
            while ((line = in.readLine()) != null) {
                String reply = answer(line.trim());
                if (!muted) {
                    out.println(reply);
                }
            }
        } catch (IOException e) {
            // the adapter went away or the simulator was stopped
        } finally {
            open.remove(connection);
        }
    }

    // replace with your protocol: the device's side of it

    private String answer(String request) {
        String[] words = request.split(" ");
        switch (words[0]) {
            case "READ":
                temperature = Math.round((temperature + (Math.random() - 0.5) * 0.2) * 10) / 10.0;
                return String.format(Locale.ROOT, "VALUES temp=%.1f alarm=%d relay=%d", temperature, alarm ? 1 : 0, relay ? 1 : 0);
            case "WRITE":
                if (words.length != 3) {
                    return "ERR WRITE needs an address and a value";
                }
                if (!words[1].equals("relay")) {
                    return "ERR " + words[1] + " is not writable";
                }
                relay = words[2].equals("1");
                return "OK";
            case "RESET":
                alarm = false;
                return "OK";
            default:
                return "ERR unknown request " + words[0];
        }
    }
}
