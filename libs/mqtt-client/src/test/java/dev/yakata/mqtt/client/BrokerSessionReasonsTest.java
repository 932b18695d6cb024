package dev.yakata.mqtt.client;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.EOFException;
import java.net.SocketException;
import java.nio.file.Path;
import org.junit.Test;

/** The sentences a session gives for its failures, as the status lines and the bridge's log show them. */
public class BrokerSessionReasonsTest {

    @Test
    public void aLostConnectionSaysWhyWhenTheClientGivesACauseWithoutAMessage() {
        // Paho's "connection lost" with the EOFException a broker's closed socket leaves: once printed as "(null)".
        String mqtt5 = BrokerSession.describe(new org.eclipse.paho.mqttv5.common.MqttException(32109, new EOFException()));
        String mqtt311 = BrokerSession.describe(new org.eclipse.paho.client.mqttv3.MqttException(32109, new EOFException()));
        assertEquals("connection was lost (the broker closed the socket without a DISCONNECT)", mqtt5);
        assertEquals(mqtt5, mqtt311);
        assertFalse(mqtt5.contains("null"));
    }

    @Test
    public void aLostConnectionNamesTheWholeCauseChain() {
        String reason = BrokerSession.describe(new org.eclipse.paho.mqttv5.common.MqttException(32109,
                new SocketException("Connection reset")));
        assertEquals("connection was lost (Connection reset)", reason);
        String bare = BrokerSession.describe(new org.eclipse.paho.mqttv5.common.MqttException(32109));
        assertTrue(bare, bare.startsWith("connection was lost (the client saw the connection end"));
    }

    @Test
    public void aBrokersDisconnectReasonCodeIsNamed() {
        assertEquals("session taken over: another client connected with the same client id", BrokerSession.disconnectReason(0x8E));
        assertEquals("server shutting down", BrokerSession.disconnectReason(0x8B));
    }

    @Test
    public void settingsNeverPrintTheirPasswords() {
        BrokerSettings settings = new BrokerSettings("ssl://127.0.0.1:8883", "hub", "broker-secret", Path.of("ca.pem"),
                "store-secret", 30, 10);
        assertFalse(settings.toString(), settings.toString().contains("secret"));
        assertEquals("hub@ssl://127.0.0.1:8883", settings.describe());
    }

    @Test
    public void settingsWithoutAPositiveConnectTimeoutAreRefused() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> new BrokerSettings("tcp://127.0.0.1:1883", null, null, null, null, 30, 0));
        assertTrue(refused.getMessage(), refused.getMessage().contains("connect timeout 0 s is not positive"));
    }
}
