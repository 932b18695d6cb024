package dev.yakata.adapter.onvif.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertTrue;

import dev.yakata.adapter.simulator.onvif.CameraSimulator;
import dev.yakata.adapter.simulator.onvif.CameraSimulator.SnapshotAuth;
import dev.yakata.api.device.DeviceState;
import dev.yakata.api.device.DeviceStatus;
import dev.yakata.testkit.RecordingDeviceContext;
import dev.yakata.testkit.TestHub;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.Rule;
import org.junit.Test;

/** Cameras without ONVIF: a snapshot URL behind HTTP Digest (RFC 7616) or Basic. */
public class HttpSnapshotCameraTest {

    private static final Duration WAIT = CameraRig.WAIT;

    @Rule
    public final CameraRig rig = new CameraRig();
    private final CameraSimulator sim = rig.camera();
    private final OnvifAdapter adapter = rig.adapter;
    private final TestHub hub = rig.hub;

    private void snapshotWorks(SnapshotAuth auth, String... extra) throws Exception {
        sim.snapshotAuth(auth);
        RecordingDeviceContext camera = rig.open(CameraFiles.http("camera.side", sim, extra));
        camera.awaitOnline();
        camera.awaitValue("online", true);
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(sim.jpeg(), adapter.snapshot("camera.side").toCompletableFuture().get(3, TimeUnit.SECONDS).jpeg());
        }
    }

    @Test
    public void digestSha256SnapshotCamera() throws Exception {
        snapshotWorks(SnapshotAuth.DIGEST_SHA256);
    }

    @Test
    public void digestMd5SnapshotCamera() throws Exception {
        snapshotWorks(SnapshotAuth.DIGEST_MD5);
    }

    @Test
    public void aDigestChallengeIsReusedSoASnapshotCostsOneRequest() throws Exception {
        snapshotWorks(SnapshotAuth.DIGEST_BOTH);
        int before = sim.calls("snapshot");
        adapter.snapshot("camera.side").toCompletableFuture().get(3, TimeUnit.SECONDS);
        assertTrue("requests for one snapshot: " + (sim.calls("snapshot") - before), sim.calls("snapshot") - before <= 2);
    }

    @Test
    public void basicSnapshotCameraWhenBasicIsAllowed() throws Exception {
        snapshotWorks(SnapshotAuth.BASIC, "camera.auth = basic");
    }

    @Test
    public void aBasicOnlyCameraIsRefusedUnlessBasicIsAllowed() throws Exception {
        sim.snapshotAuth(SnapshotAuth.BASIC);
        RecordingDeviceContext camera = rig.open(CameraFiles.http("camera.side", sim));
        DeviceStatus status = camera.awaitStatus(s -> s.state() == DeviceState.OFFLINE);
        assertTrue(status.reason(), status.reason().contains("offers only Basic authentication"));
        assertTrue(status.reason(), status.reason().contains("camera.auth = basic"));
    }

    @Test
    public void aWrongPasswordOnASnapshotCameraIsAClearReason() throws Exception {
        sim.snapshotAuth(SnapshotAuth.DIGEST_SHA256);
        sim.password("changed");
        RecordingDeviceContext camera = rig.open(CameraFiles.http("camera.side", sim));
        DeviceStatus status = camera.awaitStatus(s -> s.state() == DeviceState.OFFLINE);
        assertTrue(status.reason(), status.reason().contains("wrong user or password for the snapshot of camera camera.side at "
                + sim.snapshotUrl() + ": the camera refused the user or password (HTTP 401)"));
    }

    @Test
    public void aNonJpegBodyMakesTheCameraOffline() throws Exception {
        sim.snapshotAuth(SnapshotAuth.DIGEST_SHA256);
        sim.snapshotMode(CameraSimulator.Mode.NOT_JPEG);
        RecordingDeviceContext camera = rig.open(CameraFiles.http("camera.side", sim));
        DeviceStatus status = camera.awaitStatus(s -> s.state() == DeviceState.OFFLINE);
        assertTrue(status.reason(), status.reason().contains("is not a JPEG"));
    }

    @Test
    public void anUnknownSettingRefusesTheDeviceNamingTheKey() {
        try {
            adapter.open(CameraFiles.http("camera.side", sim, "camera.pasword = x").definition(), null);
            throw new AssertionError("opened with a misspelt key");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("unknown setting camera.pasword"));
        }
    }
}
