package dev.yakata.mqtt.client;

import java.util.function.BiConsumer;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/** A Paho MQTT 5 callback for test peers and consumers that only care about arriving messages. */
public final class OnMessage implements MqttCallback {

    /** Handles one message; an exception is Paho's to log (it then closes the connection). */
    public interface Handler {
        void handle(String topic, MqttMessage message) throws Exception;
    }

    private final Handler handler;

    public OnMessage(Handler handler) {
        this.handler = handler;
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) throws Exception {
        handler.handle(topic, message);
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
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
