package dev.yakata.shutters.internal;

import dev.yakata.api.event.Event;
import dev.yakata.api.event.Severity;
import dev.yakata.bus.api.EventBus;
import dev.yakata.shutters.rules.ShuttersConfig;
import dev.yakata.shutters.rules.ShuttersConfigParser;
import dev.yakata.shutters.rules.ShuttersFileException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@code etc/shutters/shutters.cfg} in force: read at start, then on every {@link #poll()} its modification time and size
 * are compared with what was read, and the file is read again once a change has settled (the same on two polls
 * running, so a save in progress is not read half-way). A file that fails keeps the previous configuration in force
 * and is reported once per distinct problem ({@code shutter.config.failed} and the log); a good one is
 * {@code shutter.config.loaded}. No file means no groups and no closing. Polled on one thread.
 */
final class ShuttersFile {

    private static final Logger LOG = LoggerFactory.getLogger(ShuttersFile.class);

    /** What is in force and what is wrong; {@code problem} is null when the file on disk is the one in force. */
    record Status(Path file, ShuttersConfig config, Instant loadedAt, String problem) {
        String sentence() {
            String inForce = loadedAt == null ? "no shutters file in force (no groups, no closing)"
                    : "in force since " + loadedAt + ": " + config.summary();
            return problem == null ? inForce : problem + "; " + inForce;
        }
    }

    private final Path file;
    private final ZoneId defaultZone;
    private final Consumer<ShuttersConfig> apply;
    private final EventBus bus;
    private final Clock clock;
    private String attempted;
    private String settling;
    private String reported;
    private volatile Status status;

    ShuttersFile(Path file, ZoneId defaultZone, Consumer<ShuttersConfig> apply, EventBus bus, Clock clock) {
        this.file = file;
        this.defaultZone = defaultZone;
        this.apply = apply;
        this.bus = bus;
        this.clock = clock;
        this.status = new Status(file, ShuttersConfig.empty(defaultZone), null, null);
    }

    Status status() {
        return status;
    }

    ShuttersConfig config() {
        return status.config();
    }

    /** Checks the file and reads it if it changed; never throws. */
    synchronized void poll() {
        String fingerprint;
        try {
            fingerprint = Files.getLastModifiedTime(file).to(TimeUnit.MICROSECONDS) + "/" + Files.size(file);
        } catch (NoSuchFileException e) {
            fingerprint = "missing";
        } catch (IOException | RuntimeException e) {
            refuse(0, file.getFileName() + ": the file cannot be read (" + e + "); make it readable by the hub");
            return;
        }
        if (fingerprint.equals(attempted)) {
            return;
        }
        if (attempted != null && !fingerprint.equals(settling)) {
            settling = fingerprint; // read it on the next poll if nothing moves meanwhile
            return;
        }
        attempted = fingerprint;
        settling = null;
        if (fingerprint.equals("missing")) {
            refuse(0, file + " does not exist; create it to declare groups and the daily closing (docs/shutters.md)");
            return;
        }
        load();
    }

    private void load() {
        String name = file.getFileName().toString();
        ShuttersConfig config;
        try {
            config = ShuttersConfigParser.parse(Files.readAllBytes(file), name, defaultZone);
        } catch (ShuttersFileException e) {
            refuse(e.line(), e.getMessage());
            return;
        } catch (IOException | RuntimeException e) {
            refuse(0, name + ": the file cannot be read (" + e + ")");
            return;
        }
        apply.accept(config);
        reported = null;
        status = new Status(file, config, clock.instant(), null);
        LOG.info("Shutters: loaded {} from {}", config.summary(), file);
        bus.publish(Event.builder(ShutterEventTypes.CONFIG_LOADED, ShutterEventTypes.SOURCE).subject(name)
                .put("file", file.toString()).put("groups", java.util.List.copyOf(config.groups().keySet()))
                .put("closings", (long) config.closings().size()).put("summary", config.summary()).build());
    }

    private void refuse(int line, String message) {
        Status before = status;
        status = new Status(file, before.config(), before.loadedAt(), message);
        if (message.equals(reported)) {
            return;
        }
        reported = message;
        LOG.warn("Shutters: {}; {}", message, before.loadedAt() == null ? "no groups and no closing until it is fixed"
                : "the previous file stays in force");
        bus.publish(Event.builder(ShutterEventTypes.CONFIG_FAILED, ShutterEventTypes.SOURCE).severity(Severity.WARNING)
                .subject(file.getFileName().toString()).put("file", file.toString()).put("line", (long) line)
                .put("message", message).build());
    }
}
