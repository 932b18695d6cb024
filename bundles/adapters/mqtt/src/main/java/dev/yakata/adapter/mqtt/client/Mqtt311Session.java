package dev.yakata.adapter.mqtt.client;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * A {@link BrokerSession} over Paho's MQTT 3.1.1 client, for devices and brokers that do not speak MQTT 5
 * ({@code mqtt.version = 3.1.1}). 3.1.1 has no Receive Maximum; Paho's own in-flight limit (10) applies.
 */
public final class Mqtt311Session extends BrokerSession {

    private static final int PAHO_MAX_INFLIGHT = 10;

    private final MqttConnectOptions options;
    private final MqttAsyncClient client;

    Mqtt311Session(BrokerSettings settings, String clientId, Will will, ScheduledExecutorService scheduler,
            long minBackoffMillis, long maxBackoffMillis, Listener listener) {
        super(settings, scheduler, minBackoffMillis, maxBackoffMillis, listener);
        this.options = settings.connectOptions311();
        options.setMaxInflight(PAHO_MAX_INFLIGHT);
        if (will != null) {
            options.setWill(will.topic(), will.payload(), will.qos(), will.retained());
        }
        try {
            client = new MqttAsyncClient(settings.url(), clientId, new MemoryPersistence());
        } catch (MqttException e) {
            throw new IllegalArgumentException("cannot create an MQTT client for " + settings.describe() + ": " + describe(e));
        }
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                lost(describe(cause));
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                listener.messageArrived(topic, message.getPayload());
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
    }

    @Override
    protected void connect() throws MqttException {
        client.connect(options, null, new IMqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                connectSucceeded(PAHO_MAX_INFLIGHT);
            }

            @Override
            public void onFailure(IMqttToken token, Throwable failure) {
                connectFailed(failure);
            }
        });
    }

    @Override
    protected boolean clientConnected() {
        return client.isConnected();
    }

    @Override
    protected boolean connectInProgress(Exception e) {
        return e instanceof MqttException m && m.getReasonCode() == MqttException.REASON_CODE_CONNECT_IN_PROGRESS;
    }

    @Override
    public CompletableFuture<Void> publish(String topic, byte[] payload, int qos, boolean retain) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            client.publish(topic, payload, qos, retain, null, completing(done, token -> null));
        } catch (MqttException e) {
            done.completeExceptionally(new BrokerException(e.getReasonCode(), describe(e)));
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
        }
        return done;
    }

    @Override
    public CompletableFuture<Void> subscribe(String[] filters, int qos) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (filters.length == 0) {
            done.complete(null);
            return done;
        }
        int[] qoss = new int[filters.length];
        Arrays.fill(qoss, qos);
        try {
            client.subscribe(filters, qoss, null, completing(done, token -> subscriptionRefusal(filters, token.getGrantedQos())));
        } catch (MqttException e) {
            done.completeExceptionally(new BrokerException(e.getReasonCode(), describe(e)));
        }
        return done;
    }

    /** Completes {@code done} from Paho's callback; {@code refusal} may turn a success into a broker's refusal. */
    private static IMqttActionListener completing(CompletableFuture<Void> done,
            java.util.function.Function<IMqttToken, BrokerException> refusal) {
        return new IMqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                BrokerException refused = refusal.apply(token);
                if (refused != null) {
                    done.completeExceptionally(refused);
                } else {
                    done.complete(null);
                }
            }

            @Override
            public void onFailure(IMqttToken token, Throwable failure) {
                done.completeExceptionally(new BrokerException(reasonCode(failure), describe(failure)));
            }
        };
    }

    @Override
    protected void disconnectAndRelease() {
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
