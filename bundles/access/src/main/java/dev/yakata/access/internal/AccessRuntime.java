package dev.yakata.access.internal;

import dev.yakata.access.rules.AccessConfig;
import dev.yakata.api.adapter.DeviceAdapter;
import dev.yakata.api.event.EventListener;
import dev.yakata.bus.api.EventBus;
import dev.yakata.core.api.DeviceRegistry;
import dev.yakata.core.api.Pseudonyms;
import dev.yakata.store.api.EventStore;
import dev.yakata.util.log.RateLimitedLog;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Access control's runtime, put together: the rules and their reload, the swipe decisions, door supervision, fire
 * release and free passage, the operators' device, and the threads that drive them. Free of OSGi, so a test runs it
 * whole; {@link AccessComponent} registers its listeners and adapter.
 *
 * <p>Threads, all stopped by {@link #close()}: {@code yakata-access-config} (the folder, every {@code pollMillis}),
 * {@code yakata-access-supervision} (held-open, every 250 ms), {@code yakata-access-release} (fire inputs checked
 * against the registry, free-passage schedules and the renewed unlocks, every second) and {@code yakata-access-record} (what reads the store or a file: the operators'
 * record queries, the import, who-is-where at start). Swipes are decided on the bus's listener thread.
 */
final class AccessRuntime implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AccessRuntime.class);
    private static final RateLimitedLog TASK_FAILURES = new RateLimitedLog(LOG, Duration.ofSeconds(10));

    static final long SUPERVISION_MILLIS = 250;
    /** How soon a change seen in the access folder is looked at again, to read it once it has stopped moving. */
    static final long SETTLE_MILLIS = 50;
    static final long RELEASE_MILLIS = 1000;
    static final long RESTORE_RETRY_SECONDS = 30;

    private final AccessSettings settings;
    private final EngineRules rules;
    private final ConfigReload<AccessConfig> reload;
    private final DoorSupervisor supervisor;
    private final DoorHolds holds;
    private final FireRelease fire;
    private final FreePassage freePassage;
    private final SwipeDecisions swipes;
    private final DoorEvents doorEvents;
    private final OperatorChanges changes;
    private final SafetyModes modes;
    private final LocationRestore restore;
    /** The adapter id of the in-hub {@code access} device. */
    static final String ADAPTER = "access";

    private final dev.yakata.core.api.InHubAdapter adapter;
    private final ScheduledExecutorService configThread = thread("yakata-access-config");
    private final ScheduledExecutorService supervisionThread = thread("yakata-access-supervision");
    private final ScheduledExecutorService releaseThread = thread("yakata-access-release");
    private final ScheduledExecutorService recordThread = thread("yakata-access-record");
    private volatile Site site = Site.EMPTY;
    private volatile EventStore store;

    /**
     * @param loader   reads the access folder ({@code AccessConfig.load} with the core's card pseudonyms)
     * @param importer the CSV import of people and cards
     */
    AccessRuntime(AccessSettings settings, EventBus bus, DeviceRegistry registry, Pseudonyms pseudonyms, Clock clock,
            ConfigReload.Loader<AccessConfig> loader, PeopleImport importer) {
        this.settings = settings;
        DeviceLookup devices = new DeviceLookup(registry);
        DoorCommands commands = new DoorCommands(registry);
        this.reload = new ConfigReload<>(settings.configDir(), loader, this::apply, AccessRuntime::describe,
                AccessConfig::summary, bus, clock);
        this.rules = new EngineRules(settings.engineSettings(), () -> reload.status().sentence());
        this.holds = new DoorHolds(commands, clock);
        this.supervisor = new DoorSupervisor(bus, devices, holds::held, clock);
        this.fire = new FireRelease(holds, devices, bus);
        this.freePassage = new FreePassage(holds, clock, settings.zone(), () -> rules.lockdown());
        this.swipes = new SwipeDecisions(rules, commands, devices, pseudonyms, supervisor, bus, clock);
        this.doorEvents = new DoorEvents(supervisor, fire);
        this.changes = new OperatorChanges(rules, pseudonyms, new CardStateFile(settings.cardStateFile()),
                settings.zone());
        this.modes = new SafetyModes(rules, fire, freePassage::tick, settings.lockdownFile(), bus, clock);
        this.restore = new LocationRestore(rules, () -> store, clock.instant());
        AccessQueries queries = new AccessQueries(rules, () -> site, pseudonyms, reload::status, this::status, clock,
                settings.zone());
        RecordQueries record = new RecordQueries(() -> store, settings.exportFolder(), clock, settings.zone());
        PeopleImportAction people = new PeopleImportAction(importer, rules, settings.configDir(), settings.zone());
        this.adapter = new dev.yakata.core.api.InHubAdapter(ADAPTER, dev.yakata.api.profile.Profiles.ACCESS_CONTROL, () -> new AccessDevice(queries, changes, modes, record, people, recordThread));
    }

    /** Loads the overrides and the access files now, then starts the threads. */
    void start() {
        try {
            int kept = changes.restore();
            if (kept > 0) {
                LOG.info("Access control: {} card-state overrides in force from {}", kept, settings.cardStateFile());
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("Access control: the card-state overrides in {} cannot be read ({}); no override is in force "
                    + "until the file is fixed", settings.cardStateFile(), e.toString());
        }
        try {
            modes.restore();
        } catch (IOException | RuntimeException e) {
            LOG.error("Access control: the lockdown state in {} cannot be read ({}); the lockdown is off until the file "
                    + "is fixed", settings.lockdownFile(), e.toString());
        }
        reload.poll(); // at once, so the first swipe after start is decided by the files
        configThread.scheduleWithFixedDelay(guarded("reload", this::pollFiles), settings.pollMillis(),
                settings.pollMillis(), TimeUnit.MILLISECONDS);
        supervisionThread.scheduleWithFixedDelay(guarded("supervision", supervisor::tick), SUPERVISION_MILLIS,
                SUPERVISION_MILLIS, TimeUnit.MILLISECONDS);
        releaseThread.scheduleWithFixedDelay(guarded("release", () -> {
            fire.reconcile();
            freePassage.tick();
            holds.tick();
        }), RELEASE_MILLIS, RELEASE_MILLIS, TimeUnit.MILLISECONDS);
        recordThread.scheduleWithFixedDelay(guarded("restore", restore::run), 0, RESTORE_RETRY_SECONDS,
                TimeUnit.SECONDS);
    }

    /** Polls the access folder; a change just seen is looked at again after SETTLE_MILLIS, not a whole interval. */
    private void pollFiles() {
        reload.poll();
        if (reload.settling() && settings.pollMillis() > SETTLE_MILLIS) {
            configThread.schedule(guarded("reload", reload::poll), SETTLE_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** The event store arrived (it is optional and may come and go). */
    void store(EventStore arrived) {
        store = arrived;
        submitRestore();
    }

    void storeGone(EventStore gone) {
        if (store == gone) {
            store = null;
        }
    }

    EventListener swipes() {
        return swipes;
    }

    EventListener doorEvents() {
        return doorEvents;
    }

    DeviceAdapter adapter() {
        return adapter;
    }

    Rules rules() {
        return rules;
    }

    /** Stops every thread; a record query under way is interrupted after 5 s. */
    @Override
    public void close() {
        for (ScheduledExecutorService thread : List.of(configThread, supervisionThread, releaseThread, recordThread)) {
            thread.shutdown();
        }
        for (ScheduledExecutorService thread : List.of(configThread, supervisionThread, releaseThread, recordThread)) {
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

    /** Puts a loaded configuration in force everywhere; on the reload's thread. */
    private void apply(AccessConfig config) {
        rules.apply(config);
        Site next = Site.of(config);
        site = next;
        supervisor.configure(next.doors());
        fire.configure(next.fireReleases());
        freePassage.configure(next);
        submitRestore();
    }

    private void submitRestore() {
        try {
            recordThread.execute(guarded("restore", restore::run));
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            // closing: nothing left to restore into
        }
    }

    private Map<String, Object> status() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("heldDoors", holds.held());
        data.put("fireAlarms", fire.activeInputs());
        data.put("fireReleaseByHand", fire.manual() == null ? "off" : "on (" + fire.manual() + ")");
        data.put("lockdown", rules.lockdown() ? "on" : "off");
        data.put("record", store == null ? "no event store: find, attendance-report, verify-record and export-record "
                + "are not available" : "event store present");
        data.put("cardStateFile", settings.cardStateFile().toString());
        return data;
    }

    /** The counts {@code access.config.loaded} carries. */
    static Map<String, Object> describe(AccessConfig config) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("people", (long) config.peopleCount());
        data.put("cards", (long) config.cardCount());
        data.put("doors", (long) config.doors().size());
        data.put("summary", config.summary());
        return data;
    }

    /** A periodic task that logs what it throws instead of being cancelled by it. */
    private static Runnable guarded(String task, Runnable work) {
        return () -> {
            try {
                work.run();
            } catch (RuntimeException e) {
                TASK_FAILURES.warn(task, "Access control: the " + task + " task failed: " + e);
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
