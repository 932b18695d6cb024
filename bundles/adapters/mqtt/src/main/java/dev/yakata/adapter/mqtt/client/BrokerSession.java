package dev.yakata.adapter.mqtt.client;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * One session to a broker that keeps itself connected: it connects in the background, tells its listener when it is
 * up (subscribe there: every session starts clean) and when it is down with a sentence fit for a status reason, and
 * retries with exponential backoff until closed. Publishing and subscribing are asynchronous. MQTT 5
 * ({@link Mqtt5Session}) and, for devices that need it, MQTT 3.1.1 ({@link Mqtt311Session}) share this behaviour.
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

    /** Whether the client refused to connect only because an attempt is already under way. */
    protected abstract boolean connectInProgress(Exception e);

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
    public abstract CompletableFuture<Void> publish(String topic, byte[] payload, int qos, boolean retain);

    /** Subscribes; the stage fails with the broker's refusal when any filter is not granted. */
    public abstract CompletableFuture<Void> subscribe(String[] filters, int qos);

    /** Disconnects (waiting at most a second for the broker) and releases the client's threads. */
    @Override
    public final void close() {
        closed = true;
        up = false;
        synchronized (this) {
            disconnectAndRelease();
        }
    }

    protected abstract void disconnectAndRelease();

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
     * A sentence for a client failure: what went wrong, and what to check. Paho's MQTT 5 and 3.1.1 clients share
     * their reason codes for these cases.
     */
    public static String describe(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            if (cause.getCause() instanceof SSLException) {
                return "failed the TLS handshake (" + cause.getCause().getMessage()
                        + "); check the broker's certificate against the trust store and the host name in the URL";
            }
            cause = cause.getCause();
        }
        int code = reasonCode(failure);
        if (code < 0) {
            return "failed: " + failure;
        }
        // Brokers differ in which of these codes they send for a wrong password (Mosquitto 2.0: not authorized).
        if (code == 0x86 || code == 0x87 || code == 0x85 || code == 4 || code == 5) {
            return "refused the login (reason code 0x" + Integer.toHexString(code) + ": wrong user name or password, "
                    + "or the user may not connect); check the user name and password, and the user on the broker";
        }
        return switch (code) {
            case 32103 -> "is unreachable (" + (cause != failure ? cause.getMessage() : "connection refused") + ")";
            case 32109 -> "connection was lost" + (cause != failure ? " (" + cause.getMessage() + ")" : "");
            case 32000 -> "did not answer in time";
            case 32104 -> "is not connected";
            default -> "failed: " + failure.getMessage() + " (reason code " + code + ")";
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
