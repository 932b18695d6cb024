package dev.yakata.alarms.internal;

import dev.yakata.alarms.rules.AlarmConfig;
import dev.yakata.alarms.rules.AlarmEngine;
import dev.yakata.alarms.rules.AlarmFileException;
import dev.yakata.api.event.Event;
import dev.yakata.api.event.Severity;
import dev.yakata.bus.api.EventBus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the alarm files in force: on every {@link #poll()} compares each {@code *.cfg} file's modification time and
 * size with what was read, and the hub's device list with the one the files were checked against; reads the folder
 * again once a saved change has settled (the same on two polls running) or at once when the devices changed (a
 * device configured after the alarm files makes a refused line good). A folder that fails keeps the previous
 * configuration in force and is reported once per distinct problem ({@value #CONFIG_FAILED} and the log).
 */
final class AlarmFiles {

    static final String CONFIG_LOADED = "alarms.config.loaded";
    static final String CONFIG_FAILED = "alarms.config.failed";

    private static final Logger LOG = LoggerFactory.getLogger(AlarmFiles.class);

    /**
     * What is in force and what is wrong.
     *
     * @param loaded   whether a configuration is in force
     * @param files    its files
     * @param summary  it in a sentence
     * @param loadedAt when it loaded, or null
     * @param problem  {@code file:line: what} that keeps the files on disk from being used, or empty
     */
    record Status(Path folder, boolean loaded, List<String> files, String summary, Instant loadedAt, String problem) {
        String sentence() {
            String inForce = loaded ? "in force since " + loadedAt + ": " + summary : "no alarm files are in force";
            return problem.isEmpty() ? inForce : problem + "; " + inForce;
        }
    }

    private final Path folder;
    private final Supplier<RegistryCatalog> catalogs;
    private final BiConsumer<AlarmConfig, RegistryCatalog> apply;
    private final EventBus bus;
    private final Clock clock;

    private Map<String, String> attempted;
    private RegistryCatalog attemptedDevices;
    private Map<String, String> settling;
    private String reported = "";
    private volatile Status status;

    AlarmFiles(Path folder, Supplier<RegistryCatalog> catalogs, BiConsumer<AlarmConfig, RegistryCatalog> apply,
            EventBus bus, Clock clock) {
        this.folder = folder;
        this.catalogs = catalogs;
        this.apply = apply;
        this.bus = bus;
        this.clock = clock;
        this.status = new Status(folder, false, List.of(), "", null, "");
    }

    Status status() {
        return status;
    }

    /** Checks the folder and the devices, and loads the files if either changed; never throws. */
    synchronized void poll() {
        Map<String, String> files;
        RegistryCatalog catalog;
        try {
            files = Files.isDirectory(folder) ? fingerprint() : null;
            catalog = catalogs.get();
        } catch (IOException | RuntimeException e) {
            refuse(folder + ": the folder cannot be read (" + e + ")");
            return;
        }
        if (files == null) {
            attempted = null;
            refuse(folder + ": the folder does not exist; create it and put the alarm conditions in *.cfg files "
                    + "(docs/alarms.md)");
            return;
        }
        boolean devicesChanged = !catalog.sameAs(attemptedDevices);
        if (files.equals(attempted) && !devicesChanged) {
            return;
        }
        if (attempted != null && !files.equals(attempted) && !files.equals(settling)) {
            settling = files; // read it on the next poll if nothing moves meanwhile
            return;
        }
        attempted = files;
        attemptedDevices = catalog;
        settling = null;
        load(List.copyOf(files.keySet()), catalog);
    }

    private void load(List<String> files, RegistryCatalog catalog) {
        AlarmConfig config;
        try {
            config = AlarmConfig.load(folder, catalog);
            apply.accept(config, catalog);
        } catch (AlarmFileException e) {
            refuse(e.getMessage());
            return;
        } catch (RuntimeException e) {
            LOG.error("Alarms: reading {} failed; the previous alarm files stay in force", folder, e);
            refuse(folder + ": the alarm files could not be read: " + e);
            return;
        }
        reported = "";
        String summary = config.conditions().size() + " conditions and " + config.schedules().size() + " schedules in "
                + files.size() + " files";
        LOG.info("Alarms: loaded {} from {}", summary, folder);
        bus.publish(Event.builder(CONFIG_LOADED, AlarmEngine.SOURCE).subject(folder.toString()).put("files", files)
                .put("conditions", (long) config.conditions().size()).put("schedules", (long) config.schedules().size())
                .build());
        status = new Status(folder, true, files, summary, clock.instant(), "");
    }

    private void refuse(String problem) {
        Status before = status;
        if (!problem.equals(reported)) {
            reported = problem;
            LOG.warn("Alarms: {}; {}", problem, before.loaded() ? "the previous alarm files stay in force"
                    : "no alarm condition is evaluated until it is fixed");
            bus.publish(Event.builder(CONFIG_FAILED, AlarmEngine.SOURCE).severity(Severity.WARNING)
                    .subject(folder.toString()).put("message", problem).build());
        }
        // after the event, so whoever sees the status finds the event published
        status = new Status(folder, before.loaded(), before.files(), before.summary(), before.loadedAt(), problem);
    }

    private Map<String, String> fingerprint() throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> entries = Files.list(folder)) {
            for (Path file : (Iterable<Path>) entries::iterator) {
                String name = file.getFileName().toString();
                if (name.endsWith(".cfg") && Files.isRegularFile(file)) {
                    files.put(name, Files.getLastModifiedTime(file).to(TimeUnit.MICROSECONDS) + "/" + Files.size(file));
                }
            }
        }
        return files;
    }
}
