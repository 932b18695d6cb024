package dev.yakata.alarms.internal;

import dev.yakata.alarms.rules.AlarmConfig;
import dev.yakata.alarms.rules.AlarmEngine;
import dev.yakata.api.device.PointValue;
import dev.yakata.api.device.Quality;
import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventListener;
import dev.yakata.api.event.EventTypes;
import dev.yakata.bus.api.EventBus;
import dev.yakata.core.api.DeviceRegistry;
import dev.yakata.core.api.ProfileRegistry;
import dev.yakata.store.api.EventStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alarm engine put together: the files kept in force, the engine fed by the bus, its clock ticking, its record
 * rebuilt from the store at the first good load, and the {@code alarms} device. Two threads of its own:
 * {@code yakata-alarms-engine} (files, ticks, the rebuild) and {@code yakata-alarms-record} (operators' questions to
 * the store); bus events are evaluated on the bus listener's thread, under the engine's lock.
 */
final class AlarmsRuntime {

    private static final Logger LOG = LoggerFactory.getLogger(AlarmsRuntime.class);

    private final AlarmSettings settings;
    private final DeviceRegistry registry;
    private final Clock clock;
    private final AlarmEngine engine;
    private final AlarmFiles files;
    private final AlarmRecord record;
    private final ScheduledExecutorService engineThread;
    private final ExecutorService recordThread;
    private volatile boolean restored;
    private volatile String restoreNote = "not yet: no alarm files in force";

    AlarmsRuntime(AlarmSettings settings, EventBus bus, DeviceRegistry registry, ProfileRegistry profiles, Clock clock) {
        this.settings = settings;
        this.registry = registry;
        this.clock = clock;
        this.engine = new AlarmEngine(bus::publish, settings.zone());
        this.record = new AlarmRecord(clock);
        this.files = new AlarmFiles(settings.configDir(), () -> RegistryCatalog.of(registry, profiles), this::apply,
                bus, clock);
        this.engineThread = Executors.newSingleThreadScheduledExecutor(r -> thread(r, "yakata-alarms-engine"));
        this.recordThread = Executors.newSingleThreadExecutor(r -> thread(r, "yakata-alarms-record"));
    }

