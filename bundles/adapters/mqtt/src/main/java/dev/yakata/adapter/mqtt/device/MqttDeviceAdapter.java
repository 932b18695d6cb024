package dev.yakata.adapter.mqtt.device;

import dev.yakata.adapter.mqtt.status.MqttAdapterStatus;
import dev.yakata.api.adapter.DeviceAdapter;
import dev.yakata.api.adapter.DeviceContext;
import dev.yakata.api.adapter.DeviceHandler;
import dev.yakata.api.device.DeviceDefinition;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code mqtt} adapter: every device file naming {@code adapter = mqtt} gets its own MQTT 5 session, mapped by
 * its {@code mqtt.*} settings and {@code point.*.address} topics (docs/mqtt.md).
 */
@Component(service = {DeviceAdapter.class, MqttAdapterStatus.class}, property = DeviceAdapter.ADAPTER_ID + "=" + MqttDeviceAdapter.ID)
public class MqttDeviceAdapter implements DeviceAdapter, MqttAdapterStatus {

    public static final String ID = "mqtt";

    /** Device-file keys holding secrets: the hub never shows or logs their values. */
    static final Set<String> SECRETS = Set.of("mqtt.password", "mqtt.tls.truststore.password");

    private final Map<String, MqttDevice> open = new ConcurrentHashMap<>();
    private final Path etc;

    public MqttDeviceAdapter() {
        this(Path.of(System.getProperty("karaf.etc", "etc")));
    }

    /** For tests: trust stores are resolved against {@code etc}. */
    public MqttDeviceAdapter(Path etc) {
        this.etc = etc;
    }

    @Override
    public DeviceHandler open(DeviceDefinition device, DeviceContext context) {
        MqttDevice mqtt = new MqttDevice(context, MqttDeviceSettings.of(device, etc));
        open.put(device.id(), mqtt);
        mqtt.start();
        return new DeviceHandler() {
            @Override
            public java.util.concurrent.CompletionStage<dev.yakata.api.command.CommandOutcome> execute(dev.yakata.api.command.Command command) {
                return mqtt.execute(command);
            }

            @Override
            public void close() {
                open.remove(device.id(), mqtt);
                mqtt.close();
            }
        };
    }

    @Override
    public Set<String> secretSettings() {
        return SECRETS;
    }

    /** Per open device, its inbound message counts (for {@code yakata:mqtt-status}). */
    @Override
    public Map<String, String> deviceCounts() {
        Map<String, String> counts = new java.util.TreeMap<>();
        open.forEach((id, device) -> counts.put(id, device.counts()));
        return counts;
    }
}
