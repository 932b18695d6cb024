package dev.yakata.mqtt.client;

import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.ScheduledExecutorPingSender;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * A {@link BrokerSession} over Paho's MQTT 3.1.1 client, for devices and brokers that do not speak MQTT 5
 * ({@code mqtt.version = 3.1.1}). 3.1.1 has no Receive Maximum; Paho's own in-flight limit (10) applies.
 */
public final class Mqtt311Session extends BrokerSession {

    private static final int PAHO_MAX_INFLIGHT = 10;

    private final MqttConnectOptions options;

    Mqtt311Session(BrokerSettings settings, String clientId, Will will, ScheduledExecutorService scheduler,
            long minBackoffMillis, long maxBackoffMillis, Listener listener) {
        super(settings, clientId, scheduler, minBackoffMillis, maxBackoffMillis, listener);
        this.options = settings.connectOptions311();
        options.setMaxInflight(PAHO_MAX_INFLIGHT);
        if (will != null) {
            options.setWill(will.topic(), will.payload(), will.qos(), will.retained());
        }
        try {
            // Paho checks the URL and the client id when it makes a client: fail here, not at every attempt.
            new MqttAsyncClient(settings.url(), clientId, new MemoryPersistence()).close();
        } catch (MqttException e) {
            throw new IllegalArgumentException("cannot create an MQTT client for " + settings.describe() + ": " + describe(e));
        }
    }

    @Override
    Client newClient(Attempt attempt) throws MqttException {
        return new Paho(attempt);
    }

    /** One attempt's Paho client. */
    private final class Paho implements Client {
        private final Attempt attempt;
        private final MqttAsyncClient client;

        Paho(Attempt attempt) throws MqttException {
            this.attempt = attempt;
            client = new MqttAsyncClient(settings.url(), clientId, new MemoryPersistence(),
                    new ScheduledExecutorPingSender(attempt.threads()), attempt.threads());
            client.setCallback(new MqttCallback() {
                @Override
                public void connectionLost(Throwable cause) {
                    attempt.lost(describe(cause));
                }

                @Override
                public void messageArrived(String topic, MqttMessage message) {
                    attempt.messageArrived(topic, message.getPayload());
                }

                @Override
                public void deliveryComplete(IMqttDeliveryToken token) {
                }
            });
        }

        @Override
        public void connect() throws MqttException {
            // Attempts follow one another, so the options can be shared: Paho takes the factory in connect().
            options.setSocketFactory(attempt.sockets());
            client.connect(options, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    attempt.connected(PAHO_MAX_INFLIGHT);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable failure) {
                    attempt.connectFailed(failure);
                }
            });
        }

        @Override
        public boolean isConnected() {
            return client.isConnected();
        }

        @Override
        public void startPublish(String topic, byte[] payload, int qos, boolean retain, Completion done) throws MqttException {
            client.publish(topic, payload, qos, retain, null, ending(done, token -> null));
        }

        @Override
        public void startSubscribe(String[] filters, int[] qos, Completion done) throws MqttException {
            client.subscribe(filters, qos, null, ending(done, token -> subscriptionRefusal(filters, token.getGrantedQos())));
        }

        @Override
        public void startUnsubscribe(String[] filters, Completion done) throws MqttException {
            client.unsubscribe(filters, null, ending(done, token -> null));
        }

        @Override
        public void disconnect(long waitMillis) throws MqttException {
            client.disconnect(1000).waitForCompletion(waitMillis);
        }

        @Override
        public void closeForcibly() throws MqttException {
            try {
                client.disconnectForcibly(0, 0, false);
            } finally {
                client.close(true);
            }
        }

        @Override
        public Object paho() {
            return client;
        }
    }

    /** Paho's callback, ending {@code done}; {@code refusal} may turn a success into a broker's refusal. */
    private static IMqttActionListener ending(Completion done, Function<IMqttToken, BrokerException> refusal) {
        return new IMqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                done.succeeded(refusal.apply(token));
            }

            @Override
            public void onFailure(IMqttToken token, Throwable failure) {
                done.failed(failure);
            }
        };
    }
}
