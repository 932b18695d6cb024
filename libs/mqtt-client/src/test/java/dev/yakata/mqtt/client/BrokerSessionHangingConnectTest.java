package dev.yakata.mqtt.client;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.After;
import org.junit.Test;

/**
 * A connection attempt that never completes, against real peers on 127.0.0.1, then a real Mosquitto on the same port.
 * Paho 1.2.5 never gives up on a broker that accepts the TCP connection and does not answer the CONNECT (a frozen or
 * overloaded broker; paho.mqtt.java #1028), and its connect thread hangs for good in its start loop when the broker
 * closes the socket at once (#850, #999), which a Mosquitto being stopped or started does. The session abandons such
 * an attempt at its deadline (the connection timeout + a margin), releases the client's threads and socket, and
 * reaches the broker with a new client once it answers; and close() ends everything within its limit even while an
 * attempt hangs or the broker froze after accepting the session.
 */
public class BrokerSessionHangingConnectTest {

    /** What close() takes at most (BrokerSession.CLOSE_LIMIT_MILLIS), plus scheduling slack. */
    private static final long CLOSE_LIMIT_MILLIS = BrokerSession.CLOSE_LIMIT_MILLIS + 500;
    /** The tests' connection timeout, and so the deadline of an attempt: that plus the session's margin. */
    private static final int CONNECT_TIMEOUT_SECONDS = 1;
    private static final long DEADLINE_MILLIS = CONNECT_TIMEOUT_SECONDS * 1000L + BrokerSession.CONNECT_MARGIN_MILLIS;
    /** How late after its deadline an attempt may be abandoned: scheduling slack on a busy build machine. */
    private static final long ABANDON_SLACK_MILLIS = 1000;
    private static final AtomicInteger IDS = new AtomicInteger();

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "test-session-scheduler");
        thread.setDaemon(true);
        return thread;
    });
    private final List<AutoCloseable> cleanup = new CopyOnWriteArrayList<>();

    @After
    public void cleanUp() throws Exception {
        for (AutoCloseable closeable : cleanup) {
            try {
                closeable.close();
            } catch (Exception e) {
                // the test's own failure is the one to see
            }
        }
        scheduler.shutdownNow();
    }

    /** How the peer on the broker's port treats a connection. */
    private enum Peer {
        /** Accepts and reads, never answers the CONNECT: a frozen broker. */
        SILENT,
        /** Accepts and closes the socket at once: a broker being stopped or started. */
        SLAMS,
        /** Accepts the session (a CONNACK to the first packet), then reads and never answers again: a broker frozen once connected. */
        FROZEN
    }

    @Test
    public void mqtt5AConnectNeverAnsweredIsAbandonedAndTheBrokerIsReachedOnceItAnswers() throws Exception {
        reachesTheBrokerAfter(Peer.SILENT, BrokerSession.MQTT_5);
    }

    @Test
    public void mqtt311AConnectNeverAnsweredIsAbandonedAndTheBrokerIsReachedOnceItAnswers() throws Exception {
        reachesTheBrokerAfter(Peer.SILENT, BrokerSession.MQTT_3_1_1);
    }

    @Test
    public void mqtt5APeerClosingEachConnectionAtOnceLeavesNoConnectThreadBehind() throws Exception {
        reachesTheBrokerAfter(Peer.SLAMS, BrokerSession.MQTT_5);
    }

    @Test
    public void mqtt311APeerClosingEachConnectionAtOnceLeavesNoConnectThreadBehind() throws Exception {
        reachesTheBrokerAfter(Peer.SLAMS, BrokerSession.MQTT_3_1_1);
    }

    @Test
    public void mqtt5CloseDuringAHangingAttemptReturnsInTimeAndLeavesNothing() throws Exception {
        closesInTimeWhile(Peer.SILENT, BrokerSession.MQTT_5);
    }

    @Test
    public void mqtt311CloseDuringAHangingAttemptReturnsInTimeAndLeavesNothing() throws Exception {
        closesInTimeWhile(Peer.SILENT, BrokerSession.MQTT_3_1_1);
    }

    @Test
    public void mqtt5CloseWhileConnectedToAFrozenBrokerReturnsInTimeAndLeavesNothing() throws Exception {
        closesInTimeWhile(Peer.FROZEN, BrokerSession.MQTT_5);
    }

    @Test
    public void mqtt311CloseWhileConnectedToAFrozenBrokerReturnsInTimeAndLeavesNothing() throws Exception {
        closesInTimeWhile(Peer.FROZEN, BrokerSession.MQTT_3_1_1);
    }

    private void reachesTheBrokerAfter(Peer behaviour, String version) throws Exception {
        String clientId = "hang-" + behaviour.name().toLowerCase() + "-" + IDS.incrementAndGet();
        int socketsBefore = sockets();
        MosquittoBroker broker = new MosquittoBroker(Files.createTempDirectory("yakata-mqtt-hang"));
        cleanup.add(broker);
        HangingPeer peer = new HangingPeer(broker.port(), behaviour);
        cleanup.add(peer);
        Recorder recorder = new Recorder();
        // the session's deadline for an attempt is the connection timeout + its margin (2 s)
        BrokerSettings settings = new BrokerSettings(broker.url(), null, null, null, null, 5, CONNECT_TIMEOUT_SECONDS);
        BrokerSession session = BrokerSession.of(version, settings, clientId, null, scheduler, 50, 400, recorder);
        cleanup.add(session);
        long started = System.nanoTime();
        long abandonedMillis = -1;
        session.start();

        if (behaviour == Peer.SLAMS) {
            // each attempt ends at once; Paho's connect thread of each may hang in its start loop
            await(() -> peer.accepted.get() >= 5, 15, "five attempts closed by the peer");
        } else {
            await(() -> peer.accepted.get() >= 1, 5, "the first attempt to reach the peer");
            await(() -> !recorder.reasons.isEmpty(), 10, "the hanging attempt to be abandoned");
            assertTrue(recorder.reasons.toString(), recorder.reasons.get(0).contains("did not accept the connection"));
            abandonedMillis = TimeUnit.NANOSECONDS.toMillis(recorder.firstReasonNanos - started);
            assertTrue("abandoned after " + abandonedMillis + " ms, before its deadline of " + DEADLINE_MILLIS + " ms",
                    abandonedMillis >= DEADLINE_MILLIS);
            assertTrue("abandoned after " + abandonedMillis + " ms, well after its deadline of " + DEADLINE_MILLIS + " ms",
                    abandonedMillis <= DEADLINE_MILLIS + ABANDON_SLACK_MILLIS);
            await(() -> peer.accepted.get() >= 2, 5, "a new attempt after the backoff");
            if (behaviour == Peer.SILENT) {
                await(() -> peer.closedByClient.get() >= 1, 3, "the abandoned attempt's socket to be closed");
            }
        }
        assertEquals("connected to a peer that never accepted the session", 0, recorder.connections.get());

        // The broker answers now on the same port; the peer still holds what it accepted, as a frozen broker would.
        peer.stopListening();
        broker.start();
        long start = System.nanoTime();
        // at most one hanging attempt (its deadline, 3 s), a backoff (<= 400 ms), and the connection
        await(() -> recorder.connections.get() >= 1 && session.isConnected(), 8, "the session to reach Mosquitto");
        long connectedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        peer.close();

        // Nothing of an abandoned attempt is left: only the connected client's own threads and its one socket.
        awaitEquals(Map.of("MQTT Call", 1, "MQTT Rec", 1, "MQTT Snd", 1), () -> pahoThreads(clientId), 3,
                "the connected client's threads only (no connect thread of an abandoned attempt)");
        awaitEquals(socketsBefore + 1, BrokerSessionHangingConnectTest::sockets, 3,
                "one socket: the connected client's");

        long closing = System.nanoTime();
        session.close();
        long closeMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closing);
        assertTrue("close() took " + closeMillis + " ms", closeMillis <= CLOSE_LIMIT_MILLIS);
        awaitEquals(Map.of(), () -> sessionThreads(clientId), 2, "no thread of the session after close()");
        awaitEquals(socketsBefore, BrokerSessionHangingConnectTest::sockets, 2, "no socket of the session after close()");
        System.out.println(version + " " + behaviour + ": " + (abandonedMillis < 0 ? "" : "abandoned after "
                + abandonedMillis + " ms (deadline " + DEADLINE_MILLIS + " ms), ") + "connected " + connectedMillis
                + " ms after Mosquitto started, "
                + peer.accepted.get() + " attempts reached the peer; close() took " + closeMillis + " ms");
    }

    /**
     * close() while the peer hangs: a {@link Peer#SILENT} one leaves the attempt waiting for its CONNACK, a
     * {@link Peer#FROZEN} one accepted the session and never answers again.
     */
    private void closesInTimeWhile(Peer behaviour, String version) throws Exception {
        String clientId = "hang-close-" + behaviour.name().toLowerCase() + "-" + IDS.incrementAndGet();
        int socketsBefore = sockets();
        HangingPeer peer = new HangingPeer(MosquittoBroker.freePort(), behaviour, version);
        cleanup.add(peer);
        Recorder recorder = new Recorder();
        // a long connection timeout: an attempt is still hanging when close() comes
        BrokerSettings settings = new BrokerSettings("tcp://127.0.0.1:" + peer.port(), null, null, null, null, 30, 30);
        BrokerSession session = BrokerSession.of(version, settings, clientId, null, scheduler, 50, 400, recorder);
        cleanup.add(session);
        session.start();
        if (behaviour == Peer.FROZEN) {
            await(session::isConnected, 5, "the session to be up");
            // a publish the frozen broker never acknowledges: Paho's disconnect waits for it (its quiesce)
            session.publish("frozen/test", new byte[] {1}, 1, false);
        } else {
            await(() -> peer.bytesRead.get() > 0, 5, "the CONNECT to reach the peer");
        }
        Thread.sleep(300);
        assertTrue("the session is up only with the frozen peer",
                session.isConnected() == (behaviour == Peer.FROZEN) && recorder.reasons.isEmpty());

        long closing = System.nanoTime();
        session.close();
        long closeMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closing);
        assertTrue("close() took " + closeMillis + " ms", closeMillis <= CLOSE_LIMIT_MILLIS);
        awaitEquals(Map.of(), () -> sessionThreads(clientId), 2, "no thread of the session after close()");
        await(() -> peer.closedByClient.get() == 1, 2, "the peer to see the session's socket closed");
        peer.close();
        awaitEquals(socketsBefore, BrokerSessionHangingConnectTest::sockets, 2, "no socket of the session after close()");
        assertEquals("reasons after close(): " + recorder.reasons, 0, recorder.reasons.size());
        System.out.println(version + " close() with a " + behaviour + " peer took " + closeMillis + " ms");
    }

    /** Paho's long-lived threads of this client id, by kind ("MQTT Rec" to how many); pings come and go. */
    private static Map<String, Integer> pahoThreads(String clientId) {
        Map<String, Integer> kinds = new TreeMap<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            String name = thread.getName();
            if (thread.isAlive() && name.startsWith("MQTT ") && name.endsWith(": " + clientId) && !name.startsWith("MQTT Ping")) {
                kinds.merge(name.substring(0, name.indexOf(':')), 1, Integer::sum);
            }
        }
        return kinds;
    }

    /** Every thread the session made for this client id: Paho's, and the executor's between Paho's tasks. */
    private static Map<String, Integer> sessionThreads(String clientId) {
        Map<String, Integer> threads = new TreeMap<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            String name = thread.getName();
            if (thread.isAlive() && (name.startsWith("MQTT ") && name.endsWith(": " + clientId)
                    || name.startsWith("yakata-mqtt " + clientId + " "))) {
                threads.merge(name, 1, Integer::sum);
            }
        }
        return threads;
    }

    /** The TCP sockets this JVM holds open: its descriptors in /proc/self/fd found in /proc/net/tcp and tcp6 (Linux). */
    private static int sockets() {
        List<String> inodes = socketInodes();
        int count = 0;
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                for (String line : Files.readAllLines(Path.of(table))) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length > 9 && !f[9].equals("0") && inodes.contains(f[9])) {
                        count++;
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + table, e);
            }
        }
        return count;
    }

    private static List<String> socketInodes() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.map(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString();
                } catch (IOException gone) {
                    return "";
                }
            }).filter(link -> link.startsWith("socket:[")).map(link -> link.substring(8, link.length() - 1)).toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc/self/fd", e);
        }
    }

    /** The JVM's open TCP sockets as local port, remote port and state (for a failure's message). */
    private static String socketDump() {
        StringBuilder out = new StringBuilder();
        List<String> inodes = socketInodes();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                for (String line : Files.readAllLines(Path.of(table))) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length > 9 && inodes.contains(f[9])) {
                        out.append("\n  socket ").append(Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16))
                                .append(" -> ").append(Integer.parseInt(f[2].substring(f[2].indexOf(':') + 1), 16))
                                .append(" state 0x").append(f[3]);
                    }
                }
            } catch (IOException | RuntimeException e) {
                out.append("\n  (").append(table).append(": ").append(e).append(')');
            }
        }
        for (String table : List.of("/proc/net/udp", "/proc/net/udp6", "/proc/net/unix")) {
            try {
                for (String line : Files.readAllLines(Path.of(table))) {
                    String[] f = line.trim().split("\\s+");
                    int inode = table.endsWith("unix") ? 6 : 9;
                    if (f.length > inode && inodes.contains(f[inode])) {
                        out.append("\n  ").append(table).append(' ').append(line.trim());
                    }
                }
            } catch (IOException | RuntimeException e) {
                out.append("\n  (").append(table).append(": ").append(e).append(')');
            }
        }
        return out.append("\n  ").append(inodes.size()).append(" sockets in all").toString();
    }

    private static final class Recorder implements BrokerSession.Listener {
        final AtomicInteger connections = new AtomicInteger();
        final List<String> reasons = new CopyOnWriteArrayList<>();
        /** When the first reason came (nanoTime). */
        volatile long firstReasonNanos;

        @Override
        public void connected() {
            connections.incrementAndGet();
        }

        @Override
        public void disconnected(String reason) {
            if (reasons.isEmpty()) {
                firstReasonNanos = System.nanoTime();
            }
            reasons.add(reason);
        }

        @Override
        public void messageArrived(String topic, byte[] payload) {
        }
    }

    /** A TCP peer on 127.0.0.1 that accepts connections and treats them as {@link Peer} says. */
    private static final class HangingPeer implements AutoCloseable {
        private final ServerSocket server;
        private final Peer behaviour;
        /** The protocol version a {@link Peer#FROZEN} peer answers the CONNECT in. */
        private final String version;
        private final List<Socket> held = new CopyOnWriteArrayList<>();
        private final List<Thread> threads = new CopyOnWriteArrayList<>();
        final AtomicInteger accepted = new AtomicInteger();
        final AtomicInteger closedByClient = new AtomicInteger();
        final AtomicInteger bytesRead = new AtomicInteger();

        HangingPeer(int port, Peer behaviour) throws IOException {
            this(port, behaviour, BrokerSession.MQTT_5);
        }

        HangingPeer(int port, Peer behaviour, String version) throws IOException {
            this.behaviour = behaviour;
            this.version = version;
            server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
            start(this::acceptLoop, "test-peer-accept");
        }

        int port() {
            return server.getLocalPort();
        }

        private void start(Runnable task, String name) {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }

        private void acceptLoop() {
            try {
                while (true) {
                    Socket socket = server.accept();
                    accepted.incrementAndGet();
                    switch (behaviour) {
                        case SLAMS -> socket.close();
                        case SILENT, FROZEN -> {
                            held.add(socket);
                            start(() -> readUntilClosed(socket), "test-peer-read");
                        }
                    }
                }
            } catch (IOException stopped) {
                // the test stopped listening
            }
        }

        private void readUntilClosed(Socket socket) {
            byte[] buffer = new byte[256];
            try (InputStream in = socket.getInputStream()) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    if (bytesRead.getAndAdd(n) == 0 && behaviour == Peer.FROZEN) {
                        // CONNACK, session present 0, reason 0 (MQTT 5: and no properties); the CONNECT is assumed
                        // to come in the first read, as it does from Paho on loopback
                        socket.getOutputStream().write(version.equals(BrokerSession.MQTT_5)
                                ? new byte[] {0x20, 3, 0, 0, 0} : new byte[] {0x20, 2, 0, 0});
                        socket.getOutputStream().flush();
                    }
                }
                closedByClient.incrementAndGet();
            } catch (IOException e) {
                // reset by the client counts as closed; closed by the test does not matter any more
                if (!socket.isClosed()) {
                    closedByClient.incrementAndGet();
                }
            }
        }

        void stopListening() throws IOException {
            server.close();
        }

        @Override
        public void close() throws Exception {
            server.close();
            for (Socket socket : held) {
                socket.close();
            }
            for (Thread thread : threads) {
                thread.join(2000);
            }
        }
    }

    private static void await(BooleanSupplier condition, int seconds, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + seconds + " s waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    private static <T> void awaitEquals(T expected, java.util.function.Supplier<T> actual, int seconds, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        T seen;
        while (!expected.equals(seen = actual.get())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": expected " + expected + " but was " + seen + " after " + seconds
                        + " s; threads " + sessionThreadDump() + "\nsockets" + socketDump());
            }
            Thread.sleep(20);
        }
    }

    private static String sessionThreadDump() {
        StringBuilder out = new StringBuilder();
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            if (thread.getName().startsWith("MQTT ") || thread.getName().startsWith("yakata-mqtt ")) {
                out.append("\n  ").append(thread.getName()).append(' ').append(thread.getState());
                for (int i = 0; i < Math.min(4, stack.length); i++) {
                    out.append("\n      at ").append(stack[i]);
                }
            }
        });
        return out.toString();
    }
}
