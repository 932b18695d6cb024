package dev.yakata.shutters.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.yakata.api.event.Event;
import dev.yakata.shutters.rules.ShuttersConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The shutters file in force: a broken edit keeps the previous file, reported once with its line. */
public class ShuttersFileTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private final ListeningBus bus = new ListeningBus();
    private final AtomicReference<ShuttersConfig> applied = new AtomicReference<>();

    private void write(Path file, String text, int second) throws Exception {
        Files.writeString(file, text);
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-12-02T00:00:00Z").plusSeconds(second)));
    }

    private List<Event> events(String type) {
        return bus.events.stream().filter(e -> e.type().equals(type)).toList();
    }

    @Test
    public void aBrokenEditKeepsThePreviousFileInForceAndIsReportedOnceWithItsLine() throws Exception {
        Path path = temp.getRoot().toPath().resolve("shutters.cfg");
        write(path, "group a shutters s.1\n", 1);
        ShuttersFile file = new ShuttersFile(path, Building.TOKYO, applied::set, bus, Clock.systemUTC());
        file.poll();
        assertEquals(List.of("s.1"), applied.get().group("a").orElseThrow().shutters());
        assertEquals(1, events(ShutterEventTypes.CONFIG_LOADED).size());

        write(path, "group a shutters s.1\nclosing b at 17:15 on mon-fri\n", 2);
        file.poll(); // seen changing
        file.poll(); // settled: read
        file.poll(); // the same problem again: not reported twice
        assertEquals("the previous file is in force", List.of("s.1"), file.config().group("a").orElseThrow().shutters());
        List<Event> failed = events(ShutterEventTypes.CONFIG_FAILED);
        assertEquals(1, failed.size());
        assertEquals(2L, failed.get(0).data().get("line"));
        assertTrue(file.status().sentence(), file.status().sentence().startsWith("shutters.cfg:2: closing names group 'b'"));
        assertTrue(file.status().sentence(), file.status().sentence().contains("in force since"));

        write(path, "group a shutters s.1, s.2\n", 3);
        file.poll();
        file.poll();
        assertEquals(List.of("s.1", "s.2"), applied.get().group("a").orElseThrow().shutters());
        assertEquals(null, file.status().problem());
    }

    @Test
    public void noFileMeansNoGroupsAndSaysWhereToCreateIt() {
        Path path = temp.getRoot().toPath().resolve("shutters.cfg");
        ShuttersFile file = new ShuttersFile(path, Building.TOKYO, applied::set, bus, Clock.systemUTC());
        file.poll();
        assertTrue(file.config().groups().isEmpty());
        assertTrue(file.status().sentence(), file.status().sentence().contains("does not exist; create it"));
    }
}
