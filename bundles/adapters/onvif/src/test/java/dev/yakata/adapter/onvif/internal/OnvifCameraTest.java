package dev.yakata.adapter.onvif.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.yakata.adapter.simulator.onvif.CameraSimulator;
import dev.yakata.adapter.onvif.snapshot.Snapshot;
import dev.yakata.api.device.DeviceState;
import dev.yakata.api.device.DeviceStatus;
import dev.yakata.api.device.StatusDetail;
import dev.yakata.api.event.EventTypes;
import dev.yakata.api.event.Severity;
import dev.yakata.testkit.RecordingDeviceContext;
import dev.yakata.testkit.TestHub;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.Rule;
import org.junit.Test;

/** The onvif adapter against the camera simulator on 127.0.0.1, through the testkit's hub. */
public class OnvifCameraTest {

    private static final Duration WAIT = CameraRig.WAIT;

    @Rule
    public final CameraRig rig = new CameraRig();
    private final CameraSimulator sim = rig.camera();
    private final OnvifAdapter adapter = rig.adapter;
    private final TestHub hub = rig.hub;

    private RecordingDeviceContext open(String id, String... extra) throws Exception {
        return rig.open(CameraFiles.onvif(id, sim, extra));
    }

    @Test
    public void cameraIsOnlineWithVideoOnceReachableAndAuthenticated() throws Exception {
        RecordingDeviceContext camera = open("camera.main");
        camera.awaitOnline();
        camera.awaitValue("online", true);
        assertTrue("device information was read", sim.calls("GetDeviceInformation") >= 1);
        assertTrue("the snapshot URI was asked", sim.calls("GetSnapshotUri") >= 1);
        Snapshot snapshot = adapter.snapshot("camera.main").toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertArrayEquals(sim.jpeg(), snapshot.jpeg());
        assertEquals("image/jpeg", snapshot.contentType());
    }

    @Test
    public void motionAndTamperFromThePullPointReachTheCameraProfile() throws Exception {
        RecordingDeviceContext camera = open("camera.main");
        camera.awaitOnline();
        RecordingDeviceContext.awaitCondition("a pull point exists", WAIT, () -> sim.liveSubscriptions() == 1);

        sim.emitMotion(true);
        RecordingDeviceContext.Event motion = camera.awaitEvent(EventTypes.CAMERA_MOTION);
        assertEquals("tns1:VideoSource/MotionAlarm", motion.data().get("topic"));
        camera.awaitValue("motion", true);
        sim.emitMotion(false);
        camera.awaitValue("motion", false);

        sim.emitTamper(true);
        RecordingDeviceContext.Event tamper = camera.awaitEvent(EventTypes.CAMERA_TAMPER);
        assertEquals(Severity.ALARM, tamper.severity());
        camera.awaitValue("tamper", true);
        DeviceStatus fault = camera.awaitStatus(s -> s.state() == DeviceState.FAULT);
        assertEquals(StatusDetail.HARDWARE_FAULT, fault.detail());
        assertTrue(fault.reason(), fault.reason().contains("tampering"));

        sim.emitTamper(false);
        camera.awaitEvent(Camera.TAMPER_CLEARED);
        camera.awaitValue("tamper", false);
        camera.awaitOnline();
        assertEquals("one motion event for one motion", 1, camera.events(EventTypes.CAMERA_MOTION).size());
    }

    @Test
    public void wrongPasswordIsAClearReasonAndRetriesBackOff() throws Exception {
        sim.password("changed-on-the-camera");
        RecordingDeviceContext camera = open("camera.main", "camera.auth.backoff.max.seconds = 4");
        DeviceStatus status = camera.awaitStatus(s -> s.state() == DeviceState.OFFLINE && s.reason().contains("wrong user"));
        assertTrue(status.reason(), status.reason().contains("wrong user or password for camera camera.main at " + sim.deviceUrl()));
        assertTrue(status.reason(), status.reason().contains("ter:NotAuthorized"));
        Thread.sleep(5_000);
        // tries at about 0, 1, 3, 7 s: never once a second, which could lock the camera's account
        assertTrue("authentication attempts in 5 s: " + sim.authFailures(), sim.authFailures() <= 4);

        sim.password(CameraFiles.PASSWORD);
        camera.awaitOnline();
    }

    @Test
    public void aCameraClockFarOffIsAllowedForAndReportedAsDrift() throws Exception {
        // ten minutes: the camera refuses any UsernameToken whose Created is over five minutes off its clock
        sim.clockSkew(Duration.ofMinutes(10));
        RecordingDeviceContext camera = open("camera.main");
        DeviceStatus status = camera.awaitStatus(s -> s.state() == DeviceState.ONLINE);
        // the camera reports whole seconds, so 599 or 600
        assertTrue(status.reason(), status.reason().matches(".*camera clock is (599|600|601) s ahead of the hub's.*"));
        assertEquals("no call was refused", 0, sim.authFailures());
    }

