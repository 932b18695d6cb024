package dev.yakata.adapter.mqtt.status;

import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What the MQTT device adapter tells an operator, as a service for its shell commands (a bundle of their own that
 * installs only where the Karaf shell is).
 */
@ProviderType
public interface MqttAdapterStatus {

    /** Per open device, sorted by id, one line: what it received, dropped and why. */
    Map<String, String> deviceCounts();

    /** Each session shared by several devices (broker, protocol version, client id), sorted, with how many devices it carries. */
    Map<String, Integer> sharedSessions();
}
