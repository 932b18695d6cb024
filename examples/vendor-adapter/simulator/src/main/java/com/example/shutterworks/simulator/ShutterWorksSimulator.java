package com.example.shutterworks.simulator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * A simulated SW-200 shutter controller speaking SWP/1 (PROTOCOL.md): one shutter with travel time, a closed limit,
 * an obstruction sensor (close is refused while obstructed, and an obstruction while closing stops the shutter) and
 * a FAULT state. Hooks let tests misbehave on purpose: {@link #dropConnections()} / {@link #acceptConnections()} cut
 * and restore the network, {@link #silence()} / {@link #answer()} keep the connections but stop answering,
 * {@link #obstruct(boolean)} and {@link #fault(boolean)} play the sensors.
 *
 * <p>It runs on one thread ({@code shutterworks-simulator-<port>}), a non-blocking selector loop: the network, the
 * motor and the hooks are all handled there, one after another, so its state needs no locks. Each hook waits until
 * the loop has carried it out, so a test that calls {@code obstruct(true)} and then sends {@code CLOSE} sees the
 * refusal. Nothing a client sends stops the loop: every malformed line gets one precise {@code ERR}.
 */
public final class ShutterWorksSimulator implements AutoCloseable {

    public static final String GREETING_VERSION = "SWP/1.0";
    public static final String VENDOR = "ExampleShutterWorks";
    public static final String MODEL = "SW-200";
    public static final String FIRMWARE = "3.1.0";
    /** The longest line either side may send, without its LF. */
    public static final int MAX_LINE_BYTES = 256;
    public static final int MAX_PASSWORD_BYTES = 128;
    public static final int MAX_CLIENTS = 4;
    public static final int MAX_OUTSTANDING = 8;
    public static final Duration LOGIN_WINDOW = Duration.ofSeconds(10);
    /** How long a refused login waits before the controller closes the connection. */
    public static final Duration REFUSED_LOGIN_CLOSE = Duration.ofSeconds(1);
    /** The motor's position is recomputed this often while it travels. */
    static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    /** A client that does not read this much of what it is sent is dropped. */
    static final int MAX_QUEUED_BYTES = 64 * 1024;

    private static final Pattern VERB = Pattern.compile("[A-Z]+");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9]{1,12}");
    private static final Set<String> VERBS = Set.of("LOGIN", "OPEN", "CLOSE", "STOP", "STATUS", "PING");

    /** The controller's states, as {@code STATE state=} reports them. */
    public enum State { OPEN, CLOSING, CLOSED, OPENING, STOPPED, FAULT }

    /** What the controller would report now. */
    public record Snapshot(State state, double position, boolean obstruction, boolean closed, int clients, boolean silent,
            boolean accepting) {
    }

    private final InetAddress bindAddress;
    private final byte[] password;
    private final long travelNanos;
    private final PrintStream trace;
    private final Selector selector;
    private final Thread loop;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private volatile boolean running = true;
    private int port;

    // ---- loop-thread state ---------------------------------------------------------------------------------------
    private ServerSocketChannel server;      // null while refusing connections
    private final List<Client> clients = new ArrayList<>();
    private boolean silent;
    private State state = State.OPEN;
    private double position;                  // 0 open .. 100 closed
    private boolean obstruction;
    private Move move;                        // the move under way, null when the motor stands
    private long lastTick;
    private int lastStep;                     // position / 5 when the last travel STATE was sent

    private ShutterWorksSimulator(Builder b) throws IOException {
        this.bindAddress = InetAddress.getByName(b.bindAddress);
        this.password = b.password.getBytes(StandardCharsets.UTF_8);
        this.travelNanos = b.travel.toNanos();
        this.trace = b.trace;
        this.selector = Selector.open();
        try {
            openServer(b.port);
        } catch (IOException e) {
            selector.close();
            throw new IOException("cannot listen on " + b.bindAddress + ":" + b.port + ": " + e.getMessage(), e);
        }
        this.port = ((InetSocketAddress) server.getLocalAddress()).getPort();
        this.loop = new Thread(this::run, "shutterworks-simulator-" + port);
        this.loop.setDaemon(true);
        this.loop.start();
    }

    /** A simulator to configure; {@link Builder#start()} starts it. */
    public static Builder builder() {
        return new Builder();
    }

    /** Configures a simulator; not thread-safe. */
    public static final class Builder {
        private String bindAddress = "127.0.0.1";
        private int port = 7700;
        private String password = "";
        private Duration travel = Duration.ofSeconds(10);
        private PrintStream trace;

        private Builder() {
        }

        /** The address to listen on; default 127.0.0.1. */
        public Builder bind(String address) { bindAddress = Objects.requireNonNull(address); return this; }
        /** The port; 0 picks a free one ({@link #port()} tells which). Default 7700. */
        public Builder port(int value) { port = value; return this; }
        /** The password clients must give in {@code LOGIN}; required. */
        public Builder password(String value) { password = Objects.requireNonNull(value); return this; }
        /** The time the shutter takes from fully open to fully closed; default 10 s. */
        public Builder travel(Duration value) { travel = Objects.requireNonNull(value); return this; }
        /** Prints every line in and out (passwords masked) to this stream; default none. */
        public Builder trace(PrintStream value) { trace = value; return this; }

        public ShutterWorksSimulator start() throws IOException {
            if (password.isEmpty() || password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES
                    || password.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                throw new IllegalArgumentException("the password must be 1 to " + MAX_PASSWORD_BYTES
                        + " bytes without control characters");
            }
            if (travel.isNegative() || travel.isZero()) {
                throw new IllegalArgumentException("the travel time must be positive, not " + travel);
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port " + port + " is not 0 to 65535");
            }
            return new ShutterWorksSimulator(this);
        }
    }

    /** The port it listens on (also while refusing connections: {@link #acceptConnections()} takes it again). */
    public int port() {
        return port;
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(bindAddress, port);
    }

    // ---- hooks ---------------------------------------------------------------------------------------------------

    /** Drops every connection at once (no BYE: a cut cable) and refuses new ones until {@link #acceptConnections()}. */
    public void dropConnections() {
        call(() -> {
            closeServer();
            for (Client c : new ArrayList<>(clients)) {
                drop(c);
            }
            return null;
        });
    }

    /** Accepts connections again on the same port. */
    public void acceptConnections() {
        call(() -> {
            if (server == null) {
                try {
                    openServer(port);
                } catch (IOException e) {
                    throw new IllegalStateException("cannot listen on port " + port + " again: " + e.getMessage(), e);
                }
            }
            return null;
        });
    }

    /**
     * Stops answering while keeping every connection open: requests are read and ignored, no reply, STATE or greeting
     * is sent (new connections are accepted and left waiting). The motor goes on as it was.
     */
    public void silence() {
        call(() -> {
            silent = true;
            return null;
        });
    }

    /** Answers again after {@link #silence()}: connections accepted meanwhile get their greeting now. */
    public void answer() {
        call(() -> {
            silent = false;
            for (Client c : clients) {
                if (!c.greeted) {
                    greet(c);
                }
            }
            return null;
        });
    }

    /** The obstruction sensor: true while something is in the shutter's path. */
    public void obstruct(boolean sensed) {
        call(() -> {
            if (obstruction == sensed) {
                return null;
            }
            obstruction = sensed;
            if (sensed && state == State.CLOSING) {
                state = State.STOPPED;
                endMove(false, 410, "obstruction sensed at " + percent(position) + " while closing; stopped");
            }
            broadcast("obstruction", null, null);
            return null;
        });
    }

    /** A motor or encoder fault: the controller reports FAULT and refuses moves until repaired ({@code false}). */
    public void fault(boolean faulty) {
        call(() -> {
            if (faulty == (state == State.FAULT)) {
                return null;
            }
            if (faulty) {
                state = State.FAULT;
                endMove(false, 410, "the controller went into FAULT at " + percent(position));
                broadcast("fault", null, null);
            } else {
                state = position <= 0 ? State.OPEN : position >= 100 ? State.CLOSED : State.STOPPED;
                broadcast("repaired", null, null);
            }
            return null;
        });
    }

    /** What the controller would report now, and how many clients are connected. */
    public Snapshot snapshot() {
        return call(() -> new Snapshot(state, position, obstruction, position >= 100, clients.size(), silent, server != null));
    }

    @Override
    public void close() {
        if (!running) {
            return;
        }
        running = false;
        selector.wakeup();
        try {
            loop.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private <T> T call(Supplier<T> action) {
        if (Thread.currentThread() == loop) {
            return action.get();
        }
        if (!running) {
            throw new IllegalStateException("the simulator on port " + port + " is closed");
        }
        CompletableFuture<T> done = new CompletableFuture<>();
        tasks.add(() -> {
            try {
                done.complete(action.get());
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        selector.wakeup();
        try {
            return done.get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the simulator's loop did not answer within 5 s", e);
        }
    }

    // ---- the loop ------------------------------------------------------------------------------------------------

    private void run() {
        try {
            while (running) {
                long now = System.nanoTime();
                long wait = nextDeadline(now) - now;
                if (wait <= 0) {
                    selector.selectNow();
                } else {
                    selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(wait)));
                }
                for (Runnable task; (task = tasks.poll()) != null; ) {
                    task.run();
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    handle(key);
                }
                selector.selectedKeys().clear();
                timers(System.nanoTime());
            }
        } catch (IOException | RuntimeException e) {
            // a bug in the simulator itself: say so loudly, then release everything
            System.err.println("shutterworks simulator on port " + port + " stopped: " + e);
            e.printStackTrace();
        } finally {
            running = false;
            closeServer();
            for (Client c : new ArrayList<>(clients)) {
                drop(c);
            }
            try {
                selector.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            for (Runnable task; (task = tasks.poll()) != null; ) {
                task.run(); // callers waiting on a hook get their answer
            }
        }
    }

    private long nextDeadline(long now) {
        long next = now + TimeUnit.SECONDS.toNanos(1);
        if (move != null) {
            next = Math.min(next, lastTick + TICK_NANOS);
        }
        for (Client c : clients) {
            if (c.deadline != 0) {
                next = Math.min(next, c.deadline);
            }
        }
        return next;
    }

    private void handle(SelectionKey key) {
        if (!key.isValid()) {
            return;
        }
        if (key.attachment() == null) {
            if (key.isAcceptable()) {
                accept();
            }
            return;
        }
        Client c = (Client) key.attachment();
        try {
            if (key.isReadable()) {
                read(c);
            }
            if (key.isValid() && key.isWritable()) {
                flush(c);
            }
        } catch (IOException e) {
            drop(c);
        }
    }

    private void timers(long now) {
        if (move != null && now - lastTick >= TICK_NANOS) {
            travel(now);
        }
        for (Client c : new ArrayList<>(clients)) {
            if (c.deadline != 0 && now - c.deadline >= 0) {
                c.deadline = 0;
                if (c.refused) {
                    drop(c);
                } else if (!c.loggedIn) {
                    sendLine(c, "BYE 408 no login within " + LOGIN_WINDOW.toSeconds() + " s");
                    c.closeAfterFlush = true;
                    flushQuietly(c);
                }
            }
        }
    }

    // ---- connections ---------------------------------------------------------------------------------------------

    private void openServer(int onPort) throws IOException {
        ServerSocketChannel channel = ServerSocketChannel.open();
        try {
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.bind(new InetSocketAddress(bindAddress, onPort), 16);
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_ACCEPT);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        server = channel;
    }

    private void closeServer() {
        if (server != null) {
            try {
                server.close();
                // A channel registered with a selector keeps listening until its key is deregistered by the next
                // selection, so a client could still connect after "refusing" returned; select now to release it.
                selector.selectNow();
            } catch (IOException ignored) {
                // it is gone either way
            }
            server = null;
        }
    }

    private void accept() {
        SocketChannel channel;
        try {
            channel = server.accept();
            if (channel == null) {
                return;
            }
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        } catch (IOException e) {
            return; // the client gave up before we took it
        }
        Client c = new Client(channel);
        try {
            c.key = channel.register(selector, SelectionKey.OP_READ, c);
        } catch (IOException e) {
            closeQuietly(channel);
            return;
        }
        clients.add(c);
        if (clients.size() > MAX_CLIENTS) {
            sendLine(c, "BYE 503 too many clients (" + MAX_CLIENTS + ")");
            c.refused = true;
            c.closeAfterFlush = true;
            flushQuietly(c);
            return;
        }
        if (!silent) {
            greet(c);
        }
    }

    private void greet(Client c) {
        c.greeted = true;
        c.deadline = System.nanoTime() + LOGIN_WINDOW.toNanos();
        sendLine(c, "HELLO " + GREETING_VERSION + " " + VENDOR + " " + MODEL + " " + FIRMWARE);
    }

    private void drop(Client c) {
        clients.remove(c);
        if (c.key != null) {
            c.key.cancel();
        }
        closeQuietly(c.channel);
        if (move != null && move.client == c) {
            move = new Move(move.direction, null, null); // the motor goes on; nobody waits for the reply any more
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private void read(Client c) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        int n = c.channel.read(buffer);
        if (n < 0) {
            drop(c);
            return;
        }
        buffer.flip();
        while (buffer.hasRemaining() && clients.contains(c)) {
            byte b = buffer.get();
            if (b == '\n') {
                boolean tooLong = c.discarding;
                c.discarding = false;
                byte[] line = c.line.toByteArray();
                c.line.reset();
                if (!tooLong) {
                    int length = line.length > 0 && line[line.length - 1] == '\r' ? line.length - 1 : line.length;
                    if (length > MAX_LINE_BYTES) {
                        lineTooLong(c);
                    } else {
                        onLine(c, line, length);
                    }
                }
            } else if (!c.discarding) {
                c.line.write(b);
                if (c.line.size() > MAX_LINE_BYTES + 1) { // one byte more for a CR before the LF
                    c.line.reset();
                    c.discarding = true;
                    lineTooLong(c);
                }
            }
        }
    }

    private void lineTooLong(Client c) {
        if (!silent && !c.refused) {
            sendLine(c, "ERR - 413 line longer than " + MAX_LINE_BYTES + " bytes");
        }
    }

    // ---- requests ------------------------------------------------------------------------------------------------

    private void onLine(Client c, byte[] bytes, int length) {
        if (silent || c.refused || !c.greeted) {
            return; // a silent controller hears nothing; a refused client is about to be closed
        }
        String line;
        try {
            line = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, 0, length)).toString();
        } catch (CharacterCodingException e) {
            traceIn(c, "<" + length + " bytes, not UTF-8>");
            sendLine(c, "ERR - 400 line is not UTF-8");
            return;
        }
        if (line.isEmpty()) {
            return;
        }
        traceIn(c, line.startsWith("LOGIN ") ? maskPassword(line) : line);
        if (line.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f)) {
            sendLine(c, "ERR - 400 control character in line");
            return;
        }
        int space = line.indexOf(' ');
        String verb = space < 0 ? line : line.substring(0, space);
        if (!VERB.matcher(verb).matches() || space < 0) {
            sendLine(c, VERBS.contains(verb) ? "ERR - 400 " + verb + " needs a tag: " + verb + " <tag>"
                    : "ERR - 400 expected '<VERB> <tag>'");
            return;
        }
        int tagEnd = line.indexOf(' ', space + 1);
        String tag = tagEnd < 0 ? line.substring(space + 1) : line.substring(space + 1, tagEnd);
        String arguments = tagEnd < 0 ? null : line.substring(tagEnd + 1);
        if (!TAG.matcher(tag).matches()) {
            sendLine(c, "ERR - 400 bad tag '" + shorten(tag) + "' (1 to 12 characters A-Z a-z 0-9)");
            return;
        }
        if (!VERBS.contains(verb)) {
            sendLine(c, "ERR " + tag + " 404 unknown request '" + shorten(verb) + "'");
            return;
        }
        if (verb.equals("LOGIN")) {
            login(c, tag, arguments);
            return;
        }
        if (!c.loggedIn) {
            sendLine(c, "ERR " + tag + " 401 log in first");
            return;
        }
        if (arguments != null) {
            sendLine(c, "ERR " + tag + " 400 " + verb + " takes no arguments");
            return;
        }
        if (c.outstanding.contains(tag)) {
            sendLine(c, "ERR " + tag + " 400 tag " + tag + " is still outstanding");
            return;
        }
        switch (verb) {
            case "PING" -> sendLine(c, "OK " + tag);
            case "STATUS" -> {
                sendLine(c, stateLine("status", null));
                sendLine(c, "OK " + tag);
            }
            case "STOP" -> stop(c, tag);
            case "OPEN" -> move(c, tag, State.OPENING);
            case "CLOSE" -> move(c, tag, State.CLOSING);
            default -> throw new IllegalStateException("unhandled verb " + verb);
        }
    }

    private void login(Client c, String tag, String given) {
        if (c.loggedIn) {
            sendLine(c, "ERR " + tag + " 400 already logged in");
            return;
        }
        if (given == null || given.isEmpty()) {
            sendLine(c, "ERR " + tag + " 400 LOGIN needs a password: LOGIN <tag> <password>");
            return;
        }
        byte[] bytes = given.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_PASSWORD_BYTES) {
            sendLine(c, "ERR " + tag + " 400 password longer than " + MAX_PASSWORD_BYTES + " bytes");
            return;
        }
        if (!MessageDigest.isEqual(bytes, password)) {
            sendLine(c, "ERR " + tag + " 403 wrong password");
            sendLine(c, "BYE 403 login refused");
            c.refused = true;
            c.deadline = System.nanoTime() + REFUSED_LOGIN_CLOSE.toNanos();
            return;
        }
        c.loggedIn = true;
        c.deadline = 0;
        sendLine(c, "OK " + tag);
        sendLine(c, stateLine("login", null));
    }

    private void stop(Client c, String tag) {
        if (move != null) {
            state = State.STOPPED;
            endMove(false, 410, "stopped by a STOP request at " + percent(position));
            broadcast("request", c, tag);
        }
        sendLine(c, "OK " + tag);
    }

    private void move(Client c, String tag, State direction) {
        boolean closing = direction == State.CLOSING;
        String verb = closing ? "CLOSE" : "OPEN";
        if (state == State.FAULT) {
            sendLine(c, "ERR " + tag + " 423 controller in FAULT (motor or encoder); moves are refused until it is repaired");
            return;
        }
        if (closing && obstruction) {
            sendLine(c, "ERR " + tag + " 409 obstruction sensed under the shutter; clear it before closing");
            return;
        }
        if (c.outstanding.size() >= MAX_OUTSTANDING) {
            sendLine(c, "ERR " + tag + " 429 " + MAX_OUTSTANDING + " requests outstanding");
            return;
        }
        State end = closing ? State.CLOSED : State.OPEN;
        if (state == end) {
            sendLine(c, "OK " + tag + " already " + end);
            return;
        }
        if (move != null) {
            endMove(false, 410, "superseded by a " + verb + " request at " + percent(position));
        }
        move = new Move(direction, c, tag);
        c.outstanding.add(tag);
        state = direction;
        lastTick = System.nanoTime();
        lastStep = step(position);
        broadcast("request", c, tag);
    }

    private void travel(long now) {
        long elapsed = now - lastTick;
        lastTick = now;
        double delta = 100.0 * elapsed / travelNanos;
        boolean closing = move.direction == State.CLOSING;
        position = Math.max(0, Math.min(100, position + (closing ? delta : -delta)));
        if (closing ? position >= 100 : position <= 0) {
            position = closing ? 100 : 0;
            state = closing ? State.CLOSED : State.OPEN;
            Move ended = move;
            broadcast("limit", ended.client, ended.tag);
            endMove(true, 0, null);
            return;
        }
        int step = step(position);
        if (step != lastStep) {
            lastStep = step;
            broadcast("travel", null, null);
        }
    }

    private static int step(double position) {
        return (int) Math.floor(position / 5.0);
    }

    /** Ends the move under way, answering its request: OK, or ERR with the code and reason. */
    private void endMove(boolean reached, int code, String reason) {
        Move ended = move;
        move = null;
        if (ended == null || ended.client == null) {
            return;
        }
        ended.client.outstanding.remove(ended.tag);
        if (clients.contains(ended.client)) {
            sendLine(ended.client, reached ? "OK " + ended.tag : "ERR " + ended.tag + " " + code + " " + reason);
        }
    }

    // ---- output --------------------------------------------------------------------------------------------------

    private String stateLine(String cause, String tag) {
        return "STATE state=" + state + " position=" + String.format(Locale.ROOT, "%.1f", position) + " obstruction="
                + (obstruction ? 1 : 0) + " closed=" + (position >= 100 ? 1 : 0) + " cause=" + cause
                + (tag == null ? "" : " tag=" + tag);
    }

    /** Sends the state to every logged-in client; the tag only to {@code requester}, whose request it is. */
    private void broadcast(String cause, Client requester, String tag) {
        for (Client c : new ArrayList<>(clients)) {
            if (c.loggedIn && !c.refused) {
                sendLine(c, stateLine(cause, c == requester ? tag : null));
            }
        }
    }

    private void sendLine(Client c, String line) {
        if (silent || !clients.contains(c)) {
            return;
        }
        if (trace != null) {
            trace.println(port + " " + c.id + " < " + line);
        }
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        c.queuedBytes += bytes.length;
        if (c.queuedBytes > MAX_QUEUED_BYTES) {
            drop(c); // it stopped reading; a real controller would have run out of buffers too
            return;
        }
        c.out.add(ByteBuffer.wrap(bytes));
        flushQuietly(c);
    }

    private void flushQuietly(Client c) {
        try {
            flush(c);
        } catch (IOException e) {
            drop(c);
        }
    }

    private void flush(Client c) throws IOException {
        while (!c.out.isEmpty()) {
            ByteBuffer head = c.out.peek();
            int written = c.channel.write(head);
            c.queuedBytes -= written;
            if (head.hasRemaining()) {
                c.key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                return;
            }
            c.out.poll();
        }
        if (c.key.isValid()) {
            c.key.interestOps(SelectionKey.OP_READ);
        }
        if (c.closeAfterFlush) {
            drop(c);
        }
    }

    private void traceIn(Client c, String line) {
        if (trace != null) {
            trace.println(port + " " + c.id + " > " + line);
        }
    }

    private static String maskPassword(String line) {
        int second = line.indexOf(' ', "LOGIN ".length());
        return second < 0 ? line : line.substring(0, second) + " ******";
    }

    private static String shorten(String text) {
        return text.length() <= 24 ? text : text.substring(0, 24) + "…";
    }

    private static String percent(double position) {
        return Math.round(position) + " %";
    }

    /** One client connection, touched only by the loop thread. */
    private static final class Client {
        private static int counter;
        final int id = ++counter;
        final SocketChannel channel;
        SelectionKey key;
        final ByteArrayOutputStream line = new ByteArrayOutputStream();
        boolean discarding;
        final ArrayDeque<ByteBuffer> out = new ArrayDeque<>();
        int queuedBytes;
        boolean greeted;
        boolean loggedIn;
        boolean refused;
        boolean closeAfterFlush;
        /** When the login window ends, or when a refused client is closed; 0 for none (System.nanoTime). */
        long deadline;
        final Set<String> outstanding = new HashSet<>();

        Client(SocketChannel channel) {
            this.channel = channel;
        }
    }

    /** A move of the motor; {@code client} and {@code tag} name the request waiting for its end, if any. */
    private record Move(State direction, Client client, String tag) {
    }
}
