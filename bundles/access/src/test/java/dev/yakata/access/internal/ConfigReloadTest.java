package dev.yakata.access.internal;

import dev.yakata.bus.testing.RecordingBus;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import dev.yakata.access.rules.AccessFileException;
import dev.yakata.api.event.Event;
import dev.yakata.api.event.Severity;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The reload's timing and reporting, with a stand-in for the rules: the folder's zones.cfg text is "the
 * configuration", and a line {@code BROKEN} in it is an error on that line.
 */
public class ConfigReloadTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private final RecordingBus bus = new RecordingBus();
    private final List<String> applied = new CopyOnWriteArrayList<>();
    private Path folder;
    private ConfigReload<String> reload;
    private ScheduledExecutorService poller;

    @Before
    public void setUp() throws Exception {
        folder = temp.newFolder("access").toPath();
        reload = reloadOf(folder);
    }

    @After
    public void tearDown() {
        if (poller != null) {
            poller.shutdownNow();
        }
    }

    private ConfigReload<String> reloadOf(Path dir) {
        return new ConfigReload<>(dir, ConfigReloadTest::load, applied::add,
                text -> Map.of("doors", (long) text.lines().filter(l -> l.startsWith("door")).count()),
                text -> "zones " + text.strip(), bus, Clock.systemUTC());
    }

    private static String load(Path dir) throws AccessFileException {
        try {
            String text = Files.readString(dir.resolve("zones.cfg"), StandardCharsets.UTF_8);
            List<String> lines = text.lines().toList();
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).equals("BROKEN")) {
                    throw new AccessFileException("zones.cfg", i + 1, "a broken line; write a door or a zone");
                }
            }
            return text;
        } catch (java.io.IOException e) {
            throw new AccessFileException("zones.cfg", 0, "cannot be read: " + e);
        }
    }

    private void write(String text) throws Exception {
        Files.writeString(folder.resolve("zones.cfg"), text, StandardCharsets.UTF_8);
    }

    @Test
    public void theFolderLoadsAtTheFirstPollAndTheLoadIsPublishedWithItsFiles() throws Exception {
        write("door a\n");
        reload.poll();
        assertEquals(List.of("door a\n"), applied);
        Event loaded = bus.only(AccessEventTypes.CONFIG_LOADED);
        assertEquals("access", loaded.source());
        assertEquals(List.of("zones.cfg"), loaded.data().get("files"));
        assertEquals(1L, loaded.data().get("doors"));
        assertTrue(reload.status().loaded());
        assertNull(reload.status().problem());
    }

    @Test
    public void aSavedChangeIsInForceWithinASecond() throws Exception {
        write("door a\n");
        reload.poll();
        poller = Executors.newSingleThreadScheduledExecutor();
        poller.scheduleWithFixedDelay(reload::poll, 250, 250, TimeUnit.MILLISECONDS);
        Thread.sleep(300); // the poller has looked at least once at the unchanged folder
        long saved = System.nanoTime();
        write("door a\ndoor b\n");
        while (applied.size() < 2 && System.nanoTime() - saved < TimeUnit.SECONDS.toNanos(10)) {
            Thread.sleep(10);
        }
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - saved);
        assertEquals("door a\ndoor b\n", applied.get(applied.size() - 1));
        // The time is reported, not asserted (unit tests never fail on timing): two polls of 250 ms at most here.
        System.out.println("access files: a saved change was in force after " + tookMillis + " ms");
        while (bus.ofType(AccessEventTypes.CONFIG_LOADED).size() < 2 && System.nanoTime() - saved < TimeUnit.SECONDS.toNanos(10)) {
            Thread.sleep(10);
        }
        assertEquals(2L, bus.ofType(AccessEventTypes.CONFIG_LOADED).get(1).data().get("doors"));
    }

    @Test
    public void aChangeIsReadOnlyOnceItHasSettledForOnePoll() throws Exception {
        write("door a\n");
        reload.poll();
        write("door a\ndoor b\n");
        reload.poll();
        assertEquals("a save may still be under way: not read yet", 1, applied.size());
        reload.poll();
        assertEquals(2, applied.size());
    }

    @Test
    public void aChangeSeenOnceIsSettlingSoTheRuntimeLooksAgainSoonAndTheLoadSaysHowLongItTook() throws Exception {
        write("door a\n");
        reload.poll();
        assertFalse("nothing waits after the first load", reload.settling());
        write("door a\ndoor b\n");
        reload.poll();
        assertTrue("seen once: the runtime polls again after SETTLE_MILLIS", reload.settling());
        reload.poll();
        assertFalse("read: nothing waits any more", reload.settling());
        assertEquals(2, applied.size());
        Object millis = bus.ofType(AccessEventTypes.CONFIG_LOADED).get(1).data().get("loadMillis");
        assertTrue("loadMillis is a whole number of milliseconds: " + millis, millis instanceof Long l && l >= 0);
    }

    @Test
    public void aBrokenFileKeepsThePreviousConfigurationAndIsReportedOnceWithFileAndLine() throws Exception {
        write("door a\n");
        reload.poll();
        write("door a\nBROKEN\n");
        for (int i = 0; i < 5; i++) {
            reload.poll();
        }
        assertEquals("the previous configuration stays in force", List.of("door a\n"), applied);
        Event failed = bus.only(AccessEventTypes.CONFIG_FAILED);
        assertEquals(Severity.WARNING, failed.severity());
        assertEquals("access", failed.source());
        assertEquals("zones.cfg", failed.data().get("file"));
        assertEquals(2L, failed.data().get("line"));
        assertEquals("a broken line; write a door or a zone", failed.data().get("message"));
        ConfigReload.Status status = reload.status();
        assertTrue(status.loaded());
        assertEquals("zones door a", status.summary());
        assertEquals(2, status.problem().line());
        assertTrue(status.sentence(), status.sentence().startsWith("zones.cfg:2: a broken line"));
    }

    @Test
    public void eachDistinctProblemIsReportedAndTheSameOneAgainAfterAGoodLoad() throws Exception {
        write("door a\n");
        reload.poll();
        write("BROKEN\n");
        reload.poll();
        reload.poll();
        write("door a\nBROKEN\n");
        reload.poll();
        reload.poll();
        assertEquals(2, bus.ofType(AccessEventTypes.CONFIG_FAILED).size());
        write("door c\n");
        reload.poll();
        reload.poll();
        write("door a\nBROKEN\n");
        reload.poll();
        reload.poll();
        assertEquals(3, bus.ofType(AccessEventTypes.CONFIG_FAILED).size());
        assertEquals(List.of("door a\n", "door c\n"), applied);
    }

    @Test
    public void anotherFileSavedWhileTheBrokenOneIsUnfixedDoesNotRepeatTheReport() throws Exception {
        write("door a\n");
        reload.poll();
        write("door a\nBROKEN\n");
        reload.poll();
        reload.poll();
        Files.writeString(folder.resolve("people.cfg"), "person P0107\n");
        reload.poll();
        reload.poll();
        assertEquals(1, bus.ofType(AccessEventTypes.CONFIG_FAILED).size());
        assertEquals("zones.cfg", reload.status().problem().file());
    }

    @Test
    public void aFaultOfTheLoaderItselfKeepsThePreviousConfiguration() throws Exception {
        ConfigReload<String> faulty = new ConfigReload<>(folder, dir -> {
            throw new UnsupportedOperationException("not built yet");
        }, applied::add, text -> Map.of(), text -> text, bus, Clock.systemUTC());
        write("door a\n");
        faulty.poll();
        assertTrue(applied.isEmpty());
        Event failed = bus.only(AccessEventTypes.CONFIG_FAILED);
        assertTrue(String.valueOf(failed.data().get("message")).contains("not built yet"));
        assertFalse(faulty.status().loaded());
    }

    @Test
    public void aMissingFolderIsReportedOnceAndLoadsWhenItAppears() throws Exception {
        Path missing = folder.resolve("not-yet");
        ConfigReload<String> later = reloadOf(missing);
        later.poll();
        later.poll();
        Event failed = bus.only(AccessEventTypes.CONFIG_FAILED);
        assertEquals(missing.toString(), failed.data().get("file"));
        assertEquals(0L, failed.data().get("line"));
        assertTrue(String.valueOf(failed.data().get("message")).contains("does not exist"));
        assertFalse(later.status().loaded());
        assertTrue(later.status().sentence(), later.status().sentence().contains("nothing is in force"));
        Files.createDirectories(missing);
        Files.writeString(missing.resolve("zones.cfg"), "door z\n");
        later.poll();
        assertEquals(List.of("door z\n"), applied);
        assertTrue(later.status().loaded());
    }

    @Test
    public void onlyCfgFilesAreWatched() throws Exception {
        write("door a\n");
        reload.poll();
        Files.writeString(folder.resolve("notes.txt"), "not a config file");
        Files.writeString(folder.resolve("zones.cfg~"), "an editor's backup");
        reload.poll();
        reload.poll();
        assertEquals(1, applied.size());
    }
}
