package dev.yakata.cctv.internal;

import dev.yakata.bus.testing.RecordingBus;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import dev.yakata.api.event.Event;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class RetentionTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private static void day(Path root, String day, int pictures) throws Exception {
        Path dir = Files.createDirectories(root.resolve(day));
        for (int i = 0; i < pictures; i++) {
            Files.write(dir.resolve("snap-" + i + ".jpg"), new byte[100]);
        }
        Files.writeString(dir.resolve("index.tsv"), "index\n");
    }

    @Test
    public void snapshotsOlderThanTheRetentionAreRemovedAndTheRemovalIsSaid() throws Exception {
        Path root = tmp.newFolder("snapshots").toPath();
        day(root, "2026-10-01", 3);  // 62 days before
        day(root, "2026-11-01", 2);  // 31 days before: past 30 days
        day(root, "2026-11-02", 4);  // exactly 30 days before: kept
        day(root, "2026-12-02", 1);  // today
        Files.createDirectories(root.resolve("not-a-day"));
        RecordingBus bus = new RecordingBus();
        Clock clock = Clock.fixed(Instant.parse("2026-12-02T03:00:00Z"), ZoneOffset.UTC);

        Retention.Report report = new Retention(root, 30, clock, bus).run();

        assertEquals(List.of("2026-10-01", "2026-11-01"), report.days());
        assertEquals(5, report.files());
        assertEquals(500, report.bytes());
        assertFalse(Files.exists(root.resolve("2026-10-01")));
        assertFalse(Files.exists(root.resolve("2026-11-01")));
        assertTrue(Files.isRegularFile(root.resolve("2026-11-02/snap-3.jpg")));
        assertTrue(Files.isRegularFile(root.resolve("2026-12-02/snap-0.jpg")));
        assertTrue("a folder it does not own is left alone", Files.isDirectory(root.resolve("not-a-day")));
        Event said = bus.ofType(Retention.RETENTION).get(0);
        assertEquals(5L, said.data().get("removedSnapshots"));
        assertEquals(500L, said.data().get("removedBytes"));
        assertEquals("2026-11-02", said.data().get("before"));
        assertEquals(List.of("2026-10-01", "2026-11-01"), said.data().get("removedDays"));
    }

    @Test
    public void theNextDayRemovesTheNextDay() throws Exception {
        Path root = tmp.newFolder("snapshots").toPath();
        day(root, "2026-11-02", 4);
        RecordingBus bus = new RecordingBus();
        assertEquals(0, new Retention(root, 30, Clock.fixed(Instant.parse("2026-12-02T23:59:00Z"), ZoneOffset.UTC), bus).run().files());
        assertEquals(4, new Retention(root, 30, Clock.fixed(Instant.parse("2026-12-03T00:01:00Z"), ZoneOffset.UTC), bus).run().files());
    }

    @Test
    public void noFolderYetRemovesNothing() {
        RecordingBus bus = new RecordingBus();
        Retention.Report report = new Retention(tmp.getRoot().toPath().resolve("absent"), 30, Clock.systemUTC(), bus).run();
        assertEquals(0, report.files());
        assertEquals(1, bus.ofType(Retention.RETENTION).size());
    }
}
