package dev.yakata.adapter.mqtt.client;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * One MQTT 5 session to a broker that keeps itself connected: it connects in the background, tells its listener
 * when it is up (subscribe there: every session starts clean) and when it is down with a sentence fit for a
 * status reason, and retries with exponential backoff until closed. Publishing and subscribing are asynchronous.
 * Shared by MQTT devices and the northbound bridge.
 */
public final class BrokerConnection implements AutoCloseable {

    /** Hears about the session; called on Paho's threads or the scheduler, so return quickly. */
    public interface Listener {
        /** The session is up. Subscribe here; every session starts clean. */
        void connected();

        /** The session is down or could not be made; another attempt follows after a backoff. */
        void disconnected(String reason);

        /** A message arrived on one of the subscriptions. Exceptions are caught and logged by the caller's guard. */
        void messageArrived(String topic, MqttMessage message);
    }

    private final BrokerSettings settings;
    private final String clientId;
    private final ScheduledExecutorService scheduler;
    private final Listener listener;
    private final long minBackoffMillis;
    private final long maxBackoffMillis;
    private final MqttConnectionOptions options;
    private MqttAsyncClient client;
    private long backoffMillis;
    private volatile boolean closed;
    private volatile boolean up;
    private volatile int receiveMaximum = 65_535;

    /**
     * @param will the will message the broker publishes if this session dies ({@code willTopic} null for none)
     * @throws IllegalArgumentException when the settings cannot make a connection (bad URL, unreadable trust store)
     */
    public BrokerConnection(BrokerSettings settings, String clientId, String willTopic, MqttMessage will,
            ScheduledExecutorService scheduler, long minBackoffMillis, long maxBackoffMillis, Listener listener) {
        this.settings = settings;
        this.clientId = clientId;
        this.scheduler = scheduler;
        this.listener = listener;
        this.minBackoffMillis = minBackoffMillis;
        this.maxBackoffMillis = maxBackoffMillis;
        this.backoffMillis = minBackoffMillis;
        this.options = settings.connectionOptions();
        if (willTopic != null) {
            options.setWill(willTopic, will);
        }
        try {
            client = new MqttAsyncClient(settings.url(), clientId, new MemoryPersistence());
        } catch (MqttException e) {
            throw new IllegalArgumentException("cannot create an MQTT client for " + settings.describe() + ": " + describe(e));
        }
        client.setCallback(new Callback());
    }

    /** Makes the first attempt at once; later ones follow by themselves. */
    public void start() {
        scheduler.execute(this::attempt);
    }

    /**
     * How many QoS 1 publishes the broker accepts unacknowledged at once (MQTT 5 Receive Maximum, from the last
     * CONNACK; Mosquitto's max_inflight_messages). Publishing more at once is refused by the client.
     */
    public int receiveMaximum() {
        return receiveMaximum;
    }

    public boolean isConnected() {
        return up && client.isConnected();
    }

    public BrokerSettings settings() {
        return settings;
    }

