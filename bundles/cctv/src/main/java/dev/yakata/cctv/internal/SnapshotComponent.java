package dev.yakata.cctv.internal;

import dev.yakata.adapter.onvif.snapshot.CameraSnapshots;
import dev.yakata.api.adapter.DeviceAdapter;
import dev.yakata.api.event.EventListener;
import dev.yakata.core.api.InHubAdapter;
import dev.yakata.bus.api.EventBus;
import java.time.Clock;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The snapshot store as a DS component ({@code etc/dev.yakata.cctv.cfg}, optional): the door-event listener, the
 * entrances file checked every 2 s, and the daily retention (first a minute after start). The camera adapter's
 * {@link CameraSnapshots} is optional and dynamic: without it a door event gets {@code camera.snapshot-failed}.
 */
@Component(service = {}, immediate = true, configurationPid = "dev.yakata.cctv")
@Designate(ocd = SnapshotOptions.class)
public final class SnapshotComponent {

    static final String ADAPTER = "cctv";
    static final String PROFILE = "snapshots";

    private final ScheduledExecutorService timer;
    private final SnapshotTaker taker;
    private final ServiceRegistration<EventListener> listener;
    private final ServiceRegistration<DeviceAdapter> adapter;
    private final java.util.concurrent.ExecutorService fileThread;
    private volatile CameraSnapshots cameras;

    @Activate
    public SnapshotComponent(@Reference EventBus bus, SnapshotOptions options, BundleContext context) {
        SnapshotSettings settings = SnapshotSettings.from(options, context::getProperty);
        Clock clock = Clock.system(settings.zone());
        EntranceFile entrances = new EntranceFile(settings.entrancesFile(), bus);
        entrances.check();
        taker = new SnapshotTaker(bus, entrances::current, () -> cameras,
                new SnapshotTaker.SnapshotFolder(settings.folder()), settings, clock);
        Retention retention = new Retention(settings.folder(), settings.retentionDays(), clock, bus);
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "yakata-cctv-timer");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(guarded(entrances::check), 2, 2, TimeUnit.SECONDS);
        timer.scheduleAtFixedRate(guarded(retention::run), 60, TimeUnit.DAYS.toSeconds(1), TimeUnit.SECONDS);
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(EventListener.EVENT_TYPES, SnapshotTaker.TRIGGERS.toArray(String[]::new));
        props.put(EventListener.QUEUE_SIZE, 1_000);
        props.put("yakata.event.listener.name", "cctv");
        listener = context.registerService(EventListener.class, taker, props);
        fileThread = new java.util.concurrent.ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS,
                new java.util.concurrent.ArrayBlockingQueue<>(64), r -> {
                    Thread t = new Thread(r, "yakata-cctv-files");
                    t.setDaemon(true);
                    return t;
                });
        InHubAdapter snapshots = adapter(settings, clock, fileThread);
        Dictionary<String, Object> adapterProps = new Hashtable<>();
        adapterProps.put(DeviceAdapter.ADAPTER_ID, snapshots.adapterId());
        adapter = context.registerService(DeviceAdapter.class, snapshots, adapterProps);
    }

    /** The adapter of the in-hub device {@code snapshots} (profile {@code snapshots}): list and open, by the policy. */
    static InHubAdapter adapter(SnapshotSettings settings, Clock clock, java.util.concurrent.Executor fileThread) {
        return new InHubAdapter(ADAPTER, PROFILE, () -> new SnapshotsDevice(settings.folder(), settings.exportFolder(),
                settings.zone(), clock, fileThread));
    }

    private static Runnable guarded(Runnable job) {
        return () -> {
            try {
                job.run();
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(SnapshotComponent.class).warn("cctv timer job failed: {}", e.toString(), e);
            }
        };
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindCameras(CameraSnapshots service) {
        cameras = service;
    }

    void unbindCameras(CameraSnapshots service) {
        if (cameras == service) {
            cameras = null;
        }
    }

    @Deactivate
    void deactivate() {
        try {
            adapter.unregister();
            listener.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the bundle is stopping and the framework took it first
        }
        timer.shutdownNow();
        fileThread.shutdownNow();
        taker.close();
    }
}
