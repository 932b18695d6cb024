package dev.yakata.mqtt.bridge.status;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What the northbound MQTT bridge tells an operator, as a service for its shell command (a bundle of its own that
 * installs only where the Karaf shell is).
 */
@ProviderType
public interface MqttBridgeStatus {

    /**
     * One line: the broker and why it is not connected, the journal cursor's lag, what was published, what failed
     * and why, and how much telemetry was shed.
     */
    String summary();
}
