package dev.yakata.mqtt.client;

import java.io.EOFException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * One session to a broker that keeps itself connected: it connects in the background, tells its listener when it is
 * up (subscribe there: every session starts clean) and when it is down with a sentence fit for a status reason, and
 * retries with exponential backoff until closed. Publishing and subscribing are asynchronous. MQTT 5
 * ({@link Mqtt5Session}) and, for devices that need it, MQTT 3.1.1 ({@link Mqtt311Session}) share this behaviour:
 * this class holds everything but the few calls into each Paho client, which differ only in their types.
 */
public abstract class BrokerSession implements AutoCloseable {

    /** Hears about the session; called on the client's threads or the scheduler, so return quickly. */
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

    protected final BrokerSettings settings;
    protected final Listener listener;
    private final ScheduledExecutorService scheduler;
    private final long minBackoffMillis;
    private final long maxBackoffMillis;
    private long backoffMillis;
    private volatile boolean closed;
    private volatile boolean up;
    private volatile int receiveMaximum = 65_535;
    /** When the current session came up (nanoTime); a session that dies young does not reset the backoff. */
    private long upSince;
    private static final long STABLE_NANOS = TimeUnit.SECONDS.toNanos(10);
    /**
     * Publishes and subscriptions handed to the client and not yet ended. Paho clears the tokens of a lost connection
     * and, for a call that raced the loss, never calls back: so the session ends each one itself when it is lost.
     */
    private final Set<Completion> pending = ConcurrentHashMap.newKeySet();

    protected BrokerSession(BrokerSettings settings, ScheduledExecutorService scheduler,
            long minBackoffMillis, long maxBackoffMillis, Listener listener) {
        this.settings = settings;
        this.scheduler = scheduler;
        this.minBackoffMillis = minBackoffMillis;
        this.maxBackoffMillis = maxBackoffMillis;
        this.backoffMillis = minBackoffMillis;
        this.listener = listener;
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
        return up && clientConnected();
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

    private synchronized void attempt() {
        if (closed || clientConnected()) {
            return;
        }
        try {
            connect();
        } catch (Exception e) {
            if (!connectInProgress(e)) {
                lost(describe(e));
            }
        }
    }

    /** Starts one connection attempt; it ends in {@link #connectSucceeded(int)} or {@link #connectFailed(Throwable)}. */
    protected abstract void connect() throws Exception;

    protected abstract boolean clientConnected();

    /** Whether the client refused to connect only because an attempt is already under way (same code in both clients). */
    private static boolean connectInProgress(Exception e) {
        return reasonCode(e) == CONNECT_IN_PROGRESS;
    }

    /** Paho's REASON_CODE_CONNECT_IN_PROGRESS, the same in its MQTT 5 and 3.1.1 clients. */
    private static final int CONNECT_IN_PROGRESS = 32110;

    protected final void connectSucceeded(int brokerReceiveMaximum) {
        synchronized (this) {
            upSince = System.nanoTime();
        }
        receiveMaximum = brokerReceiveMaximum;
        up = true;
        listener.connected();
    }

    protected final void connectFailed(Throwable failure) {
        lost(describe(failure));
    }

    /** The session ended: tells the listener and schedules the next attempt. */
    protected final void lost(String reason) {
        boolean wasUp = up;
        up = false;
        failPending("the connection was lost before the broker answered (" + reason + ")");
        if (closed) {
            return;
        }
        long delay;
        synchronized (this) {
            // A broker that drops each session at once (a refused publish, say) is retried with growing pauses.
            if (wasUp && System.nanoTime() - upSince >= STABLE_NANOS) {
                backoffMillis = minBackoffMillis;
            }
            delay = backoffMillis;
            backoffMillis = Math.min(maxBackoffMillis, backoffMillis * 2);
        }
        listener.disconnected("broker " + settings.describe() + " " + reason + "; retrying in "
                + (delay >= 1000 ? delay / 1000 + " s" : delay + " ms"));
        scheduler.schedule(this::attempt, delay, TimeUnit.MILLISECONDS);
    }

    /** Publishes; the stage completes when the broker has it (QoS 1/2) or it is written (QoS 0). */
    public final CompletableFuture<Void> publish(String topic, byte[] payload, int qos, boolean retain) {
        return call(done -> startPublish(topic, payload, qos, retain, done), pending);
    }

    /** Subscribes; the stage fails with the broker's refusal when any filter is not granted. */
    public final CompletableFuture<Void> subscribe(String[] filters, int qos) {
        if (filters.length == 0) {
            return CompletableFuture.completedFuture(null);
        }
        int[] qoss = new int[filters.length];
        Arrays.fill(qoss, qos);
        return call(done -> startSubscribe(filters, qoss, done), pending);
    }

    /**
     * Unsubscribes, for a session shared by several devices when one of them leaves; the stage completes when the
     * broker has answered.
     */
    public final CompletableFuture<Void> unsubscribe(String[] filters) {
        if (filters.length == 0) {
            return CompletableFuture.completedFuture(null);
        }
        return call(done -> startUnsubscribe(filters, done), pending);
    }

    /** Hands one publish to the client; its callback ends in {@code done}. */
    protected abstract void startPublish(String topic, byte[] payload, int qos, boolean retain, Completion done) throws Exception;

    /** Hands one subscription to the client; its callback ends in {@code done} (see {@link #subscriptionRefusal}). */
    protected abstract void startSubscribe(String[] filters, int[] qos, Completion done) throws Exception;

    /** Hands one unsubscription to the client; its callback ends in {@code done}. */
    protected abstract void startUnsubscribe(String[] filters, Completion done) throws Exception;

    /** Asks the broker to end the session, waiting at most {@code waitMillis}. */
    protected abstract void disconnect(long waitMillis) throws Exception;

    /** Releases the client's threads and files. */
    protected abstract void release() throws Exception;

    /** Disconnects (waiting at most a second for the broker) and releases the client's threads. */
    @Override
    public final void close() {
        closed = true;
        up = false;
        failPending("the session was closed before the broker answered");
        synchronized (this) {
            try {
                if (clientConnected()) {
                    disconnect(1500);
                }
            } catch (Exception e) {
                // closing anyway
            }
            try {
                release();
            } catch (Exception e) {
                // nothing left to release
            }
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