    @Test
    public void eventsOnATopicTheCameraNeverAnnouncedAreIgnoredAndCounted() throws Exception {
        RecordingDeviceContext camera = open("camera.main");
        camera.awaitOnline();
        RecordingDeviceContext.awaitCondition("a pull point exists", WAIT, () -> sim.liveSubscriptions() == 1);
        sim.emit("VideoSource/ImageTooDark/ImagingService", "State", true);
        sim.emit("Device/HardwareFailure/FanFailure", "Failed", true);
        sim.emitMotion(true);
        camera.awaitEvent(EventTypes.CAMERA_MOTION);
        assertEquals("only the motion event: " + camera.events, 1, camera.events.size());
        String counts = adapter.cameraCounts().get("camera.main");
        // three Initialized states when the pull point was made, then the three emitted here
        assertTrue(counts, counts.contains("events 6 received"));
        assertTrue(counts, counts.contains("2 on unannounced topics"));
        assertEquals(DeviceStatus.online(), camera.status());
    }

    @Test
    public void aCameraWithoutAVideoProfileIsOnlineWithOnlineFalse() throws Exception {
        sim.withVideo(false);
        RecordingDeviceContext camera = open("camera.main");
        camera.awaitValue("online", false);
        DeviceStatus status = camera.awaitStatus(s -> s.state() == DeviceState.ONLINE);
        assertTrue(status.reason(), status.reason().contains("no media profile with a video source"));
        try {
            adapter.snapshot("camera.main").toCompletableFuture().get(5, TimeUnit.SECONDS);
            throw new AssertionError("a snapshot without a video profile");
        } catch (java.util.concurrent.ExecutionException e) {
            assertTrue(e.getCause().getMessage(), e.getCause().getMessage().contains("has no snapshot URI"));
        }
    }

    @Test
    public void closingTheCameraUnsubscribesItsPullPoint() throws Exception {
        var opened = hub.open(CameraFiles.onvif("camera.main", sim), WAIT);
        opened.context().awaitOnline();
        RecordingDeviceContext.awaitCondition("a pull point exists", WAIT, () -> sim.liveSubscriptions() == 1);
        opened.handler().close();
        assertEquals(0, sim.liveSubscriptions());
        assertEquals(1, sim.calls("Unsubscribe"));
    }

    @Test
    public void closingTheCameraAbortsItsOutstandingPullSoTheCameraSeesTheConnectionClosed() throws Exception {
        // the camera holds each PullMessages for up to 30 s; a close that left it running would leave it open that long
        var opened = hub.open(CameraFiles.onvif("camera.main", sim, "camera.pull.seconds = 30"), WAIT);
        opened.context().awaitOnline();
        // the first pull brings the Initialized states at once; the one after it waits on the camera
        RecordingDeviceContext.awaitCondition("a pull is waiting on the camera", WAIT, () -> sim.calls("PullMessages") >= 2);
        Thread.sleep(300);
        int pulls = sim.calls("PullMessages");
        assertEquals("no connection of the camera was dropped by the adapter yet", 0, Sockets.hungUpOn(sim.port()));
        opened.handler().close();
        // without the abort the camera would hold the pull, its connection open, for up to 15 s more
        RecordingDeviceContext.awaitCondition("the camera sees the pull's connection closed by the adapter",
                Duration.ofSeconds(2), () -> Sockets.hungUpOn(sim.port()) >= 1);
        Thread.sleep(500); // a pull loop still running would pull again as soon as the aborted pull ended
        assertEquals("no pull after close", pulls, sim.calls("PullMessages"));
        assertEquals(1, sim.calls("Unsubscribe"));
    }

    @Test
    public void aCameraThatStopsAnsweringGoesOfflineWithTheReasonAndComesBack() throws Exception {
        RecordingDeviceContext camera = open("camera.main");
        camera.awaitOnline();
        sim.soapMode(CameraSimulator.Mode.HANG);
        long start = System.nanoTime();
        DeviceStatus status = camera.awaitStatus(s -> s.state() == DeviceState.OFFLINE);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        // whichever notices first: the health check (1 s limit) or the pull point (1 s wait + 1 s limit)
        assertTrue(status.reason(), status.reason().matches(".*no answer from camera camera\\.main \\((GetSystemDateAndTime|GetDeviceInformation|PullMessages)\\) at "
                + "http://127\\.0\\.0\\.1:\\d+/onvif/\\S+ within (1000|2000) ms.*"));
        // one poll (1 s) plus one timeout (1 s, the pull's wait on top), with room for a loaded machine
        assertTrue("offline after " + millis + " ms", millis < 6_000);
        camera.awaitPoint("online", v -> v.quality() == dev.yakata.api.device.Quality.BAD);
        sim.soapMode(CameraSimulator.Mode.NORMAL);
        camera.awaitOnline();
    }

