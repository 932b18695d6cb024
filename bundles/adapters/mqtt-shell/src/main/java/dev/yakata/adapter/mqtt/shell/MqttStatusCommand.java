package dev.yakata.adapter.mqtt.shell;

import dev.yakata.adapter.mqtt.status.MqttAdapterStatus;
import java.util.Map;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code yakata:mqtt-status}: what each MQTT device received and dropped. The bridge has {@code yakata:mqtt-bridge-status}. */
@Service
@Command(scope = "yakata", name = "mqtt-status",
        description = "Shows what each MQTT device received and dropped (the northbound bridge: mqtt-bridge-status)")
public class MqttStatusCommand implements Action {

    @Reference
    MqttAdapterStatus adapter;

    @Override
    public Object execute() {
        Map<String, String> counts = adapter.deviceCounts();
        if (counts.isEmpty()) {
            System.out.println("No MQTT devices are open.");
        }
        counts.forEach((device, line) -> System.out.println(device + ": " + line));
        adapter.sharedSessions().forEach((session, devices) ->
                System.out.println("shared session " + session + ": " + devices + (devices == 1 ? " device" : " devices")));
        return null;
    }
}
