package dev.yakata.adapter.onvif.internal;

import dev.yakata.adapter.onvif.snapshot.CameraSnapshots;
import dev.yakata.adapter.onvif.snapshot.Snapshot;
import dev.yakata.adapter.onvif.snapshot.SnapshotException;
import dev.yakata.api.adapter.DeviceAdapter;
import dev.yakata.api.adapter.DeviceContext;
import dev.yakata.api.adapter.DeviceHandler;
import dev.yakata.api.command.Command;
import dev.yakata.api.command.CommandOutcome;
import dev.yakata.api.device.DeviceDefinition;
import java.net.http.HttpClient;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * The {@code onvif} adapter: entrance cameras, ONVIF ({@code camera.protocol = onvif}) or a plain HTTP snapshot URL
 * ({@code camera.protocol = http}); see docs/cctv.md. Also the {@link CameraSnapshots} service the hub asks for pictures.
 * All camera I/O runs on this adapter's own threads ({@code yakata-onvif-io-N}), never the hub's.
 */
@Component(service = {DeviceAdapter.class, CameraSnapshots.class}, property = DeviceAdapter.ADAPTER_ID + "=" + OnvifAdapter.ID)
public class OnvifAdapter implements DeviceAdapter, CameraSnapshots {

    public static final String ID = "onvif";

    private final Map<String, Camera> open = new ConcurrentHashMap<>();
    /** Completions of the HTTP exchanges and XML parsing; no task blocks, so two threads carry many cameras. */
    private final ThreadPoolExecutor io;
    /** One HTTP client for every camera: one selector thread, connections pooled per camera host. */
    private final HttpClient http;

    public OnvifAdapter() {
        AtomicInteger n = new AtomicInteger();
        io = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread thread = new Thread(r, "yakata-onvif-io-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        io.allowCoreThreadTimeOut(true);
        http = BoundedHttp.client(io);
    }

    @Override
    public DeviceHandler open(DeviceDefinition device, DeviceContext context) {
        CameraSettings settings = CameraSettings.of(device);
        Camera camera = new Camera(context, settings, http, io);
        open.put(device.id(), camera);
        camera.start();
        return new DeviceHandler() {
            @Override
            public CompletionStage<CommandOutcome> execute(Command command) {
                return camera.execute(command);
            }

            @Override
            public void close() {
                open.remove(device.id(), camera);
                camera.close();
            }
        };
    }

    @Override
    public Set<String> secretSettings() {
        return CameraSettings.SECRETS;
    }

    @Override
    public CompletionStage<Snapshot> snapshot(String deviceId) {
        Camera camera = open.get(deviceId);
        if (camera == null) {
            return CompletableFuture.failedFuture(new SnapshotException("no camera " + deviceId
                    + " is open on the onvif adapter; check its device file (adapter = onvif) and yakata:device-list"));
        }
        return camera.snapshot();
    }

    @Override
    public Map<String, String> cameraCounts() {
        Map<String, String> out = new TreeMap<>();
        open.forEach((id, camera) -> out.put(id, camera.describeCounts()));
        return out;
    }

    @Deactivate
    void deactivate() {
        io.shutdownNow();
    }
}