    @Test
    public void aShortLivedPullPointIsRenewedAndEventsKeepComing() throws Exception {
        sim.maxTermination(Duration.ofSeconds(4));
        // this test is about renewal: a slow answer on a loaded machine (over the files' 1 s limit) would end the
        // subscription for another reason and count a second CreatePullPointSubscription
        RecordingDeviceContext camera = open("camera.main", "camera.timeout.millis = 5000");
        camera.awaitOnline();
        RecordingDeviceContext.awaitCondition("a pull point exists", WAIT, () -> sim.liveSubscriptions() == 1);
        Thread.sleep(7_000);
        assertTrue("renewals in 7 s of a 4 s grant: " + sim.calls("Renew"), sim.calls("Renew") >= 2);
        assertEquals("the first subscription lives on", 1, sim.calls("CreatePullPointSubscription"));
        sim.emitMotion(true);
        camera.awaitEvent(EventTypes.CAMERA_MOTION);
        assertEquals(DeviceStatus.online(), camera.status());
    }

    @Test
    public void anUnreadableNotificationIsCountedAndTheNextOnesStillArrive() throws Exception {
        RecordingDeviceContext camera = open("camera.main");
        camera.awaitOnline();
        RecordingDeviceContext.awaitCondition("a pull point exists", WAIT, () -> sim.liveSubscriptions() == 1);
        sim.emitWithoutTopic();
        sim.emitMotion(true);
        camera.awaitEvent(EventTypes.CAMERA_MOTION);
        String counts = adapter.cameraCounts().get("camera.main");
        assertTrue(counts, counts.contains("1 unreadable or without a state"));
        assertEquals(DeviceStatus.online(), camera.status());
        assertEquals(1, sim.calls("CreatePullPointSubscription"));
    }

    @Test
    public void aSnapshotUriOnAnotherHostIsRefusedSoCredentialsStayWithTheCamera() throws Exception {
        sim.snapshotHost("localhost");
        RecordingDeviceContext camera = open("camera.main");
        DeviceStatus status = camera.awaitStatus(s -> s.state() == DeviceState.ONLINE);
        assertTrue(status.reason(), status.reason().contains("no snapshots: the camera names its snapshot URI http://localhost:"
                + sim.port() + "/snapshot.jpg, on another host than camera.url (127.0.0.1)"));
        int before = sim.calls("snapshot");
        try {
            adapter.snapshot("camera.main").toCompletableFuture().get(5, TimeUnit.SECONDS);
            throw new AssertionError("fetched a snapshot from another host");
        } catch (java.util.concurrent.ExecutionException e) {
            assertTrue(e.getCause().getMessage(), e.getCause().getMessage().contains("another host than camera.url"));
        }
        assertEquals("no request went to the other host", before, sim.calls("snapshot"));
    }

    @Test
    public void aCameraOlderThanGetServicesIsFoundThroughGetCapabilities() throws Exception {
        sim.getServices(false);
        RecordingDeviceContext camera = open("camera.main");
        camera.awaitOnline();
        assertTrue(sim.calls("GetCapabilities") >= 1);
        RecordingDeviceContext.awaitCondition("a pull point exists", WAIT, () -> sim.liveSubscriptions() == 1);
        sim.emitMotion(true);
        camera.awaitEvent(EventTypes.CAMERA_MOTION);
    }

    @Test
    public void aCameraThatWantsHttpDigestOnItsServicesIsServed() throws Exception {
        sim.soapHttpDigest(true);
        RecordingDeviceContext camera = open("camera.main");
        camera.awaitOnline();
        RecordingDeviceContext.awaitCondition("a pull point exists", WAIT, () -> sim.liveSubscriptions() == 1);
        sim.emitMotion(true);
        camera.awaitEvent(EventTypes.CAMERA_MOTION);
        assertArrayEquals(sim.jpeg(), adapter.snapshot("camera.main").toCompletableFuture().get(5, TimeUnit.SECONDS).jpeg());
    }

    @Test
    public void withEventsOffTheCameraIsWatchedWithoutASubscription() throws Exception {
        RecordingDeviceContext camera = open("camera.main", "camera.events = false");
        camera.awaitOnline();
        Thread.sleep(1_500);
        assertEquals(0, sim.calls("CreatePullPointSubscription"));
        assertEquals(DeviceStatus.online(), camera.status());
    }

    @Test
    public void aTamperThatEndedWhileTheCameraWasUnreachableClearsWhenItIsBack() throws Exception {
        RecordingDeviceContext camera = open("camera.main");
        camera.awaitOnline();
        RecordingDeviceContext.awaitCondition("a pull point exists", WAIT, () -> sim.liveSubscriptions() == 1);
        sim.emitTamper(true);
        camera.awaitStatus(s -> s.detail() == StatusDetail.HARDWARE_FAULT);
        sim.soapMode(CameraSimulator.Mode.HANG);
        camera.awaitState(DeviceState.OFFLINE);
        sim.emitTamper(false); // nobody pulls it now: the camera's Initialized state tells the adapter later
        sim.soapMode(CameraSimulator.Mode.NORMAL);
        camera.awaitEvent(Camera.TAMPER_CLEARED);
        camera.awaitOnline();
        camera.awaitValue("tamper", false);
    }
}