    private static Thread thread(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    void start() {
        engineThread.scheduleWithFixedDelay(this::poll, 0, settings.poll().toMillis(), TimeUnit.MILLISECONDS);
        engineThread.scheduleAtFixedRate(this::tick, settings.tick().toMillis(), settings.tick().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void poll() {
        try {
            files.poll();
        } catch (RuntimeException e) {
            LOG.error("Alarms: checking the alarm files failed", e);
        }
    }

    private void tick() {
        try {
            engine.tick(clock.instant());
        } catch (RuntimeException e) {
            LOG.error("Alarms: the engine's tick failed", e);
        }
    }

    /** Puts a good load in force; the first one also rebuilds the alarms from the record. On the engine thread. */
    private void apply(AlarmConfig config, RegistryCatalog catalog) {
        if (!restored) {
            restored = true;
            // The record is read before the engine has any condition, and the conditions and the record are put in
            // force under the engine's lock in one step: a point change arriving while the store catches up must not
            // meet a condition without its recorded state (it would raise, again, an alarm already acknowledged).
            List<Event> events = readRecord();
            synchronized (engine) {
                engine.configure(config, catalog, clock.instant());
                if (events != null) {
                    Set<String> skipped = engine.restore(events, clock.instant());
                    restoreNote = restoreNote + (skipped.isEmpty() ? "" : "; skipped alarms no longer configured: "
                            + skipped);
                    LOG.info("Alarms: {}", restoreNote);
                    engineThread.schedule(this::closeUnbound, UNBOUND_GRACE.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
        } else {
            engine.configure(config, catalog, clock.instant());
        }
        feedCurrentValues();
    }

    /** Recorded alarms whose device file has not come this long after the rebuild are closed (see the engine). */
    static final Duration UNBOUND_GRACE = Duration.ofMinutes(2);

    private void closeUnbound() {
        try {
            Set<String> closed = engine.closeUnbound(clock.instant());
            if (!closed.isEmpty()) {
                LOG.warn("Alarms: closed recorded alarms whose device was not loaded within {} s of the restart: {}",
                        UNBOUND_GRACE.toSeconds(), closed);
            }
        } catch (RuntimeException e) {
            LOG.error("Alarms: closing the recorded alarms of devices that did not come back failed", e);
        }
    }

    /** The alarm events of the last historyDays, once the store has caught up; null without a record. */
    private List<Event> readRecord() {
        Instant now = clock.instant();
        try {
            EventStore store = record.caughtUp(settings.storeWait());
            if (store == null) {
                restoreNote = "no event store: the alarms started from the current values only";
                LOG.warn("Alarms: {}", restoreNote);
                return null;
            }
            long behind = store.status().connected() ? store.status().journalLag() : -1;
            List<Event> events = AlarmRecord.all(store, now.minus(settings.history()), now.plusSeconds(1));
            restoreNote = "rebuilt from " + events.size() + " alarm events of the last " + settings.history().toDays()
                    + " days"
                    + (behind == 0 ? "" : behind < 0 ? "; the store was not connected after " + settings.storeWait()
                            .toSeconds() + " s (storeWaitSeconds), so the latest alarm changes may be missing"
                            : "; the store was still " + behind + " events behind the journal after "
                                    + settings.storeWait().toSeconds() + " s (storeWaitSeconds)");
            return events;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (RuntimeException e) {
            restoreNote = "the record could not be read (" + e.getMessage() + "): the alarms started from the current "
                    + "values only";
            LOG.warn("Alarms: {}", restoreNote);
            return null;
        }
    }

    /** The registry's latest value of every watched point, so the engine decides from now, not from the next change. */
    private void feedCurrentValues() {
        Instant now = clock.instant();
        for (Map.Entry<String, Set<String>> device : engine.watchedPoints().entrySet()) {
            Map<String, PointValue> values = registry.values(device.getKey());
            for (String point : device.getValue()) {
                PointValue value = values.get(point);
                if (value != null) {
                    engine.onPoint(device.getKey(), point, value.value(), value.quality(), now);
                }
            }
        }
    }

    /** The bus listener: point changes and every other event. */
    EventListener listener() {
        return event -> {
            if (EventTypes.POINT_CHANGED.equals(event.type())) {
                Object point = event.data().get("point");
                Object quality = event.data().get("quality");
                engine.onPoint(event.source(), point == null ? event.subject() : String.valueOf(point),
                        event.data().get("value"), quality(quality), clock.instant());
            } else {
                engine.onEvent(event, clock.instant());
            }
        };
    }

    private static Quality quality(Object text) {
        if (text == null) {
            return Quality.GOOD;
        }
        try {
            return Quality.valueOf(String.valueOf(text));
        } catch (IllegalArgumentException e) {
            return Quality.BAD;
        }
    }

    /** The adapter id of the in-hub {@code alarms} device. */
    static final String ADAPTER = "alarms";

    dev.yakata.core.api.InHubAdapter adapter() {
        return new dev.yakata.core.api.InHubAdapter(ADAPTER, dev.yakata.api.profile.Profiles.ALARM_MANAGEMENT, () -> new AlarmsDevice(engine, files, record, settings, clock, recordThread,
                () -> restoreNote));
    }

    AlarmRecord record() {
        return record;
    }

    AlarmEngine engine() {
        return engine;
    }

    AlarmFiles.Status status() {
        return files.status();
    }

    boolean restored() {
        return restored;
    }

    /**
     * Stops the threads without interrupting them first: an interrupt in the middle of a publish would close the
     * journal's file channel under the bus (NIO closes a channel its interrupted writer was using). A thread still busy
     * after 5 s (a store query) is interrupted then.
     */
    void close() {
        record.close();
        engineThread.shutdown();
        recordThread.shutdown();
        try {
            if (!engineThread.awaitTermination(5, TimeUnit.SECONDS)) {
                engineThread.shutdownNow();
            }
            if (!recordThread.awaitTermination(5, TimeUnit.SECONDS)) {
                recordThread.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
