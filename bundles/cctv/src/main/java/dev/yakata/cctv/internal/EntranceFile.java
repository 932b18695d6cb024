package dev.yakata.cctv.internal;

import dev.yakata.api.event.Event;
import dev.yakata.api.event.Severity;
import dev.yakata.bus.api.EventBus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the entrances file in force: {@link #check} (on the timer thread) reloads it when its time or size changed; a
 * refused file keeps the previous version and says why once per change ({@code cctv.entrances-failed}); a loaded one
 * says how many doors ({@code cctv.entrances-loaded}). No file means no entrance: no snapshots, said once.
 */
final class EntranceFile {

    static final String LOADED = "cctv.entrances-loaded";
    static final String FAILED = "cctv.entrances-failed";

    private static final Logger LOG = LoggerFactory.getLogger(EntranceFile.class);

    private final Path file;
    private final EventBus bus;
    private volatile Entrances current = Entrances.NONE;
    private Object seen = "never";

    EntranceFile(Path file, EventBus bus) {
        this.file = file;
        this.bus = bus;
    }

    Entrances current() {
        return current;
    }

    synchronized void check() {
        Object stamp;
        try {
            FileTime time = Files.getLastModifiedTime(file);
            stamp = time.toMillis() + "/" + Files.size(file);
        } catch (NoSuchFileException e) {
            stamp = "absent";
        } catch (IOException e) {
            stamp = e.toString();
        }
        if (Objects.equals(stamp, seen)) {
            return;
        }
        seen = stamp;
        if ("absent".equals(stamp)) {
            current = Entrances.NONE;
            LOG.info("no entrances file {}: no door has a camera, no snapshots are taken", file);
            return;
        }
        try {
            Entrances loaded = Entrances.parse(file, Files.readString(file, StandardCharsets.UTF_8));
            current = loaded;
            LOG.info("entrances {}: {} doors with a camera", file, loaded.cameraByDoor().size());
            bus.publish(Event.builder(LOADED, SnapshotTaker.SOURCE).put("file", file.toString())
                    .put("doors", (long) loaded.cameraByDoor().size()).build());
        } catch (Entrances.EntrancesException | IOException e) {
            LOG.warn("{}", e.getMessage());
            bus.publish(Event.builder(FAILED, SnapshotTaker.SOURCE).severity(Severity.WARNING)
                    .put("file", file.toString()).put("error", e.getMessage()).build());
        }
    }
}
