package com.example.shutterworks.adapter;

import com.example.shutterworks.adapter.ControllerLine.Bye;
import com.example.shutterworks.adapter.ControllerLine.Err;
import com.example.shutterworks.adapter.ControllerLine.Hello;
import com.example.shutterworks.adapter.ControllerLine.Ok;
import com.example.shutterworks.adapter.ControllerLine.State;
import com.example.shutterworks.adapter.ControllerLine.Unknown;
import dev.yakata.api.adapter.DeviceContext;
import dev.yakata.api.adapter.DeviceHandler;
import dev.yakata.api.command.Command;
import dev.yakata.api.command.CommandOutcome;
import dev.yakata.api.device.DeviceStatus;
import dev.yakata.api.device.PointValue;
import dev.yakata.api.device.StatusDetail;
import dev.yakata.api.profile.Profiles;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One SW-200 controller, serving one shutter device: its connection, its commands and what it reports.
 *
 * <p><b>Threads.</b> {@link #start()} only schedules the first attempt on the device's scheduler; each attempt starts
 * one thread for its connection ({@code shutterworks-<device>}), which connects, logs in and then reads until the
 * connection ends, and ends with it. The scheduler runs the heartbeat and the reconnection timer and never blocks.
 * Commands ({@link #execute}) are written on the hub's thread: a request is a dozen bytes and at most
 * {@value #MAX_OUTSTANDING} are outstanding, so a write never waits on a full socket buffer.
 *
 * <p><b>Lifecycle of a connection.</b> Greeting ({@code HELLO SWP/1.x}), {@code LOGIN}, the first {@code STATE}:
 * then the device is ONLINE. Each step has {@code controller.replyTimeoutMillis}. Online, a {@code PING} goes out
 * every {@code controller.heartbeatMillis}; a controller that sends nothing for heartbeat + reply timeout is taken
 * as lost, like one that closes the connection. A lost connection sets every point BAD, fails the commands waiting
 * for their reply, reports OFFLINE/COMMUNICATION_ERROR naming the controller and what failed, and tries again after
 * a back-off that doubles from {@code controller.reconnectMinMillis} to {@code controller.reconnectMaxMillis}.
 *
 * <p><b>Publishing.</b> Everything published goes through {@link #lock} and checks {@link #closed}, so nothing is
 * published once {@link #close()} has returned, whatever thread was about to.
 */
final class ControllerSession implements DeviceHandler {

    /** SWP/1's longest line (PROTOCOL.md, Transport). */
    static final int MAX_LINE_BYTES = 256;
    /** SWP/1's limit of outstanding requests per connection, the heartbeat's PING included. */
    static final int MAX_OUTSTANDING = 8;

    private static final Logger LOG = System.getLogger(ControllerSession.class.getName());
    private static final RateLimitedLog WARN = new RateLimitedLog(LOG, Duration.ofSeconds(30));

    private final DeviceContext context;
    private final ControllerSettings settings;
    private final ShutterPoints points;
    private final String id;
    private final String address;
    private final AtomicLong malformed = new AtomicLong();
    private final Object lock = new Object();

    // guarded by lock
    private boolean closed;
    private Link link;                   // the connection being set up or online; null between attempts
    private ScheduledFuture<?> retry;
    private int failures;                // attempts failed in a row, for the back-off
    private String problem = "not connected yet";

    ControllerSession(DeviceContext context, ControllerSettings settings, ShutterPoints points) {
        this.context = context;
        this.settings = settings;
        this.points = points;
        this.id = context.device().id();
        this.address = settings.address();
    }

    /** Reports the device as starting and schedules the first connection; returns at once. */
    void start() {
        synchronized (lock) {
            context.updateStatus(DeviceStatus.offline(StatusDetail.STARTING, "connecting to controller " + address));
            scheduleAttempt(Duration.ZERO);
        }
    }

    // ---- commands ------------------------------------------------------------------------------------------------

    @Override
    public CompletionStage<CommandOutcome> execute(Command command) {
        if (command.pointId() != null) {
            return done(CommandOutcome.rejected(command, "shutter " + id + " does not support writing point '"
                    + command.pointId() + "': its points are read-only; use the actions open, close or stop"));
        }
        String verb = switch (command.action()) {
            case Profiles.OPEN -> "OPEN";
            case Profiles.CLOSE -> "CLOSE";
            case Profiles.STOP -> "STOP";
            default -> null;
        };
        if (verb == null) {
            return done(CommandOutcome.rejected(command, "shutter " + id + " does not support action '"
                    + command.action() + "'; it supports open, close and stop"));
        }
        CompletableFuture<CommandOutcome> outcome = new CompletableFuture<>();
        Link l;
        String tag;
        synchronized (lock) {
            if (closed) {
                return done(CommandOutcome.rejected(command, "shutter " + id + " is closed"));
            }
            l = link;
            if (l == null || !l.online) {
                return done(CommandOutcome.rejected(command, "shutter " + id + " is not connected to controller "
                        + address + ": " + problem));
            }
            if (l.outstanding() >= MAX_OUTSTANDING) {
                return done(CommandOutcome.rejected(command, "controller " + address + " is busy: "
                        + MAX_OUTSTANDING + " requests outstanding"));
            }
            tag = l.newTag("c");
            l.pending.put(tag, new Pending(command, verb, outcome));
        }
        // The hub cancels the stage of a command it timed out: forget the tag, so a late reply finds nobody.
        outcome.whenComplete((o, failure) -> {
            if (outcome.isCancelled()) {
                synchronized (lock) {
                    l.pending.remove(tag);
                }
            }
        });
        try {
            l.send(verb + " " + tag);
        } catch (IOException e) {
            synchronized (lock) {
                l.pending.remove(tag);
            }
            outcome.complete(CommandOutcome.failed(command, "could not send " + verb + " to controller " + address
                    + ": " + e.getMessage()));
            l.abort(); // the reader sees the broken connection and reports it
        }
        return outcome;
    }

    private static CompletionStage<CommandOutcome> done(CommandOutcome outcome) {
        return CompletableFuture.completedFuture(outcome);
    }

    // ---- close ---------------------------------------------------------------------------------------------------

    @Override
    public void close() {
        Link l;
        List<Pending> waiting = List.of();
        synchronized (lock) {
            if (closed) {
                return;
            }
            publishBad(); // the last word: nobody keeps these values up to date any more
            closed = true;
            if (retry != null) {
                retry.cancel(false);
            }
            l = link;
            link = null;
            if (l != null) {
                waiting = l.takePending();
            }
        }
        if (l != null) {
            l.abort();
            try {
                l.thread.join(2000); // the reader ends with its socket; wait, so no thread outlives close()
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Pending p : waiting) {
            p.outcome.complete(CommandOutcome.failed(p.command, "shutter " + id + " closed before controller "
                    + address + " answered " + p.verb));
        }
    }

    // ---- connection attempts -------------------------------------------------------------------------------------

    /** Called with the lock held. */
    private void scheduleAttempt(Duration wait) {
        try {
            retry = context.scheduler().schedule(this::attempt, wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // the hub is closing the device: no more attempts
        }
    }

    private void attempt() {
        try {
            synchronized (lock) {
                retry = null;
                if (closed || link != null) {
                    return;
                }
                link = new Link();
                link.thread.start();
            }
        } catch (RuntimeException e) {
            // a task that throws is never run again: log it and keep the device trying
            LOG.log(Level.ERROR, "shutter " + id + ": cannot start a connection to " + address, e);
            synchronized (lock) {
                link = null;
                if (!closed) {
                    scheduleAttempt(settings.reconnectMax());
                }
            }
        }
    }

    /** The connection {@code l} ended because of {@code why}: report it and try again later. */
    private void lost(Link l, String why, boolean refusedPassword) {
        List<Pending> waiting;
        synchronized (lock) {
            if (l != link) {
                return; // closed meanwhile: close() has dealt with everything
            }
            link = null;
            waiting = l.takePending();
            failures++;
            Duration wait = refusedPassword ? settings.reconnectMax() : backoff(failures);
            problem = why;
            publishBad();
            context.updateStatus(DeviceStatus.offline(StatusDetail.COMMUNICATION_ERROR,
                    why + "; next try in " + seconds(wait)));
            scheduleAttempt(wait);
            if (l.online) {
                LOG.log(Level.WARNING, "shutter " + id + ": " + why);
            }
        }
        l.abort();
        for (Pending p : waiting) {
            p.outcome.complete(CommandOutcome.failed(p.command, p.verb + " got no reply: " + why));
        }
    }

    /** Doubles from the minimum to the maximum, with ±20 % jitter so many shutters do not reconnect in step. */
    private Duration backoff(int failed) {
        long min = settings.reconnectMin().toMillis();
        long max = settings.reconnectMax().toMillis();
        long wait = min << Math.min(failed - 1, 20);
        wait = Math.min(max, wait);
        double jitter = 0.8 + 0.4 * ThreadLocalRandom.current().nextDouble();
        return Duration.ofMillis(Math.max(min, Math.min(max, Math.round(wait * jitter))));
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    // ---- what the controller reports -----------------------------------------------------------------------------

    /** Called with the lock held. */
    private void publishBad() {
        if (closed) {
            return;
        }
        for (String point : points.all()) {
            context.publishValue(point, PointValue.bad());
        }
    }

    private void onState(Link l, State s) {
        synchronized (lock) {
            if (closed || l != link) {
                return;
            }
            context.publishValue(points.obstruction(), PointValue.good(s.obstruction()));
            context.publishValue(points.closed(), PointValue.good(s.closed()));
            points.position().ifPresent(p -> context.publishValue(p, PointValue.good(s.position())));
            points.state().ifPresent(p -> context.publishValue(p, PointValue.good(s.state().name())));
        }
    }

    private void onReply(Link l, String tag, Err err) {
        Pending p;
        synchronized (lock) {
            if (tag.equals(l.pingTag)) {
                l.pingTag = null;
                if (err != null) {
                    WARN.warn(id + "/ping", "shutter " + id + ": controller " + address + " answered PING with ERR "
                            + err.code() + " " + err.text());
                }
                return;
            }
            p = l.pending.remove(tag);
        }
        if (p == null) {
            // a command the hub timed out and cancelled; its late reply has nobody to go to
            LOG.log(Level.DEBUG, "shutter {0}: reply for tag {1}, which nobody waits for", id, tag);
            return;
        }
        if (err == null) {
            p.outcome.complete(CommandOutcome.completed(p.command));
            return;
        }
        String action = p.command.action();
        CommandOutcome outcome = switch (err.code()) {
            case 409, 423, 429 -> CommandOutcome.rejected(p.command, "controller " + address + " refused " + action
                    + ": " + err.text() + " (ERR " + err.code() + ")");
            case 410 -> CommandOutcome.failed(p.command, "controller " + address + " interrupted " + action + ": "
                    + err.text() + " (ERR 410)");
            default -> CommandOutcome.failed(p.command, "controller " + address + " answered " + p.verb + " with ERR "
                    + err.code() + ": " + err.text());
        };
        p.outcome.complete(outcome);
    }

    private void online(Link l) {
        synchronized (lock) {
            if (closed || l != link) {
                return;
            }
            l.online = true;
            failures = 0;
            problem = "";
            context.updateStatus(DeviceStatus.online());
            long every = settings.heartbeat().toMillis();
            try {
                l.heartbeat = context.scheduler().scheduleWithFixedDelay(() -> ping(l), every, every, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                // closing
            }
        }
        LOG.log(Level.INFO, "shutter {0}: online with controller {1}", id, address);
    }

    private void ping(Link l) {
        String tag;
        synchronized (lock) {
            if (l != link || l.pingTag != null || l.outstanding() >= MAX_OUTSTANDING) {
                return; // an unanswered PING is enough: the read timeout decides
            }
            tag = l.newTag("p");
            l.pingTag = tag;
        }
        try {
            l.send("PING " + tag);
        } catch (IOException e) {
            l.abort(); // the reader reports the broken connection
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "shutter " + id + ": heartbeat failed", e); // never let the periodic task die
        }
    }

    private void malformed(String why, String line) {
        long count = malformed.incrementAndGet();
        WARN.warn(id + "/malformed", "shutter " + id + ": controller " + address + " sent a malformed line (" + why
                + (line == null ? "" : ": '" + ControllerLine.shorten(line) + "'") + "); ignored (" + count + " so far)");
    }

    /** A command waiting for its reply. */
    private record Pending(Command command, String verb, CompletableFuture<CommandOutcome> outcome) {
    }

    private enum Phase { GREETING, LOGIN, FIRST_STATE, ONLINE }

    /** One TCP connection to the controller and the thread that reads it. */
    private final class Link implements Runnable {
        final Socket socket = new Socket();
        final Thread thread;
        final Object writeLock = new Object();
        // guarded by the session's lock
        final Map<String, Pending> pending = new LinkedHashMap<>();
        String pingTag;
        ScheduledFuture<?> heartbeat;
        long tags;
        volatile boolean online;
        private volatile OutputStream out;

        Link() {
            thread = new Thread(this, "shutterworks-" + id);
            thread.setDaemon(true);
        }

        int outstanding() {
            return pending.size() + (pingTag == null ? 0 : 1);
        }

        String newTag(String prefix) {
            return prefix + Long.toString(++tags, 36);
        }

        /** Called with the session's lock held. */
        List<Pending> takePending() {
            if (heartbeat != null) {
                heartbeat.cancel(false);
            }
            List<Pending> taken = new ArrayList<>(pending.values());
            pending.clear();
            pingTag = null;
            return taken;
        }

        void send(String line) throws IOException {
            OutputStream o = out;
            if (o == null) {
                throw new IOException("not connected");
            }
            byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
            synchronized (writeLock) {
                o.write(bytes);
                o.flush();
            }
        }

        /** Closes the socket: a connect or read under way fails at once, and the thread ends. */
        void abort() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closed either way
            }
        }

        @Override
        public void run() {
            Outcome end;
            try {
                end = converse();
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "shutter " + id + ": unexpected failure reading controller " + address, e);
                end = new Outcome("reading controller " + address + " failed: " + e, false);
            }
            lost(this, end.why, end.refusedPassword);
        }

        private Outcome converse() {
            int replyMillis = (int) settings.replyTimeout().toMillis();
            try {
                socket.connect(new InetSocketAddress(settings.host(), settings.port()),
                        (int) settings.connectTimeout().toMillis());
                socket.setTcpNoDelay(true);
                socket.setSoTimeout(replyMillis);
                out = socket.getOutputStream();
            } catch (SocketTimeoutException e) {
                return new Outcome("no TCP connection to controller " + address + " within "
                        + settings.connectTimeout().toMillis() + " ms", false);
            } catch (IOException e) {
                return new Outcome("cannot connect to controller " + address + ": " + e.getMessage(), false);
            }
            Phase phase = Phase.GREETING;
            Bye bye = null;
            LineReader reader;
            try {
                reader = new LineReader(socket.getInputStream(), MAX_LINE_BYTES);
            } catch (IOException e) {
                return new Outcome("connection to controller " + address + " failed: " + e.getMessage(), false);
            }
            while (true) {
                String text;
                try {
                    text = reader.readLine();
                } catch (MalformedLineException e) {
                    malformed(e.getMessage(), null);
                    continue;
                } catch (SocketTimeoutException e) {
                    return new Outcome(switch (phase) {
                        case GREETING -> "controller " + address + " sent no greeting within " + replyMillis + " ms";
                        case LOGIN -> "controller " + address + " did not answer the login within " + replyMillis + " ms";
                        case FIRST_STATE -> "controller " + address + " sent no STATE within " + replyMillis + " ms of the login";
                        case ONLINE -> "controller " + address + " stopped answering: nothing received for "
                                + (settings.heartbeat().toMillis() + replyMillis) + " ms (a PING goes every "
                                + settings.heartbeat().toMillis() + " ms)";
                    }, false);
                } catch (IOException e) {
                    return new Outcome("connection to controller " + address + " failed: " + e.getMessage(), false);
                }
                if (text == null) {
                    return new Outcome("controller " + address + " closed the connection"
                            + (bye == null ? "" : " (BYE " + bye.code() + " " + bye.text() + ")"), false);
                }
                if (text.isEmpty()) {
                    continue;
                }
                ControllerLine line;
                try {
                    line = ControllerLine.parse(text);
                } catch (MalformedLineException e) {
                    malformed(e.getMessage(), text);
                    continue;
                }
                try {
                    switch (phase) {
                        case GREETING -> {
                            if (!(line instanceof Hello hello)) {
                                return new Outcome("controller " + address + " greeted with '"
                                        + ControllerLine.shorten(text) + "' instead of HELLO SWP/1.x; is "
                                        + ControllerSettings.PORT + " the controller's SWP port?", false);
                            }
                            if (hello.major() != 1) {
                                return new Outcome("controller " + address + " speaks SWP/" + hello.major() + "."
                                        + hello.minor() + " (" + hello.model() + " firmware " + hello.firmware()
                                        + "); this adapter speaks SWP/1", false);
                            }
                            send("LOGIN L " + settings.password());
                            phase = Phase.LOGIN;
                        }
                        case LOGIN -> {
                            if (line instanceof Ok ok && ok.tag().equals("L")) {
                                phase = Phase.FIRST_STATE;
                            } else if (line instanceof Err err && err.tag().equals("L")) {
                                return err.code() == 403
                                        ? new Outcome("controller " + address + " refused the password (ERR 403); check "
                                                + ControllerSettings.PASSWORD, true)
                                        : new Outcome("controller " + address + " refused the login: ERR " + err.code()
                                                + " " + err.text(), false);
                            } else if (line instanceof Bye b) {
                                bye = b;
                            }
                        }
                        case FIRST_STATE, ONLINE -> {
                            if (line instanceof State state) {
                                onState(this, state);
                                if (phase == Phase.FIRST_STATE) {
                                    socket.setSoTimeout((int) (settings.heartbeat().toMillis() + replyMillis));
                                    phase = Phase.ONLINE;
                                    online(this);
                                }
                            } else if (line instanceof Ok ok) {
                                onReply(this, ok.tag(), null);
                            } else if (line instanceof Err err) {
                                if (err.tag().equals("-")) {
                                    WARN.warn(id + "/unreadable", "shutter " + id + ": controller " + address
                                            + " could not read a request: ERR " + err.code() + " " + err.text());
                                } else {
                                    onReply(this, err.tag(), err);
                                }
                            } else if (line instanceof Bye b) {
                                bye = b;
                            } else if (line instanceof Hello) {
                                malformed("a second HELLO", text);
                            } else if (line instanceof Unknown unknown) {
                                LOG.log(Level.DEBUG, "shutter {0}: skipping line type {1}", id, unknown.type());
                            }
                        }
                    }
                } catch (IOException e) {
                    return new Outcome("connection to controller " + address + " failed: " + e.getMessage(), false);
                }
            }
        }
    }

    private record Outcome(String why, boolean refusedPassword) {
    }
}
