package ${package};

import ${package}.${classPrefix}Protocol.ProtocolException;
import ${package}.${classPrefix}Protocol.Reading;
import dev.yakata.api.adapter.DeviceContext;
import dev.yakata.api.adapter.DeviceHandler;
import dev.yakata.api.command.Command;
import dev.yakata.api.command.CommandOutcome;
import dev.yakata.api.device.DeviceStatus;
import dev.yakata.api.device.PointDefinition;
import dev.yakata.api.device.PointValue;
import dev.yakata.api.device.StatusDetail;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One device: its connection, its commands and its values.
 *
 * <p><b>Threads.</b> The session starts no thread of its own. All I/O runs in {@link #tick()}, on the device's
 * scheduler ({@code context.scheduler()}): every {@code connection.pollMillis}, and at once when a command arrives.
 * A tick connects if needed, sends the commands waiting, reads the values, and never blocks for longer than
 * {@code connection.replyTimeoutMillis} per request. {@link #execute} only queues the command and returns its stage.
 *
 * <p><b>Status.</b> OFFLINE/STARTING until the first answer, ONLINE while the device answers,
 * OFFLINE/COMMUNICATION_ERROR naming the device and what failed when it does not; then every point is published BAD,
 * the commands waiting fail, and the next attempt comes after a back-off that doubles from
 * {@code connection.reconnectMinMillis} to {@code connection.reconnectMaxMillis}.
 *
 * <p><b>Publishing.</b> Everything published goes through {@link #publishLock} and checks {@link #closed}, so
 * nothing is published once {@link #close()} has returned, whatever the scheduler was doing.
 */
final class ${classPrefix}Session implements DeviceHandler {

    /** The device's own action; a device file may add others through the hub's action language. */
    static final String RESET = "reset";

    private static final Logger LOG = System.getLogger(${classPrefix}Session.class.getName());

    private final DeviceContext context;
    private final ${classPrefix}Settings settings;
    private final String id;
    private final String address;
    private final Queue<Pending> pending = new ConcurrentLinkedQueue<>();
    private final Object publishLock = new Object();
    private volatile boolean closed;
    private volatile Socket socket;         // set and used by tick(); closed by close() too, which ends a read under way
    private ScheduledFuture<?> poll;

    // guarded by this (tick() is synchronized)
    private BufferedReader in;
    private OutputStream out;
    private int failures;                   // attempts failed in a row, for the back-off
    private long nextAttemptNanos;

    // guarded by publishLock
    private boolean online;

    ${classPrefix}Session(DeviceContext context, ${classPrefix}Settings settings) {
        this.context = context;
        this.settings = settings;
        this.id = context.device().id();
        this.address = settings.address();
    }

    /** Reports the device as starting and schedules the polling; returns at once. */
    void start() {
        context.updateStatus(DeviceStatus.offline(StatusDetail.STARTING, "connecting to " + address));
        poll = context.scheduler().scheduleWithFixedDelay(this::tick, 0, settings.poll().toMillis(), TimeUnit.MILLISECONDS);
    }

    // ---- commands ------------------------------------------------------------------------------------------------

    @Override
    public CompletionStage<CommandOutcome> execute(Command command) {
        String request;
        try {
            request = request(command);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(CommandOutcome.rejected(command, e.getMessage()));
        }
        if (request == null) {
            return CompletableFuture.completedFuture(CommandOutcome.rejected(command, id + " does not support "
                    + (command.pointId() == null ? "action '" + command.action() + "'; it supports " + RESET
                    + " and writes of its writable points" : "'" + command.action() + "' on point " + command.pointId())));
        }
        // The hub cancels the stage of a command it timed out: tick() then drops it unsent, and never completes it.
        CompletableFuture<CommandOutcome> outcome = new CompletableFuture<>();
        Pending waiting = new Pending(command, request, outcome);
        pending.add(waiting);
        if (closed && pending.remove(waiting)) { // close() ran meanwhile and will not see it
            outcome.complete(CommandOutcome.failed(command, id + " was closed"));
            return outcome;
        }
        try {
            context.scheduler().execute(this::tick); // send it now rather than at the next poll
        } catch (RejectedExecutionException e) {
            // the hub is closing the device: close() fails what is pending
        }
        return outcome;
    }

    /** The request for a command, null when the device has no such thing. Replace with your protocol's commands. */
    private String request(Command command) {
        if (Command.WRITE.equals(command.action()) && command.pointId() != null) {
            PointDefinition point = context.device().point(command.pointId()).orElse(null);
            if (point == null || !point.writable()) {
                return null; // the hub checks this before; kept for safety
            }
            return ${classPrefix}Protocol.write(addressOf(point), point.kind(), command.arguments().get(Command.VALUE));
        }
        if (RESET.equals(command.action()) && command.pointId() == null) {
            return ${classPrefix}Protocol.reset();
        }
        return null;
    }

    // ---- close ---------------------------------------------------------------------------------------------------

    @Override
    public void close() {
        synchronized (publishLock) {
            if (closed) {
                return;
            }
            publishBad(); // the last word: nobody keeps these values up to date any more
            closed = true;
        }
        if (poll != null) {
            poll.cancel(false);
        }
        disconnect(); // ends a connect or read under way on the scheduler at once
        for (Pending p = pending.poll(); p != null; p = pending.poll()) {
            p.outcome().complete(CommandOutcome.failed(p.command(), id + " was closed before " + address + " answered"));
        }
    }

    // ---- the connection ------------------------------------------------------------------------------------------

    /** One round on the scheduler: connect if needed, send the waiting commands, read the values. Never throws. */
    private synchronized void tick() {
        if (closed || System.nanoTime() - nextAttemptNanos < 0) {
            return;
        }
        try {
            if (socket == null) {
                connect();
            }
            for (Pending p = pending.peek(); p != null; p = pending.peek()) {
                if (p.outcome().isDone()) { // cancelled by the hub (timed out): drop it, never send it late
                    pending.poll();
                    continue;
                }
                String refusal = ${classPrefix}Protocol.refusal(exchange(p.request()));
                pending.poll();
                p.outcome().complete(refusal == null ? CommandOutcome.completed(p.command())
                        : CommandOutcome.rejected(p.command(), address + " refused " + describe(p.command()) + ": " + refusal));
            }
            Map<String, Reading> values = ${classPrefix}Protocol.values(exchange(${classPrefix}Protocol.read()));
            publish(values);
        } catch (SocketTimeoutException e) {
            lost(address + " did not answer within " + settings.replyTimeout().toMillis() + " ms");
        } catch (ProtocolException e) {
            lost(address + " sent a reply this adapter cannot read (" + e.getMessage() + ")");
        } catch (IOException e) {
            lost("cannot reach " + address + ": " + e.getMessage());
        } catch (RuntimeException e) {
            // a periodic task that throws is never run again: log it and keep the device trying
            LOG.log(Level.ERROR, id + ": unexpected failure talking to " + address, e);
            lost("unexpected failure talking to " + address + ": " + e);
        }
    }

    private void connect() throws IOException {
        Socket s = new Socket();
        socket = s; // before connecting, so close() can abort the connect
        if (closed) {
            disconnect();
            throw new IOException("closed");
        }
        int timeout = (int) settings.replyTimeout().toMillis();
        s.connect(new InetSocketAddress(settings.host(), settings.port()), timeout);
        s.setSoTimeout(timeout);
        s.setTcpNoDelay(true);
        in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
        out = s.getOutputStream();
    }

    /** Sends one request line and reads its reply line. */
    private String exchange(String request) throws IOException {
        out.write((request + "\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String reply = in.readLine();
        if (reply == null) {
            throw new IOException("the device closed the connection");
        }
        if (reply.length() > ${classPrefix}Protocol.MAX_LINE) {
            throw new ProtocolException("a reply of " + reply.length() + " characters");
        }
        return reply.trim();
    }

    private void disconnect() {
        Socket s = socket;
        socket = null;
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // closed either way
            }
        }
    }

    /** The connection failed because of {@code why}: report it, fail the waiting commands, try again later. */
    private void lost(String why) {
        disconnect();
        if (closed) {
            return; // close() has dealt with everything
        }
        failures++;
        Duration wait = backoff(failures);
        nextAttemptNanos = System.nanoTime() + wait.toNanos();
        synchronized (publishLock) {
            if (closed) {
                return;
            }
            if (online || failures == 1) {
                LOG.log(Level.WARNING, "{0}: {1}", id, why);
            }
            online = false;
            publishBad();
            context.updateStatus(DeviceStatus.offline(StatusDetail.COMMUNICATION_ERROR,
                    why + "; next try in " + String.format(Locale.ROOT, "%.1f s", wait.toMillis() / 1000.0)));
        }
        for (Pending p = pending.poll(); p != null; p = pending.poll()) {
            p.outcome().complete(CommandOutcome.failed(p.command(), describe(p.command()) + " got no answer: " + why));
        }
    }

    /** Doubles from the minimum to the maximum. */
    private Duration backoff(int failed) {
        long min = settings.reconnectMin().toMillis();
        long wait = min << Math.min(failed - 1, 20);
        return Duration.ofMillis(Math.min(settings.reconnectMax().toMillis(), wait));
    }

    // ---- values --------------------------------------------------------------------------------------------------

    /**
     * Publishes every point's value (the hub drops one equal to the last, so a poll that changed nothing publishes
     * nothing), and reports ONLINE on the first answer.
     */
    private void publish(Map<String, Reading> values) {
        failures = 0;
        synchronized (publishLock) {
            if (closed) {
                return;
            }
            for (PointDefinition point : context.device().points()) {
                Reading reading = values.get(addressOf(point));
                context.publishValue(point.id(), reading == null ? PointValue.bad() : reading.toValue(point.kind()));
            }
            if (!online) {
                online = true;
                context.updateStatus(DeviceStatus.online());
                LOG.log(Level.INFO, "{0}: online with {1}", id, address);
            }
        }
    }

    /** Called with publishLock held. */
    private void publishBad() {
        for (PointDefinition point : context.device().points()) {
            context.publishValue(point.id(), PointValue.bad());
        }
    }

    /** The device's name for a point: {@code point.<id>.address}, else the point's id. */
    private static String addressOf(PointDefinition point) {
        return point.address() == null || point.address().isBlank() ? point.id() : point.address();
    }

    private static String describe(Command command) {
        return command.pointId() == null ? command.action() : "the write of " + command.pointId();
    }

    /** A command waiting for its turn on the connection. */
    private record Pending(Command command, String request, CompletableFuture<CommandOutcome> outcome) {
    }
}