    private synchronized void attempt() {
        if (closed || client.isConnected()) {
            return;
        }
        try {
            client.connect(options, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    synchronized (BrokerConnection.this) {
                        backoffMillis = minBackoffMillis;
                    }
                    Integer brokerLimit = token.getResponseProperties() == null ? null
                            : token.getResponseProperties().getReceiveMaximum();
                    receiveMaximum = brokerLimit == null ? 65_535 : brokerLimit;
                    up = true;
                    listener.connected();
                }

                @Override
                public void onFailure(IMqttToken token, Throwable failure) {
                    lost(describe(failure));
                }
            });
        } catch (MqttException e) {
            if (e.getReasonCode() != MqttClientException.REASON_CODE_CONNECT_IN_PROGRESS) {
                lost(describe(e));
            }
        } catch (RuntimeException e) {
            lost(e.toString());
        }
    }

    private void lost(String reason) {
        up = false;
        if (closed) {
            return;
        }
        long delay;
        synchronized (this) {
            delay = backoffMillis;
            backoffMillis = Math.min(maxBackoffMillis, backoffMillis * 2);
        }
        listener.disconnected("broker " + settings.describe() + " " + reason + "; retrying in "
                + (delay >= 1000 ? delay / 1000 + " s" : delay + " ms"));
        scheduler.schedule(this::attempt, delay, TimeUnit.MILLISECONDS);
    }

    /** Publishes; the stage completes when the broker has it (QoS 1/2) or it is written (QoS 0). */
    public CompletableFuture<Void> publish(String topic, byte[] payload, int qos, boolean retain) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            client.publish(topic, payload, qos, retain, null, completing(done));
        } catch (MqttException e) {
            done.completeExceptionally(new BrokerException(e.getReasonCode(), describe(e)));
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
        }
        return done;
    }

    /** Subscribes; the stage fails with the broker's refusal when any filter is not granted. */
    public CompletableFuture<Void> subscribe(String[] filters, int qos) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (filters.length == 0) {
            done.complete(null);
            return done;
        }
        int[] qoss = new int[filters.length];
        java.util.Arrays.fill(qoss, qos);
        try {
            client.subscribe(filters, qoss, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    int[] codes = token.getReasonCodes();
                    for (int i = 0; codes != null && i < codes.length; i++) {
                        if (codes[i] >= 0x80) {
                            done.completeExceptionally(new BrokerException(codes[i], "refused the subscription to '"
                                    + filters[Math.min(i, filters.length - 1)] + "' (reason code 0x"
                                    + Integer.toHexString(codes[i]) + ", e.g. not authorized by the broker's ACL)"));
                            return;
                        }
                    }
                    done.complete(null);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable failure) {
                    done.completeExceptionally(new BrokerException(-1, describe(failure)));
                }
            });
        } catch (MqttException e) {
            done.completeExceptionally(new BrokerException(e.getReasonCode(), describe(e)));
        }
        return done;
    }

    private static MqttActionListener completing(CompletableFuture<Void> done) {
        return new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                done.complete(null);
            }

            @Override
            public void onFailure(IMqttToken token, Throwable failure) {
                int code = failure instanceof MqttException m ? m.getReasonCode() : -1;
                done.completeExceptionally(new BrokerException(code, describe(failure)));
            }
        };
    }

    /** Disconnects (waiting at most a second for the broker) and releases the client's threads. */
    @Override
    public void close() {
        closed = true;
        up = false;
        synchronized (this) {
            try {
                if (client.isConnected()) {
                    client.disconnect(1000).waitForCompletion(1500);
                }
            } catch (MqttException e) {
                // closing anyway
            }
            try {
                client.close(true);
            } catch (MqttException e) {
                // nothing left to release
            }
        }
    }

    /** A sentence for a Paho failure: what went wrong, and what to check. */
    public static String describe(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            if (cause.getCause() instanceof SSLException) {
                return "failed the TLS handshake (" + cause.getCause().getMessage()
                        + "); check the broker's certificate against the trust store and the host name in the URL";
            }
            cause = cause.getCause();
        }
        if (failure instanceof MqttException e) {
            int code = e.getReasonCode();
            // Brokers differ in which of these codes they send for a wrong password (Mosquitto 2.0: not authorized).
            if (code == 0x86 || code == 0x87 || code == 0x85 || code == MqttClientException.REASON_CODE_FAILED_AUTHENTICATION
                    || code == MqttClientException.REASON_CODE_NOT_AUTHORIZED) {
                return "refused the login (reason code 0x" + Integer.toHexString(code) + ": wrong user name or password, "
                        + "or the user may not connect); check the user name and password, and the user on the broker";
            }
            if (code == MqttClientException.REASON_CODE_SERVER_CONNECT_ERROR) {
                return "is unreachable (" + (cause != failure ? cause.getMessage() : "connection refused") + ")";
            }
            if (code == MqttClientException.REASON_CODE_CONNECTION_LOST) {
                return "connection was lost" + (cause != failure ? " (" + cause.getMessage() + ")" : "");
            }
            if (code == MqttClientException.REASON_CODE_CLIENT_TIMEOUT) {
                return "did not answer in time";
            }
            if (code == MqttClientException.REASON_CODE_CLIENT_NOT_CONNECTED) {
                return "is not connected";
            }
            return "failed: " + e.getMessage() + " (reason code " + code + ")";
        }
        return "failed: " + failure;
    }

    private final class Callback implements MqttCallback {
        @Override
        public void disconnected(MqttDisconnectResponse response) {
            String reason = response.getException() != null ? describe(response.getException())
                    : "closed the connection (reason code " + response.getReturnCode()
                    + (response.getReasonString() == null ? "" : ", " + response.getReasonString()) + ")";
            lost(reason);
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            // reported through disconnected() when it ends the session
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            listener.messageArrived(topic, message);
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
        }
    }

    /** The client id this connection logs in with. */
    public String clientId() {
        return clientId;
    }
}
