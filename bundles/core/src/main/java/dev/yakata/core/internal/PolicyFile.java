package dev.yakata.core.internal;

import dev.yakata.api.command.Issuer;
import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventTypes;
import dev.yakata.api.event.Severity;
import dev.yakata.bus.api.EventBus;
import dev.yakata.core.api.CommandPolicy;
import dev.yakata.core.api.PolicyDecision;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The command policy read from one file, reloaded within a second of a save. A file with an error keeps the previous
 * rules in force and is reported (log and {@code policy.failed}) with file, line and fix; a missing file refuses every
 * command until it appears. Plain Java; the DS component {@link PolicyComponent} runs it.
 */
final class PolicyFile implements CommandPolicy, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PolicyFile.class);

    private final Path file;
    private final EventBus bus;
    private final ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(
            DeviceLifecycle.named("yakata-core-policy"));
    private volatile PolicyRules rules;
    private FileTime loadedTime;
    private long loadedSize = -1;
    private boolean reportedMissing;

    PolicyFile(Path file, EventBus bus, long pollMillis) {
        this.file = file;
        this.bus = bus;
        this.rules = PolicyRules.none(file.getFileName().toString());
        check();
        watcher.scheduleWithFixedDelay(this::check, pollMillis, pollMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public PolicyDecision decide(Issuer issuer, String deviceId, String profile, String action, String zone) {
        return rules.decide(issuer, profile, action, zone == null ? "" : zone, deviceId);
    }

    /** Loads the file if it changed since the last look. */
    synchronized void check() {
        FileTime time;
        long size;
        try {
            time = Files.getLastModifiedTime(file);
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            if (!reportedMissing) {
                reportedMissing = true;
                rules = PolicyRules.none(file.getFileName().toString());
                loadedTime = null;
                String message = "The command policy " + file + " does not exist; every command is refused until it does"
                        + " (the distribution ships one: copy it back)";
                LOG.error(message);
                publish(EventTypes.POLICY_FAILED, Severity.ALARM, Map.of("file", file.toString(), "message", message));
            }
            return;
        } catch (IOException e) {
            LOG.warn("Cannot read the command policy {}: {}; the previous rules stay in force", file, e.getMessage());
            return;
        }
        reportedMissing = false;
        if (Objects.equals(time, loadedTime) && size == loadedSize) {
            return;
        }
        loadedTime = time;
        loadedSize = size;
        String name = file.getFileName().toString();
        try {
            PolicyRules parsed = PolicyRules.parse(Files.readString(file, StandardCharsets.UTF_8), name);
            rules = parsed;
            LOG.info("Command policy {} loaded: {} rules", file, parsed.size());
            publish(EventTypes.POLICY_LOADED, Severity.INFO, Map.of("file", name, "rules", parsed.size()));
        } catch (IllegalArgumentException | IOException e) {
            String message = e.getMessage() + "; the previous policy stays in force until the file is fixed";
            LOG.error("Command policy not loaded: {}", message);
            publish(EventTypes.POLICY_FAILED, Severity.WARNING, Map.of("file", name, "message", message));
        }
    }

    private void publish(String type, Severity severity, Map<String, Object> data) {
        bus.publish(Event.builder(type, "hub").subject(file.getFileName().toString()).severity(severity).data(data).build());
    }

    @Override
    public void close() {
        watcher.shutdownNow();
    }
}
