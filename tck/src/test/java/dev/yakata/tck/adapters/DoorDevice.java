package dev.yakata.tck.adapters;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A door controller on 127.0.0.1 that speaks one line per request: {@code GET} answers
 * {@code locked=true contact=true buzzer=false}; {@code UNLOCK <seconds>}, {@code LOCK} and {@code SET buzzer <true|false>}
 * answer {@code OK}; anything else {@code ERR <why>}. It can be stopped and started again on the same port (a cut
 * cable) and muted (connected, reading, never answering).
 */
public final class DoorDevice implements AutoCloseable {

    private final AtomicInteger connections = new AtomicInteger();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket server;
    private volatile int port;
    private volatile boolean muted;
    private volatile long unlockedUntil;
    private volatile boolean buzzer;

    /** Starts on a free port. */
    public DoorDevice() throws IOException {
        start();
    }

    public int port() {
        return port;
    }

    /** Listens again on the same port (or a free one the first time). */
    public synchronized void start() throws IOException {
        if (server != null) {
            return;
        }
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        port = socket.getLocalPort();
        server = socket;
        Thread accept = new Thread(() -> accept(socket), "door-device-accept");
        accept.setDaemon(true);
        accept.start();
    }

    /** Stops listening and drops every connection, as a cut cable would. */
    public synchronized void stop() throws IOException {
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

    /** Stays connected but answers nothing, as a controller whose CPU hangs. */
    public void mute() {
        muted = true;
    }

    public void unmute() {
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
                Thread serve = new Thread(() -> serve(connection), "door-device-connection-" + connections.incrementAndGet());
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
            // the peer went away or the device was stopped
        } finally {
            open.remove(connection);
        }
    }

    private String answer(String request) {
        String[] words = request.split(" ");
        switch (words[0]) {
            case "GET":
                boolean locked = System.currentTimeMillis() >= unlockedUntil;
                return "locked=" + locked + " contact=true buzzer=" + buzzer;
            case "UNLOCK":
                if (words.length != 2) {
                    return "ERR UNLOCK needs the seconds";
                }
                unlockedUntil = System.currentTimeMillis() + Long.parseLong(words[1]) * 1000;
                return "OK";
            case "LOCK":
                unlockedUntil = 0;
                return "OK";
            case "SET":
                if (words.length == 3 && words[1].equals("buzzer")) {
                    buzzer = Boolean.parseBoolean(words[2]);
                    return "OK";
                }
                return "ERR no such output";
            default:
                return "ERR unknown request " + words[0];
        }
    }
}
