package dev.yakata.cctv.internal;

import dev.yakata.bus.testing.RecordingBus;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import dev.yakata.api.command.Command;
import dev.yakata.api.command.CommandOutcome;
import dev.yakata.api.command.Issuer;
import dev.yakata.api.command.OutcomeStatus;
import dev.yakata.api.device.DeviceState;
import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventTypes;
import dev.yakata.core.internal.RealCore;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Listing and opening snapshots through the core's real registry and the demo's own policy file and device file:
 * operators may, viewers are refused by the policy, and each viewing is a command the audit trail records.
 */
public class SnapshotAccessTest {

    private static final Path ETC = etc();
    private static final Issuer OPERATOR = Issuer.of("tanaka", Issuer.Channel.SHELL, "yakata-operator");
    private static final Issuer VIEWER = Issuer.of("suzuki", Issuer.Channel.SHELL, "yakata-viewer");

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final RecordingBus bus = new RecordingBus();
    private final ExecutorService fileThread = Executors.newSingleThreadExecutor();
    private RealCore core;
    private Path folder;
    private String id;
    private final byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, 1, 2, 3, (byte) 0xFF, (byte) 0xD9};

    private static Path etc() {
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("config/etc/yakata.policy"))) {
                return dir.resolve("config/etc");
            }
        }
        throw new AssertionError("no config/etc/yakata.policy above " + Paths.get("").toAbsolutePath());
    }

    @Before
    public void setUp() throws Exception {
        folder = tmp.newFolder("snapshots").toPath();
        Instant now = Instant.now();
        SnapshotTaker.SnapshotFolder files = new SnapshotTaker.SnapshotFolder(folder);
        LocalDate day = now.atZone(ZoneOffset.UTC).toLocalDate();
        id = Event.newId();
        files.write(day, id, jpeg);
        files.index(day, Event.builder(SnapshotTaker.SNAPSHOT, SnapshotTaker.SOURCE).subject(id).correlationId("swipe-9")
                .put("takenAt", now.toString()).put("door", "door.1f.main-entrance").put("camera", "camera.1f.main-entrance")
                .put("bytes", (long) jpeg.length).put("sha256", SnapshotTaker.sha256(jpeg)).build());
        SnapshotSettings settings = new SnapshotSettings(Path.of("entrances.cfg"), folder, java.time.Duration.ofSeconds(1),
                16, 30, ZoneOffset.UTC, tmp.getRoot().toPath().resolve("exports"));
        core = new RealCore(bus, Files.readString(ETC.resolve("yakata.policy")), 5_000);
        core.adapter(SnapshotComponent.ADAPTER, SnapshotComponent.adapter(settings, Clock.systemUTC(), fileThread));
        core.device("snapshots", demoFile("snapshots"));
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!core.registry().device("snapshots").map(d -> d.status().state() == DeviceState.ONLINE).orElse(false)) {
            assertTrue("the snapshots device is not ONLINE: " + core.registry().device("snapshots"), System.nanoTime() < end);
            Thread.sleep(10);
        }
    }

    @After
    public void tearDown() throws Exception {
        core.close();
        fileThread.shutdownNow();
    }

    private static Map<String, Object> demoFile(String name) throws Exception {
        Path path = ETC.resolve("dev.yakata.device-" + name + ".cfg");
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.ISO_8859_1)) {
            properties.load(reader);
        }
        Map<String, Object> config = new HashMap<>();
        properties.stringPropertyNames().forEach(k -> config.put(k, properties.getProperty(k)));
        config.put("felix.fileinstall.filename", path.toAbsolutePath().toUri().toString());
        return config;
    }

    private CommandOutcome submit(Issuer who, String action, Map<String, Object> args) throws Exception {
        return core.registry().submit(Command.action("snapshots", action, args, who, "checking the door"))
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    public void anOperatorListsAndOpensASnapshotAndEachViewingIsACommandOfRecord() throws Exception {
        CommandOutcome list = submit(OPERATOR, "list", Map.of("last", "1d", "door", "door.1f.main-entrance"));
        assertEquals(list.toString(), OutcomeStatus.COMPLETED, list.status());
        assertEquals(1L, list.data().get("count"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = (List<Map<String, Object>>) list.data().get("snapshots");
        assertEquals(id, rows.get(0).get("snapshot"));
        assertEquals("swipe-9", rows.get(0).get("correlation"));
        assertEquals(0L, submit(OPERATOR, "list", Map.of("door", "door.1f.staff-entrance")).data().get("count"));

        CommandOutcome open = submit(OPERATOR, "open", Map.of("snapshot", id));
        assertEquals(open.toString(), OutcomeStatus.COMPLETED, open.status());
        assertArrayEquals(jpeg, Files.readAllBytes(Path.of((String) open.data().get("path"))));

        CommandOutcome export = submit(OPERATOR, "open", Map.of("snapshot", id, "export", "forced-0930.jpg"));
        assertEquals(export.toString(), OutcomeStatus.COMPLETED, export.status());
        assertEquals(tmp.getRoot().toPath().resolve("exports/forced-0930.jpg").toString(), export.data().get("path"));

        List<Event> viewings = bus.events.stream().filter(e -> e.type().equals(EventTypes.COMMAND_ISSUED)
                && e.source().equals("snapshots") && e.actor().equals("tanaka")).toList();
        assertEquals("every list and open is a command of record: " + bus.events, 4, viewings.size());
    }

    @Test
    public void aViewerIsRefusedASnapshotByThePolicy() throws Exception {
        CommandOutcome open = submit(VIEWER, "open", Map.of("snapshot", id));
        assertEquals(open.toString(), OutcomeStatus.REJECTED, open.status());
        assertTrue(open.reason(), open.reason().contains("yakata-viewer") || open.reason().contains("polic"));
        CommandOutcome list = submit(VIEWER, "list", Map.of());
        assertEquals(OutcomeStatus.REJECTED, list.status());
        assertTrue("the refusal is on record: " + bus.events, bus.events.stream().anyMatch(
                e -> e.type().equals(EventTypes.POLICY_REFUSED) && e.actor().equals("suzuki")));
    }

    @Test
    public void anExportNameThatLeavesTheExportFolderOrAnUnknownIdIsRefusedWithTheFix() throws Exception {
        CommandOutcome escape = submit(OPERATOR, "open", Map.of("snapshot", id, "export", "../../etc/passwd"));
        assertEquals(OutcomeStatus.REJECTED, escape.status());
        assertTrue(escape.reason(), escape.reason().contains("is not a plain file name in the export folder"));
        CommandOutcome unknown = submit(OPERATOR, "open", Map.of("snapshot", "nope-1"));
        assertEquals(OutcomeStatus.REJECTED, unknown.status());
        assertTrue(unknown.reason(), unknown.reason().contains("no snapshot nope-1"));
        assertFalse(Files.exists(tmp.getRoot().toPath().resolve("exports")));
    }
}
