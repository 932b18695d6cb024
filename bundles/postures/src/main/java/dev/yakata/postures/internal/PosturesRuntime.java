package dev.yakata.postures.internal;

import dev.yakata.api.adapter.DeviceAdapter;
import dev.yakata.bus.api.EventBus;
import dev.yakata.core.api.DeviceRegistry;
import dev.yakata.core.api.ProfileRegistry;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The postures put together: the file watch, the preview tokens, the runs and the {@code postures} device's adapter.
 * Free of OSGi so a test runs it whole. Threads: {@code yakata-postures-config} (the file and the registry's devices,
 * every {@code pollMillis}) and {@code yakata-postures-run} (issues each step's commands; the outcomes come back on the
 * core's threads and hand the next step to it).
 */
final class PosturesRuntime implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PosturesRuntime.class);

    static final java.time.Duration STARTUP_QUIET = java.time.Duration.ofSeconds(30);

    private final PosturesSettings settings;
    private final PostureFileWatch file;
    private final PostureRuns runs;
    static final String ADAPTER = "postures";
    static final String PROFILE = "postures";
    /** The device id the shipped file gives it, and the source of the postures' events. */
    static final String DEVICE = "postures";

    private final dev.yakata.core.api.InHubAdapter adapter;
    private final ScheduledExecutorService configThread = thread("yakata-postures-config");
    private final ScheduledExecutorService runThread = thread("yakata-postures-run");

    PosturesRuntime(PosturesSettings settings, EventBus bus, DeviceRegistry registry, ProfileRegistry profiles,
            Clock clock) {
        this(settings, bus, registry, profiles, clock, STARTUP_QUIET);
    }

    /** @param startupQuiet how long after start a refused file is kept quiet (the devices may still be arriving) */
    PosturesRuntime(PosturesSettings settings, EventBus bus, DeviceRegistry registry, ProfileRegistry profiles,
            Clock clock, java.time.Duration startupQuiet) {
        this.settings = settings;
        // The device files come up after this bundle at boot: a posture naming a device waits quietly for a while.
        this.file = new PostureFileWatch(settings.file(), registry, profiles, bus, clock.instant().plus(startupQuiet));
        this.runs = new PostureRuns(registry, bus, runThread, settings.commandWait());
        PreviewTokens tokens = new PreviewTokens(clock, settings.tokenLife());
        this.adapter = new dev.yakata.core.api.InHubAdapter(ADAPTER, PROFILE, () -> new PosturesDevice(file, registry, tokens, runs));
    }

    /** Reads the file now, then watches it. */
    void start() {
        file.poll();
        configThread.scheduleWithFixedDelay(() -> {
            try {
                file.poll();
            } catch (RuntimeException e) {
                LOG.warn("Postures: checking {} failed: {}", settings.file(), e.toString());
            }
        }, settings.pollMillis(), settings.pollMillis(), TimeUnit.MILLISECONDS);
    }

    DeviceAdapter adapter() {
        return adapter;
    }

    PostureFileWatch file() {
        return file;
    }

    PostureRuns runs() {
        return runs;
    }

    /** Stops the threads; a run under way issues no further step. */
    @Override
    public void close() {
        configThread.shutdownNow();
        runThread.shutdown();
        try {
            if (!runThread.awaitTermination(5, TimeUnit.SECONDS)) {
                runThread.shutdownNow();
            }
        } catch (InterruptedException e) {
            runThread.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static ScheduledExecutorService thread(String name) {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, name);
            thread.setDaemon(true);
            return thread;
        });
    }
}
