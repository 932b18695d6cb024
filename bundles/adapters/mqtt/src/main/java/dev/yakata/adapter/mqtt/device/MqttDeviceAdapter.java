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
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * The {@code mqtt} adapter: every device file naming {@code adapter = mqtt}, mapped by its {@code mqtt.*} settings and
 * {@code point.*.address} topics (docs/mqtt.md). Devices on the same broker share one session ({@link SharedSessions});
 * a device that names its own client id or subscribes wildcards has its own.
 */
@Component(service = {DeviceAdapter.class, MqttAdapterStatus.class}, property = DeviceAdapter.ADAPTER_ID + "=" + MqttDeviceAdapter.ID)
public class MqttDeviceAdapter implements DeviceAdapter, MqttAdapterStatus {

    public static final String ID = "mqtt";

    /** Device-file keys holding secrets: the hub never shows or logs their values. */
    static final Set<String> SECRETS = Set.of("mqtt.password", "mqtt.tls.truststore.password");

    private final Map<String, MqttDevice> open = new ConcurrentHashMap<>();
    private final Path etc;
    /** Connection attempts and retries of the shared sessions: one thread, each attempt is a quick hand-off to Paho. */
    private final ScheduledThreadPoolExecutor sessionScheduler = new ScheduledThreadPoolExecutor(1, r -> {
        Thread thread = new Thread(r, "yakata-mqtt-sessions");
        thread.setDaemon(true);
        return thread;
    });
    private final SharedSessions shared = new SharedSessions(sessionScheduler);

    public MqttDeviceAdapter() {
        this(Path.of(System.getProperty("karaf.etc", "etc")));
    }

    /** For tests: trust stores are resolved against {@code etc}. */
    public MqttDeviceAdapter(Path etc) {
        this.etc = etc;
        // The sessions' thread is there only while an attempt is due: an adapter that drives no device (or whose
        // devices are all connected) holds none, and a closed device leaves none behind.
        sessionScheduler.setKeepAliveTime(1, java.util.concurrent.TimeUnit.SECONDS);
        sessionScheduler.allowCoreThreadTimeOut(true);
        sessionScheduler.setRemoveOnCancelPolicy(true);
    }

    @Override
    public DeviceHandler open(DeviceDefinition device, DeviceContext context) {
        MqttDevice mqtt = new MqttDevice(context, MqttDeviceSettings.of(device, etc), (settings, member) ->
                SharedSessions.mayShare(settings, member.filters()) ? shared.join(settings, member)
                        : new OwnSession(settings, member, context.scheduler()));
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

    /** Devices still open when the adapter goes lose their session here, so no retry outlives the scheduler. */
    @Deactivate
    void deactivate() {
        shared.closeAll();
        sessionScheduler.shutdownNow();
    }

    @Override
    public Map<String, Integer> sharedSessions() {
        return shared.membersByBroker();
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
