package dev.yakata.cctv.internal;

import dev.yakata.bus.testing.RecordingBus;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.yakata.adapter.onvif.internal.OnvifAdapter;
import dev.yakata.adapter.simulator.onvif.CameraSimulator;
import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventTypes;
import dev.yakata.api.event.Severity;
import dev.yakata.testkit.DeviceFiles;
import dev.yakata.testkit.TestHub;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Door events at the entrances against two camera simulators on 127.0.0.1, through the real onvif adapter's
 * CameraSnapshots service (HTTP snapshot cameras with Digest).
 */
public class SnapshotTakerTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String MAIN_DOOR = "door.1f.main-entrance";
    private static final String STAFF_DOOR = "door.1f.staff-entrance";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private CameraSimulator mainCamera;
    private CameraSimulator staffCamera;
    private OnvifAdapter adapter;
    private TestHub hub;
    private RecordingBus bus;
    private SnapshotTaker taker;
    private Path folder;

    @Before
    public void start() throws Exception {
        mainCamera = new CameraSimulator("yakata", "cam-secret");
        staffCamera = new CameraSimulator("yakata", "cam-secret");
        adapter = new OnvifAdapter();
        hub = new TestHub(adapter);
        open("camera.1f.main-entrance", mainCamera);
        open("camera.1f.staff-entrance", staffCamera);
        bus = new RecordingBus();
        folder = tmp.newFolder("snapshots").toPath();
        Entrances entrances = Entrances.parse(Path.of("entrances.cfg"),
                MAIN_DOOR + " = camera.1f.main-entrance\n" + STAFF_DOOR + " = camera.1f.staff-entrance\n");
        taker = taker(entrances, 16);
    }

    private SnapshotTaker taker(Entrances entrances, int queue) {
        SnapshotSettings settings = new SnapshotSettings(Path.of("entrances.cfg"), folder, Duration.ofMillis(1000),
                queue, 30, ZoneOffset.UTC, folder.resolveSibling("exports"));
        return new SnapshotTaker(bus, () -> entrances, () -> adapter, new SnapshotTaker.SnapshotFolder(folder),
                settings, Clock.systemUTC());
    }

    private void open(String id, CameraSimulator sim) throws Exception {
        String cfg = "device.type = camera\nadapter = onvif\ncamera.protocol = http\ncamera.url = " + sim.snapshotUrl()
                + "\ncamera.user = yakata\ncamera.password = cam-secret\ncamera.snapshot.timeout.millis = 3000\n"
                + "camera.timeout.millis = 3000\ncamera.poll.seconds = 3600\npoint.online.kind = binary\n";
        hub.open(DeviceFiles.parse("dev.yakata.device-" + id + ".cfg", cfg), WAIT).context().awaitOnline();
    }

    @After
    public void stop() throws Exception {
        taker.close();
        hub.close();
        mainCamera.close();
        staffCamera.close();
    }

    private static Event deniedSwipe(String door, String swipeId) {
        return Event.builder(EventTypes.ACCESS_DENIED, door).zone("L1").severity(Severity.WARNING)
                .correlationId(swipeId).put("door", door).put("reader", door + "/in").put("reason", "unknown-card").build();
    }

    private static Event forced(String door, String opening) {
        return Event.builder(EventTypes.DOOR_FORCED, door).zone("L1").severity(Severity.ALARM).correlationId(opening)
                .put("door", door).put("message", door + " opened while locked").build();
    }

    private Event awaitSnapshot(String correlation) throws InterruptedException {
        return bus.await("camera.snapshot for " + correlation, WAIT,
                e -> e.type().equals(SnapshotTaker.SNAPSHOT) && e.correlationId().equals(correlation));
    }

    @Test
    public void deniedSwipeAtTheMainEntranceGetsASnapshotStoredAndIndexedWithTheSwipesCorrelation() throws Exception {
        Event swipe = deniedSwipe(MAIN_DOOR, "swipe-41");
        taker.onEvent(swipe);
        Event snapshot = awaitSnapshot("swipe-41");
        assertEquals("camera.1f.main-entrance", snapshot.data().get("camera"));
        assertEquals(MAIN_DOOR, snapshot.data().get("door"));
        assertEquals(swipe.id(), snapshot.data().get("doorEvent"));
        assertEquals(EventTypes.ACCESS_DENIED, snapshot.data().get("doorEventType"));
        Path file = folder.resolve((String) snapshot.data().get("file"));
        assertEquals(LocalDate.now(ZoneOffset.UTC).toString(), file.getParent().getFileName().toString());
        assertArrayEquals("the stored picture is the camera's", mainCamera.jpeg(), Files.readAllBytes(file));
        assertEquals((long) mainCamera.jpeg().length, snapshot.data().get("bytes"));
        assertEquals(SnapshotTaker.sha256(mainCamera.jpeg()), snapshot.data().get("sha256"));
        String index = Files.readString(file.getParent().resolve("index.tsv"), StandardCharsets.UTF_8);
        assertTrue(index, index.startsWith(snapshot.subject() + "\t") && index.contains("\tswipe-41\t"));
        assertEquals("no failure", List.of(), bus.ofType(SnapshotTaker.SNAPSHOT_FAILED));
    }

    @Test
    public void forcedDoorAtTheMainEntranceGetsASnapshotWithTheOpeningsCorrelation() throws Exception {
        taker.onEvent(forced(MAIN_DOOR, "opening-7"));
        Event snapshot = awaitSnapshot("opening-7");
        assertEquals(EventTypes.DOOR_FORCED, snapshot.data().get("doorEventType"));
        assertTrue(Files.isRegularFile(folder.resolve((String) snapshot.data().get("file"))));
    }

    @Test
    public void aDoorEventWithoutCorrelationIsLinkedByItsOwnId() throws Exception {
        Event held = Event.builder(EventTypes.DOOR_HELD_OPEN, STAFF_DOOR).put("door", STAFF_DOOR).build();
        taker.onEvent(held);
        Event snapshot = awaitSnapshot(held.id());
        assertEquals("camera.1f.staff-entrance", snapshot.data().get("camera"));
    }

    @Test
    public void aDoorThatIsNotAnEntranceAndOtherEventsGetNoSnapshot() throws Exception {
        taker.onEvent(deniedSwipe("door.2f.server-room", "swipe-1"));
        taker.onEvent(Event.builder(EventTypes.ACCESS_GRANTED, MAIN_DOOR).correlationId("swipe-2").put("door", MAIN_DOOR).build());
        taker.onEvent(deniedSwipe(MAIN_DOOR, "swipe-3"));
        awaitSnapshot("swipe-3");
        assertEquals(1, bus.ofType(SnapshotTaker.SNAPSHOT).size());
    }

    @Test
    public void aHangingCameraGivesSnapshotFailedWithinTheBoundAndTheNextDoorStillGetsItsSnapshot() throws Exception {
        mainCamera.snapshotMode(CameraSimulator.Mode.HANG);
        long start = System.nanoTime();
        taker.onEvent(forced(MAIN_DOOR, "opening-hang"));
        Event failed = bus.await("camera.snapshot-failed", WAIT,
                e -> e.type().equals(SnapshotTaker.SNAPSHOT_FAILED) && e.correlationId().equals("opening-hang"));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue("failed after " + millis + " ms, the bound is 1000 ms", millis < 1500);
        assertTrue(String.valueOf(failed.data().get("reason")),
                String.valueOf(failed.data().get("reason")).contains("no snapshot within 1000 ms"));
        assertEquals("camera.1f.main-entrance", failed.data().get("camera"));

        taker.onEvent(deniedSwipe(STAFF_DOOR, "swipe-after-hang"));
        Event snapshot = awaitSnapshot("swipe-after-hang");
        assertEquals("camera.1f.staff-entrance", snapshot.data().get("camera"));
    }

    @Test
    public void aCameraSendingSomethingElseThanAJpegGivesSnapshotFailedWithTheAdaptersReason() throws Exception {
        mainCamera.snapshotMode(CameraSimulator.Mode.NOT_JPEG);
        taker.onEvent(deniedSwipe(MAIN_DOOR, "swipe-html"));
        Event failed = bus.await("camera.snapshot-failed", WAIT,
                e -> e.type().equals(SnapshotTaker.SNAPSHOT_FAILED) && e.correlationId().equals("swipe-html"));
        assertTrue(String.valueOf(failed.data().get("reason")), String.valueOf(failed.data().get("reason")).contains("not a JPEG"));
        try (var days = Files.list(folder)) {
            assertEquals("nothing stored", 0, days.count());
        }
    }

    @Test
    public void aBurstBeyondTheQueueFailsAtOnceInsteadOfPilingUp() throws Exception {
        taker.close();
        mainCamera.snapshotMode(CameraSimulator.Mode.HANG);
        taker = taker(Entrances.parse(Path.of("e.cfg"), MAIN_DOOR + " = camera.1f.main-entrance\n"), 2);
        long start = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            taker.onEvent(forced(MAIN_DOOR, "burst-" + i));
        }
        long handMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue("the bus thread waited " + handMillis + " ms", handMillis < 200);
        // two running, two queued: sixteen refused at once, the four others time out within their bound
        long full = bus.ofType(SnapshotTaker.SNAPSHOT_FAILED).stream()
                .filter(e -> String.valueOf(e.data().get("reason")).contains("queue is full")).count();
        assertEquals(16, full);
        bus.await("the last queued one failing", WAIT, e -> bus.ofType(SnapshotTaker.SNAPSHOT_FAILED).size() == 20);
    }
}
