package dev.yakata.mqtt.bridge.shell;

import dev.yakata.mqtt.bridge.status.MqttBridgeStatus;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code yakata:mqtt-bridge-status}: the northbound bridge's broker state, journal lag and counters. */
@Service
@Command(scope = "yakata", name = "mqtt-bridge-status",
        description = "Shows the northbound MQTT bridge: broker state, journal cursor lag, published, failed, telemetry shed")
public class MqttBridgeStatusCommand implements Action {

    @Reference(optional = true)
    MqttBridgeStatus bridge;

    @Override
    public Object execute() {
        System.out.println(bridge == null
                ? "The bridge is not running: configure etc/dev.yakata.mqtt.bridge.cfg (enabled = true, broker.url)"
                : bridge.summary());
        return null;
    }
}
