package dev.yakata.mqtt.client;

import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.TimerPingSender;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/** A {@link BrokerSession} over Paho's MQTT 5 client: the default for devices and the bridge. */
public final class Mqtt5Session extends BrokerSession {

    private final MqttConnectionOptions options;

    Mqtt5Session(BrokerSettings settings, String clientId, Will will, ScheduledExecutorService scheduler,
            long minBackoffMillis, long maxBackoffMillis, Listener listener) {
        super(settings, clientId, scheduler, minBackoffMillis, maxBackoffMillis, listener);
        this.options = settings.connectionOptions();
        if (will != null) {
            MqttMessage message = new MqttMessage(will.payload());
            message.setQos(will.qos());
            message.setRetained(will.retained());
            options.setWill(will.topic(), message);
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
                    new TimerPingSender(attempt.threads()), attempt.threads());
            client.setCallback(new Callback(attempt));
        }

        @Override
        public void connect() throws MqttException {
            // Attempts follow one another, so the options can be shared: Paho takes the factory in connect().
            options.setSocketFactory(attempt.sockets());
            client.connect(options, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    sendTopicsInFull();
                    Integer limit = token.getResponseProperties() == null ? null : token.getResponseProperties().getReceiveMaximum();
                    attempt.connected(limit == null ? 65_535 : limit);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable failure) {
                    attempt.connectFailed(failure);
                }
            });
        }

        /**
         * Turns off Paho's topic aliases for what this client sends. Paho 1.2.5 registers a topic's alias before it checks
         * the broker's Receive Maximum, so a publish refused for a full window leaves an alias the broker never learnt,
         * and the next publish to that topic carries only the alias: the broker ends the session with a protocol error
         * (0x82). Paho offers no option for it (the broker's CONNACK sets the limit), so this sets the connection's limit
         * to 0 before anything is published on it. Aliases save a few bytes per message; the hub's links do not need them.
         */
        private void sendTopicsInFull() {
            try {
                java.lang.reflect.Field field = MqttAsyncClient.class.getDeclaredField("mqttConnection");
                field.setAccessible(true);
                ((org.eclipse.paho.mqttv5.client.internal.MqttConnectionState) field.get(client)).setOutgoingTopicAliasMaximum(0);
            } catch (ReflectiveOperationException | RuntimeException e) {
                // Only another Paho version gets here (BrokerSessionRestartTest fails on it); the session still works,
                // with the old risk.
            }
        }

        @Override
        public boolean isConnected() {
            return client.isConnected();
        }

        @Override
        public void startPublish(String topic, byte[] payload, int qos, boolean retain, Completion done) throws MqttException {
            // An MQTT 5 broker may refuse a QoS 1 publish in its PUBACK (e.g. its ACL): that is not a delivery.
            client.publish(topic, payload, qos, retain, null, ending(done, token -> {
                int[] codes = token.getReasonCodes();
                return codes != null && codes.length > 0 && codes[0] >= 0x80 ? new BrokerException(codes[0],
                        "refused the publish to '" + topic + "' (reason code 0x" + Integer.toHexString(codes[0])
                                + ", e.g. not authorized by the broker's ACL)") : null;
            }));
        }

        @Override
        public void startSubscribe(String[] filters, int[] qos, Completion done) throws MqttException {
            client.subscribe(filters, qos, null, ending(done, token -> subscriptionRefusal(filters, token.getReasonCodes())));
        }

        @Override
        public void startUnsubscribe(String[] filters, Completion done) throws MqttException {
            client.unsubscribe(filters, null, ending(done, token -> null), new MqttProperties());
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
    private static MqttActionListener ending(Completion done, Function<IMqttToken, BrokerException> refusal) {
        return new MqttActionListener() {
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

    private static final class Callback implements MqttCallback {
        private final Attempt attempt;

        Callback(Attempt attempt) {
            this.attempt = attempt;
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            attempt.lost(response.getException() != null ? describe(response.getException())
                    : "closed the connection (reason code 0x" + Integer.toHexString(response.getReturnCode()) + ", "
                    + disconnectReason(response.getReturnCode())
                    + (response.getReasonString() == null ? "" : ": " + response.getReasonString()) + ")");
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            // reported through disconnected() when it ends the session
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            attempt.messageArrived(topic, message.getPayload());
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
}
