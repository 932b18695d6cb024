package dev.yakata.mqtt.client;

import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.SocketFactory;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One session to a broker that keeps itself connected: it connects in the background, tells its listener when it is
 * up (subscribe there: every session starts clean) and when it is down with a sentence fit for a status reason, and
 * retries with exponential backoff until closed. Publishing and subscribing are asynchronous. MQTT 5
 * ({@link Mqtt5Session}) and, for devices that need it, MQTT 3.1.1 ({@link Mqtt311Session}) share this behaviour:
 * this class holds everything but the few calls into each Paho client, which differ only in their types.
 *
 * <p>Every connection attempt gets a Paho client of its own, with its own threads ({@link PahoThreads}) and sockets,
 * and a deadline: the settings' connection timeout plus {@value #CONNECT_MARGIN_MILLIS} ms. Paho 1.2.5 itself never
 * gives up on a broker that accepts the TCP connection but does not answer the CONNECT (a frozen or overloaded
 * broker; eclipse-paho/paho.mqtt.java #1028), and its connect thread can hang for good when the broker closes the
 * socket at once (#850, #999). An attempt that passes its deadline is abandoned like any ended one: its sockets are
 * closed, the client is closed forcibly and its threads ended, and the next attempt, after the usual backoff, makes a
 * new client. The slow part of that (Paho's forced close, and unsticking the threads every
 * {@value #REAP_PERIOD_MILLIS} ms until they have ended) runs on the session's own release thread
 * ({@code yakata-mqtt-release-N}), never on the caller's scheduler. {@link #close()} returns within
 * {@value #CLOSE_LIMIT_MILLIS} ms whatever Paho is doing; threads that have not ended by then are left to end by
 * themselves.
 */
public abstract class BrokerSession implements AutoCloseable {

    /**
     * Hears about the session; called on the client's threads or the scheduler, so return quickly. Connected and
     * disconnected come one at a time, in the order they happened.
     */
    public interface Listener {
        /** The session is up. Subscribe here; every session starts clean. */
        void connected();

        /** The session is down or could not be made; another attempt follows after a backoff. */
        void disconnected(String reason);

        /** A message arrived on one of the subscriptions. */
        void messageArrived(String topic, byte[] payload);
    }

    /** A will the broker publishes when the session dies without saying goodbye. */
    public record Will(String topic, byte[] payload, int qos, boolean retained) {
    }

    /** The protocol versions a device file may ask for with {@code mqtt.version}. */
    public static final String MQTT_5 = "5";
    public static final String MQTT_3_1_1 = "3.1.1";

    /** How much longer than the connection timeout an attempt may take in all (TCP, TLS, CONNECT to CONNACK). */
    static final long CONNECT_MARGIN_MILLIS = 2000;
    /**
     * How long {@link #close()} takes at most: up to {@value #DISCONNECT_WAIT_MILLIS} ms for the broker, the rest
     * waiting for the release thread to end the client's threads.
     */
    static final long CLOSE_LIMIT_MILLIS = 3000;
    private static final long DISCONNECT_WAIT_MILLIS = 1500;
    /**
     * How often, and how many times, an ended attempt's threads are unstuck again until they have all ended; after
     * that (10 s) the attempt is given up with a warning naming the threads left.
     */
    private static final long REAP_PERIOD_MILLIS = 100;
    private static final int REAP_TRIES = 100;
    private static final long STABLE_NANOS = TimeUnit.SECONDS.toNanos(10);

    private static final Logger LOG = LoggerFactory.getLogger(BrokerSession.class);
    private static final AtomicInteger RELEASE_THREADS = new AtomicInteger();

    protected final BrokerSettings settings;
    protected final String clientId;
    protected final Listener listener;
    private final ScheduledExecutorService scheduler;
    /**
     * Releases ended attempts (see {@link Attempt#release}) and reaps their threads, one at a time, off the caller's
     * scheduler: that one may be shared by every device of an adapter and must not block. One daemon thread at most,
     * gone when idle for a second; shut down by {@link #close()}.
     */
    private final ScheduledThreadPoolExecutor releases;
    private final long minBackoffMillis;
    private final long maxBackoffMillis;
    private final long connectDeadlineMillis;
    /** The settings' socket factory; each attempt's client gets it wrapped, see {@link Attempt#sockets}. */
    private final SocketFactory socketFactory;
    /**
     * Held, outside {@code this}, while an attempt's state changes together with what the listener is told about it,
     * so that the listener hears connected and disconnected in the order they happened: a CONNACK that races the loss
     * of its connection (or the attempt's deadline) on another of Paho's threads must not reach the listener after
     * the loss. {@link #close()} does not take it, so a listener that is slow, or calls close(), blocks nobody else.
     */
    private final Object transitions = new Object();
    /** Under {@code this}, like everything below that is not volatile. */
    private long backoffMillis;
    private volatile boolean closed;
    private volatile int receiveMaximum = 65_535;
    /** When the current session came up (nanoTime); a session that dies young does not reset the backoff. */
    private long upSince;
    /** The attempt whose client the session uses now, or null before the first. */
    private volatile Attempt current;
    private int attempts;
    /** Ended attempts whose threads have not all ended yet; {@link #close()} waits for them. */
    private final Set<Attempt> releasing = ConcurrentHashMap.newKeySet();
    /**
     * Publishes and subscriptions handed to the client and not yet ended. Paho clears the tokens of a lost connection
     * and, for a call that raced the loss, never calls back: so the session ends each one itself when it is lost.
     */
    private final Set<Completion> pending = ConcurrentHashMap.newKeySet();

    protected BrokerSession(BrokerSettings settings, String clientId, ScheduledExecutorService scheduler,
            long minBackoffMillis, long maxBackoffMillis, Listener listener) {
        this.settings = settings;
        this.clientId = clientId;
        this.scheduler = scheduler;
        this.minBackoffMillis = minBackoffMillis;
        this.maxBackoffMillis = maxBackoffMillis;
        this.backoffMillis = minBackoffMillis;
        this.listener = listener;
        this.socketFactory = settings.socketFactory();
        this.connectDeadlineMillis = TimeUnit.SECONDS.toMillis(settings.connectTimeoutSeconds()) + CONNECT_MARGIN_MILLIS;
        this.releases = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "yakata-mqtt-release-" + RELEASE_THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        releases.setKeepAliveTime(1, TimeUnit.SECONDS);
        releases.allowCoreThreadTimeOut(true);
    }

    /**
     * A session of the given protocol version ({@value #MQTT_5} or {@value #MQTT_3_1_1}).
     *
     * @param will the will, or {@code null}
     * @throws IllegalArgumentException for an unknown version or settings that cannot make a connection
     */
    public static BrokerSession of(String version, BrokerSettings settings, String clientId, Will will,
            ScheduledExecutorService scheduler, long minBackoffMillis, long maxBackoffMillis, Listener listener) {
        return switch (version) {
            case MQTT_5 -> new Mqtt5Session(settings, clientId, will, scheduler, minBackoffMillis, maxBackoffMillis, listener);
            case MQTT_3_1_1 -> new Mqtt311Session(settings, clientId, will, scheduler, minBackoffMillis, maxBackoffMillis, listener);
            default -> throw new IllegalArgumentException("MQTT version '" + version + "' is not supported; use "
                    + MQTT_5 + " or " + MQTT_3_1_1);
        };
    }

    /** Makes the first attempt at once; later ones follow by themselves. */
    public void start() {
        scheduler.execute(this::attempt);
    }

    public boolean isConnected() {
        Attempt attempt = current;
        Client client = liveClient(attempt);
        return client != null && attempt.connected && client.isConnected();
    }

    /** The attempt's client unless the attempt has ended; none before the first attempt or between attempts. */
    private static Client liveClient(Attempt attempt) {
        return attempt == null || attempt.ended ? null : attempt.client;
    }

    public BrokerSettings settings() {
        return settings;
    }

    /**
     * How many QoS 1 publishes the broker accepts unacknowledged at once (MQTT 5 Receive Maximum from the last
     * CONNACK; Mosquitto's max_inflight_messages). Publishing more at once is refused by the client.
     */
    public int receiveMaximum() {
        return receiveMaximum;
    }

    /** One Paho client, made for one attempt and never reused: the calls that differ between the two Paho clients. */
    interface Client {
        /** Starts connecting; it ends in the attempt's {@code connected} or {@code connectFailed}. */
        void connect() throws Exception;

        boolean isConnected();

        /** Hands one publish to the client; its callback ends in {@code done}. */
        void startPublish(String topic, byte[] payload, int qos, boolean retain, Completion done) throws Exception;

        /** Hands one subscription to the client; its callback ends in {@code done} (see {@link #subscriptionRefusal}). */
        void startSubscribe(String[] filters, int[] qos, Completion done) throws Exception;

        /** Hands one unsubscription to the client; its callback ends in {@code done}. */
        void startUnsubscribe(String[] filters, Completion done) throws Exception;

        /** Asks the broker to end the session, waiting at most {@code waitMillis}. */
        void disconnect(long waitMillis) throws Exception;

        /** Ends the client without a word to the broker, whatever state it is in (Paho's forced disconnect, then close). */
        void closeForcibly() throws Exception;

        /** The Paho {@code MqttAsyncClient} itself, whose internals {@link PahoThreads} reads. */
        Object paho();
    }

    /**
     * A new client for {@code attempt}: it must run on {@link Attempt#threads()}, make its sockets with
     * {@link Attempt#sockets}, and tell the attempt what happens to it.
     */
    abstract Client newClient(Attempt attempt) throws Exception;

    /**
     * One connection attempt and, if it succeeds, the session it makes: one Paho client with its own threads and
     * sockets. What the client reports after the attempt ended (a late CONNACK, the loss of an abandoned
     * connection) changes nothing.
     */
    final class Attempt {
        private final PahoThreads threads;
        private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
        /** The client's receiver, sender and callback seen so far (Paho forgets them when it closes). */
        private final Set<Object> components = Collections.newSetFromMap(new IdentityHashMap<>());
        /** Set once, under the attempt's own lock, unless the attempt was released first. */
        private volatile Client client;
        /** Under the attempt's own lock: from now on no client is made and every socket made is closed. */
        private volatile boolean released;
        /** Under BrokerSession.this. */
        private ScheduledFuture<?> deadline;
        /** The broker accepted the session; set under BrokerSession.this. */
        private volatile boolean connected;
        /** Abandoned, lost or closed; set under BrokerSession.this. */
        private volatile boolean ended;

        private Attempt(int number) {
            this.threads = new PahoThreads("yakata-mqtt " + clientId + " #" + number, () -> releasing.remove(this));
        }

        /** The executor the client runs all its threads on. */
        ScheduledExecutorService threads() {
            return threads;
        }

        /** The settings' socket factory, remembering each socket it makes for this attempt. */
        SocketFactory sockets() {
            return NoDelaySockets.tracking(socketFactory, socket -> {
                sockets.add(socket);
                if (released) { // a connect thread that outlived release(): its socket goes too
                    closeQuietly(socket);
                }
            });
        }

        /** The broker accepted the session. */
        void connected(int brokerReceiveMaximum) {
            connectSucceeded(this, brokerReceiveMaximum);
        }

        /** The attempt failed. */
        void connectFailed(Throwable failure) {
            end(this, describe(failure), false);
        }

        /** The session this attempt made is gone. */
        void lost(String reason) {
            end(this, reason, false);
        }

        void messageArrived(String topic, byte[] payload) {
            if (!ended) {
                listener.messageArrived(topic, payload);
            }
        }

        /**
         * Makes the client and starts it connecting; nothing when the attempt was released first (close() came
         * between its making and this).
         */
        private void connect() throws Exception {
            Client made;
            synchronized (this) {
                if (released) {
                    return;
                }
                made = newClient(this);
                client = made;
            }
            // Outside every lock: Paho may report a failure at once, on this thread, through connectFailed.
            made.connect();
        }

        /**
         * Closes the sockets (each blocked read, write or connect in the client fails at once), stops the executor
         * taking tasks, closes the client forcibly and frees a connect thread stuck in Paho; the threads end by
         * themselves after that, see {@link #reap} and {@link #awaitReleased}. Only the first call does anything.
         */
        private void release() {
            Client made;
            synchronized (this) {
                if (released) {
                    return;
                }
                released = true;
                made = client;
            }
            sockets.forEach(BrokerSession::closeQuietly);
            // Before the client is closed: a connect thread's next step must be refused a thread, not given one.
            threads.shutdown();
            if (made != null) {
                remember(made); // before closing: Paho forgets its receiver, sender and callback when it closes
                try {
                    made.closeForcibly();
                } catch (Exception e) {
                    // the sockets are closed and the threads are ended below, whatever Paho says
                }
                unstick();
            }
            threads.shutdownNow();
            sockets.forEach(BrokerSession::closeQuietly); // one made while the client was being closed
            reap(REAP_TRIES);
        }

        /**
         * Until the client's threads have all ended, unsticks again now and then: a receiver still running when the
         * client was released may stop only later, and leave the connect thread waiting for it. Gives up, with a
         * warning, after {@value #REAP_TRIES} tries.
         */
        private void reap(int triesLeft) {
            unstick();
            if (threads.isTerminated()) {
                return;
            }
            if (triesLeft <= 0) {
                LOG.warn("MQTT client {} of broker {}: threads still running {} ms after the client was abandoned, left "
                        + "behind: {}", clientId, settings.describe(), REAP_TRIES * REAP_PERIOD_MILLIS, threads.describeAlive());
                return;
            }
            try {
                releases.schedule(() -> reap(triesLeft - 1), REAP_PERIOD_MILLIS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                // the session is closed: close() waited for the threads as long as it may, they end by themselves
            }
        }

        /**
         * Waits until every thread of the client has ended, at most until {@code deadlineNanos}; at once when called
         * on one of those threads (close() from a listener), which cannot end while it waits.
         */
        private void awaitReleased(long deadlineNanos) throws InterruptedException {
            if (threads.ownsCurrentThread()) {
                return;
            }
            while (!threads.isTerminated()) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return; // reap() goes on without us
                }
                // a connect thread may have reached the next of Paho's start loops since release()
                unstick();
                threads.awaitTermination(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)), TimeUnit.NANOSECONDS);
            }
        }

        private void remember(Client made) {
            List<Object> parts = PahoThreads.components(made.paho());
            synchronized (components) {
                components.addAll(parts);
            }
        }

        private void unstick() {
            Client made = client;
            if (made != null) {
                remember(made);
            }
            List<Object> parts;
            synchronized (components) {
                parts = List.copyOf(components);
            }
            threads.unstick(parts);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException | RuntimeException e) {
            // closed anyway
        }
    }

    private void attempt() {
        synchronized (transitions) {
            Attempt attempt;
            synchronized (this) {
                if (closed || current != null && !current.ended) {
                    return;
                }
                attempt = new Attempt(++attempts);
                current = attempt;
                attempt.deadline = scheduler.schedule(() -> expire(attempt), connectDeadlineMillis, TimeUnit.MILLISECONDS);
            }
            try {
                attempt.connect();
            } catch (Exception e) {
                end(attempt, describe(e), false);
            }
        }
    }

    /** The attempt's deadline: unless the broker has accepted the session by now, the attempt is abandoned. */
    private void expire(Attempt attempt) {
        end(attempt, "did not accept the connection within " + (connectDeadlineMillis % 1000 == 0
                ? connectDeadlineMillis / 1000 + " s" : connectDeadlineMillis + " ms")
                + " (no CONNACK; the attempt was abandoned)", true);
    }

    private void connectSucceeded(Attempt attempt, int brokerReceiveMaximum) {
        synchronized (transitions) {
            synchronized (this) {
                if (attempt.ended || attempt != current) {
                    return; // a CONNACK after the deadline, or after close(): the client is being released
                }
                attempt.connected = true;
                attempt.deadline.cancel(false);
                upSince = System.nanoTime();
                receiveMaximum = brokerReceiveMaximum;
            }
            listener.connected();
        }
    }

    /**
     * The attempt ended (it failed, passed its deadline, or the session it made was lost): the client is released,
     * the listener told, and the next attempt scheduled. Only the first end of an attempt counts, and a deadline
     * ({@code unlessConnected}) does not end an attempt whose CONNACK came first.
     */
    private void end(Attempt attempt, String reason, boolean unlessConnected) {
        synchronized (transitions) {
            long delay;
            boolean tell;
            synchronized (this) {
                if (attempt.ended || unlessConnected && attempt.connected) {
                    return;
                }
                attempt.ended = true;
                attempt.deadline.cancel(false);
                releasing.add(attempt);
                // A broker that drops each session at once (a refused publish, say) is retried with growing pauses.
                if (attempt.connected && System.nanoTime() - upSince >= STABLE_NANOS) {
                    backoffMillis = minBackoffMillis;
                }
                delay = backoffMillis;
                backoffMillis = Math.min(maxBackoffMillis, backoffMillis * 2);
                tell = !closed;
            }
            // Off the client's own threads (this may run on one of them, release() ends them) and off the scheduler.
            release(attempt);
            failPending("the connection was lost before the broker answered (" + reason + ")");
            if (!tell) {
                return;
            }
            listener.disconnected("broker " + settings.describe() + " " + reason + "; retrying in "
                    + (delay >= 1000 ? delay / 1000 + " s" : delay + " ms"));
            scheduler.schedule(this::attempt, delay, TimeUnit.MILLISECONDS);
        }
    }

    /** Publishes; the stage completes when the broker has it (QoS 1/2) or it is written (QoS 0). */
    public final CompletableFuture<Void> publish(String topic, byte[] payload, int qos, boolean retain) {
        return call(done -> client().startPublish(topic, payload, qos, retain, done), pending);
    }

    /** Subscribes; the stage fails with the broker's refusal when any filter is not granted. */
    public final CompletableFuture<Void> subscribe(String[] filters, int qos) {
        if (filters.length == 0) {
            return CompletableFuture.completedFuture(null);
        }
        int[] qoss = new int[filters.length];
        Arrays.fill(qoss, qos);
        return call(done -> client().startSubscribe(filters, qoss, done), pending);
    }

    /**
     * Unsubscribes, for a session shared by several devices when one of them leaves; the stage completes when the
     * broker has answered.
     */
    public final CompletableFuture<Void> unsubscribe(String[] filters) {
        if (filters.length == 0) {
            return CompletableFuture.completedFuture(null);
        }
        return call(done -> client().startUnsubscribe(filters, done), pending);
    }

    /** The current attempt's client; between attempts none, which is what Paho says of a client that is not up. */
    private Client client() throws BrokerException {
        Client client = liveClient(current);
        if (client == null) {
            throw new BrokerException(NOT_CONNECTED, "is not connected");
        }
        return client;
    }

    /** Paho's REASON_CODE_CLIENT_NOT_CONNECTED, the same in its MQTT 5 and 3.1.1 clients. */
    private static final int NOT_CONNECTED = 32104;

    /**
     * Disconnects (waiting at most {@value #DISCONNECT_WAIT_MILLIS} ms for the broker), has the release thread close
     * every client and socket the session made, also those of an attempt that hangs, and waits for their threads to
     * end; returns within {@value #CLOSE_LIMIT_MILLIS} ms (plus the time to take the session's lock) whatever Paho
     * is doing, leaving threads that have not ended by then to end by themselves. The listener hears nothing more,
     * except a disconnection already being reported on another thread.
     */
    @Override
    public final void close() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_LIMIT_MILLIS);
        Attempt connected = null;
        synchronized (this) {
            closed = true;
            Attempt attempt = current;
            if (attempt != null && !attempt.ended) {
                if (attempt.connected) {
                    connected = attempt;
                }
                attempt.ended = true;
                attempt.deadline.cancel(false);
                releasing.add(attempt);
            }
        }
        failPending("the session was closed before the broker answered");
        Client client = connected == null ? null : connected.client;
        if (client != null && client.isConnected()) {
            try {
                client.disconnect(DISCONNECT_WAIT_MILLIS);
            } catch (Exception e) {
                // closing anyway
            }
        }
        // This attempt's client, and an ended one's whose release may still wait in the queue: released on the
        // release thread (a forced close may block in Paho), then waited for here as long as the limit allows.
        for (Attempt ended : List.copyOf(releasing)) {
            release(ended);
        }
        releases.shutdown(); // queued releases still run; the reaping after them stops
        try {
            for (Attempt ended : List.copyOf(releasing)) {
                ended.awaitReleased(deadline);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Has the release thread release {@code attempt}. */
    private void release(Attempt attempt) {
        try {
            releases.execute(attempt::release);
        } catch (RejectedExecutionException e) {
            // Closed: every attempt ended before close() took the lock was in releasing, and close() handed it to
            // the release thread before shutting it down; one ended later was ended by close() itself.
        }
    }

    /** Ends every call still waiting for the broker; the client's late callbacks, if any come, change nothing. */
    private void failPending(String reason) {
        for (Completion completion : pending) {
            completion.future.completeExceptionally(new BrokerException(CONNECTION_LOST, reason));
        }
    }

    /** Paho's REASON_CODE_CONNECTION_LOST, the same in its MQTT 5 and 3.1.1 clients. */
    private static final int CONNECTION_LOST = 32109;

    /** The end of one publish or subscribe, given to the client's callback. */
    protected static final class Completion {
        private final CompletableFuture<Void> future = new CompletableFuture<>();

        /** The client says it is done; {@code refusal} is the broker's refusal inside that answer, or null. */
        public void succeeded(BrokerException refusal) {
            if (refusal != null) {
                future.completeExceptionally(refusal);
            } else {
                future.complete(null);
            }
        }

        public void failed(Throwable failure) {
            future.completeExceptionally(new BrokerException(reasonCode(failure), describe(failure)));
        }
    }

    /** One call into the client; an exception it throws at once fails the stage the same way as a later callback. */
    @FunctionalInterface
    private interface ClientCall {
        void start(Completion done) throws Exception;
    }

    private static CompletableFuture<Void> call(ClientCall call, Set<Completion> pending) {
        Completion done = new Completion();
        // Registered before the client sees it, so a loss racing the call still finds it (see failPending).
        pending.add(done);
        done.future.whenComplete((ok, failure) -> pending.remove(done));
        try {
            call.start(done);
        } catch (BrokerException e) {
            done.future.completeExceptionally(e);
        } catch (RuntimeException e) {
            done.future.completeExceptionally(e);
        } catch (Exception e) {
            done.failed(e);
        }
        return done.future;
    }

    /**
     * The broker's refusal of a subscription, or null when every filter was granted. Both protocol versions answer
     * a SUBSCRIBE with one code per filter, and a code of 0x80 or above is a refusal.
     */
    protected static BrokerException subscriptionRefusal(String[] filters, int[] codes) {
        for (int i = 0; codes != null && i < codes.length; i++) {
            if (codes[i] >= 0x80) {
                return new BrokerException(codes[i], "refused the subscription to '" + filters[Math.min(i, filters.length - 1)]
                        + "' (reason code 0x" + Integer.toHexString(codes[i]) + ", e.g. not authorized by the broker's ACL)");
            }
        }
        return null;
    }

    /**
     * A sentence for a client failure: what went wrong, why (the cause chain, never a bare {@code null}), and what
     * to check. Paho's MQTT 5 and 3.1.1 clients share their reason codes for these cases.
     */
    public static String describe(Throwable failure) {
        for (Throwable cause = failure.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause instanceof SSLException) {
                return "failed the TLS handshake (" + because(cause) + "); check the broker's certificate against the "
                        + "trust store and the host name in the URL";
            }
        }
        int code = reasonCode(failure);
        if (code < 0) {
            return "failed: " + because(failure);
        }
        // Brokers differ in which of these codes they send for a wrong password (Mosquitto 2.0: not authorized).
        if (code == 0x86 || code == 0x87 || code == 0x85 || code == 4 || code == 5) {
            return "refused the login (reason code 0x" + Integer.toHexString(code) + ": wrong user name or password, "
                    + "or the user may not connect); check the user name and password, and the user on the broker";
        }
        Throwable cause = failure.getCause();
        return switch (code) {
            case 32103 -> "is unreachable (" + (cause != null ? because(cause) : "connection refused") + ")";
            case CONNECTION_LOST -> "connection was lost (" + (cause != null ? because(cause)
                    : "the client saw the connection end and gave no cause") + ")";
            case 32000 -> "did not answer in time";
            case 32104 -> "is not connected";
            default -> "failed: " + because(failure) + " (reason code " + code + ")";
        };
    }

    /**
     * The chain of a failure in words: each distinct message, outermost first; a failure without one is named by
     * what it is ({@code EOFException}: the broker closed the socket).
     */
    static String because(Throwable failure) {
        List<String> parts = new ArrayList<>();
        for (Throwable t = failure; t != null && parts.size() < 4; t = t.getCause() == t ? null : t.getCause()) {
            String part;
            if (t instanceof EOFException && (t.getMessage() == null || t.getMessage().isBlank())) {
                part = "the broker closed the socket without a DISCONNECT";
            } else if (t.getMessage() == null || t.getMessage().isBlank()) {
                part = t.getClass().getSimpleName();
            } else {
                part = t.getMessage();
            }
            if (parts.stream().noneMatch(p -> p.contains(part))) {
                parts.add(part);
            }
        }
        return String.join(": ", parts);
    }

    /** What the reason code of a broker's DISCONNECT (MQTT 5) means, for the status line. */
    static String disconnectReason(int code) {
        return switch (code) {
            case 0x00 -> "normal disconnection";
            case 0x80 -> "unspecified error";
            case 0x81 -> "malformed packet";
            case 0x82 -> "protocol error";
            case 0x87 -> "not authorized";
            case 0x89 -> "server busy";
            case 0x8B -> "server shutting down";
            case 0x8D -> "keep alive timeout";
            case 0x8E -> "session taken over: another client connected with the same client id";
            case 0x90 -> "topic name invalid";
            case 0x93 -> "receive maximum exceeded";
            case 0x95 -> "packet too large";
            case 0x96 -> "message rate too high";
            case 0x97 -> "quota exceeded";
            case 0x98 -> "administrative action";
            case 0x9C, 0x9D -> "use another server";
            default -> "see the MQTT 5 reason codes";
        };
    }

    /** The reason code of either Paho client's exception, or -1. */
    static int reasonCode(Throwable failure) {
        if (failure instanceof org.eclipse.paho.mqttv5.common.MqttException e) {
            return e.getReasonCode();
        }
        if (failure instanceof org.eclipse.paho.client.mqttv3.MqttException e) {
            return e.getReasonCode();
        }
        return -1;
    }
}
