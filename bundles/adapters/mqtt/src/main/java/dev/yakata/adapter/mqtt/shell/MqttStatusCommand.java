package dev.yakata.adapter.mqtt.shell;

import dev.yakata.adapter.mqtt.bridge.NorthboundBridge;
import dev.yakata.adapter.mqtt.device.MqttDeviceAdapter;
import java.util.Map;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code yakata:mqtt-status}: the northbound bridge's broker state and outbox, and each MQTT device's message counts. */
@Service
@Command(scope = "yakata", name = "mqtt-status",
        description = "Shows the MQTT bridge (broker, outbox, published) and what each MQTT device received and dropped")
public class MqttStatusCommand implements Action {

    @Reference
    MqttDeviceAdapter adapter;

    @Reference(optional = true)
    NorthboundBridge bridge;

    @Override
    public Object execute() {
        System.out.println("Bridge: " + (bridge == null ? "not configured (etc/" + NorthboundBridge.PID + ".cfg)" : bridge.status()));
        Map<String, String> counts = adapter.counts();
        if (counts.isEmpty()) {
            System.out.println("No MQTT devices are open.");
        }
        counts.forEach((device, line) -> System.out.println(device + ": " + line));
        return null;
    }
}
