package dev.yakata.shutters.internal;

import dev.yakata.api.adapter.DeviceAdapter;
import dev.yakata.bus.api.EventBus;
import dev.yakata.core.api.DeviceRegistry;
import dev.yakata.shutters.rules.ShuttersConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shutter supervision put together: the file and its reload, the supervisor (machines, interlock, group
 * commands), the daily closing and the {@code shutters} device. Free of OSGi, so a test runs it whole over the core's
 * real registry; {@link ShuttersComponent} registers its listener, interlock and adapter.
 *
 * <p>Threads, all stopped by {@link #close()}: {@code yakata-shutters-supervision} (every machine and group run, and
 * the travel deadlines every {@code tickMillis}), {@code yakata-shutters-config} (the file, every {@code pollMillis})
 * and {@code yakata-shutters-schedule} (the daily closing, every second).
 */
final class ShuttersRuntime implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ShuttersRuntime.class);

    /** Where the runtime reads and keeps things, and how often it looks. */
    record Settings(Path file, Path stateDir, ZoneId zone, long pollMillis, long tickMillis) {
    }

    private final Settings settings;
    private final ScheduledExecutorService supervisionThread = thread("yakata-shutters-supervision");
    private final ScheduledExecutorService configThread = thread("yakata-shutters-config");
    private final ScheduledExecutorService scheduleThread = thread("yakata-shutters-schedule");
    private final ShuttersFile file;
    private final ShutterSupervisor supervisor;
    private final ClosingSchedule schedule;
    static final String ADAPTER = "shutters";
    static final String DEVICE = "shutters";
    static final String PROFILE = "shutter-control";

    private final dev.yakata.core.api.InHubAdapter adapter;

    ShuttersRuntime(Settings settings, EventBus bus, DeviceRegistry registry, Clock clock) {
        this.settings = settings;
        this.supervisor = new ShutterSupervisor(registry, bus, supervisionThread, ShuttersConfig.empty(settings.zone()));
        this.file = new ShuttersFile(settings.file(), settings.zone(), supervisor::configure, bus, clock);
        this.schedule = new ClosingSchedule(supervisor::config, registry, bus, clock,
                settings.stateDir().resolve("postponed-closing.properties"));
        this.adapter = new dev.yakata.core.api.InHubAdapter(ADAPTER, PROFILE, () -> new ShuttersDevice(supervisor, schedule, file::status));
    }

    /** Reads the file now, then starts the threads. */
    void start() {
        file.poll();
        supervisionThread.execute(supervisor::refresh);
        supervisionThread.scheduleWithFixedDelay(guarded("supervision", supervisor::tick), settings.tickMillis(),
                settings.tickMillis(), TimeUnit.MILLISECONDS);
        supervisionThread.scheduleWithFixedDelay(guarded("refresh", supervisor::refresh), 1, 1, TimeUnit.SECONDS);
        configThread.scheduleWithFixedDelay(guarded("reload", file::poll), settings.pollMillis(), settings.pollMillis(),
                TimeUnit.MILLISECONDS);
        scheduleThread.scheduleWithFixedDelay(guarded("schedule", schedule::tick), 1, 1, TimeUnit.SECONDS);
    }

    ShutterSupervisor supervisor() {
        return supervisor;
    }

    ClosingSchedule schedule() {
        return schedule;
    }

    ShuttersFile file() {
        return file;
    }

    DeviceAdapter adapter() {
        return adapter;
    }

    @Override
    public void close() {
        for (ScheduledExecutorService thread : List.of(configThread, scheduleThread, supervisionThread)) {
            thread.shutdown();
        }
        for (ScheduledExecutorService thread : List.of(configThread, scheduleThread, supervisionThread)) {
            try {
                if (!thread.awaitTermination(5, TimeUnit.SECONDS)) {
                    thread.shutdownNow();
                }
            } catch (InterruptedException e) {
                thread.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A periodic task that logs what it throws instead of being cancelled by it. */
    private static Runnable guarded(String task, Runnable work) {
        return () -> {
            try {
                work.run();
            } catch (RuntimeException e) {
                LOG.warn("Shutters: the {} task failed: {}", task, e.toString(), e);
            }
        };
    }

    private static ScheduledExecutorService thread(String name) {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, name);
            thread.setDaemon(true);
            return thread;
        });
    }
}
