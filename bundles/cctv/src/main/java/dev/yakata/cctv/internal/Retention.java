package dev.yakata.cctv.internal;

import dev.yakata.api.event.Event;
import dev.yakata.bus.api.EventBus;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes the day folders older than the retention: on {@code today}, with 30 days, every folder before
 * {@code today - 30 days} goes, whole (pictures and index). Says what it removed in a {@code camera.snapshot-retention}
 * event and a log line. A folder or file it does not own (a name that is not a day) is left alone.
 */
final class Retention {

    static final String RETENTION = "camera.snapshot-retention";

    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);

    record Report(LocalDate cutoff, List<String> days, long files, long bytes, List<String> failures) {
    }

    private final Path root;
    private final int days;
    private final Clock clock;
    private final EventBus bus;

    Retention(Path root, int days, Clock clock, EventBus bus) {
        this.root = root;
        this.days = days;
        this.clock = clock;
        this.bus = bus;
    }

    Report run() {
        LocalDate today = LocalDate.now(clock);
        LocalDate cutoff = today.minusDays(days);
        List<String> removed = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        long files = 0;
        long bytes = 0;
        if (Files.isDirectory(root)) {
            try (DirectoryStream<Path> folders = Files.newDirectoryStream(root)) {
                for (Path folder : folders) {
                    LocalDate day;
                    try {
                        day = LocalDate.parse(folder.getFileName().toString());
                    } catch (DateTimeParseException notADay) {
                        continue;
                    }
                    if (!day.isBefore(cutoff) || !Files.isDirectory(folder)) {
                        continue;
                    }
                    try (Stream<Path> entries = Files.list(folder)) {
                        for (Path file : entries.toList()) {
                            long size = Files.size(file);
                            Files.delete(file);
                            if (file.getFileName().toString().endsWith(".jpg")) {
                                files++;
                                bytes += size;
                            }
                        }
                        Files.delete(folder);
                        removed.add(day.toString());
                    } catch (IOException e) {
                        failures.add(folder + ": " + e);
                    }
                }
            } catch (IOException e) {
                failures.add(root + ": " + e);
            }
        }
        removed.sort(null);
        Report report = new Report(cutoff, removed, files, bytes, failures);
        LOG.info("snapshot retention ({} days): removed {} snapshots ({} bytes) in {} day folders before {}{}", days,
                files, bytes, removed.size(), cutoff, failures.isEmpty() ? "" : "; could not remove " + failures);
        bus.publish(Event.builder(RETENTION, SnapshotTaker.SOURCE).put("retentionDays", (long) days)
                .put("before", cutoff.toString()).put("removedSnapshots", files).put("removedBytes", bytes)
                .put("removedDays", List.copyOf(removed)).put("failures", List.copyOf(failures)).build());
        return report;
    }
}
