package dev.yakata.adapter.onvif.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import dev.yakata.adapter.simulator.onvif.CameraSimulator;
import dev.yakata.adapter.onvif.snapshot.SnapshotException;
import dev.yakata.api.device.DeviceState;
import dev.yakata.api.device.DeviceStatus;
import dev.yakata.api.event.EventTypes;
import dev.yakata.testkit.RecordingDeviceContext;
import dev.yakata.testkit.TestHub;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.Rule;
import org.junit.Test;

/** Cameras that hang, send garbage, malformed SOAP, faults or bodies that are not JPEGs: bounded, clear, contained. */
public class MisbehavingCameraTest {

    private static final Duration WAIT = CameraRig.WAIT;

    @Rule
    public final CameraRig rig = new CameraRig();
    private final CameraSimulator bad = rig.camera();
    private final CameraSimulator good = rig.camera();
    private final OnvifAdapter adapter = rig.adapter;
    private final TestHub hub = rig.hub;

    private DeviceStatus offlineReason(CameraSimulator.Mode mode) throws Exception {
        bad.soapMode(mode);
        RecordingDeviceContext camera = rig.open(CameraFiles.onvif("camera.bad", bad));
        return camera.awaitStatus(s -> s.state() == DeviceState.OFFLINE);
    }

    @Test
    public void aHangingCameraIsOfflineInBoundedTimeWhileAnotherCameraCarriesOn() throws Exception {
        bad.soapMode(CameraSimulator.Mode.HANG);
        long start = System.nanoTime();
        RecordingDeviceContext hanging = rig.open(CameraFiles.onvif("camera.bad", bad));
        RecordingDeviceContext working = rig.open(CameraFiles.onvif("camera.good", good));
        DeviceStatus status = hanging.awaitStatus(s -> s.state() == DeviceState.OFFLINE);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(status.reason(), status.reason().contains("no answer from camera camera.bad (GetSystemDateAndTime) at "
                + bad.deviceUrl() + " within 1000 ms"));
        assertTrue("offline after " + millis + " ms", millis < 4_000);

        working.awaitOnline();
        RecordingDeviceContext.awaitCondition("a pull point on the good camera", WAIT, () -> good.liveSubscriptions() == 1);
        good.emitMotion(true);
        working.awaitEvent(EventTypes.CAMERA_MOTION);
        assertArrayEquals(good.jpeg(), adapter.snapshot("camera.good").toCompletableFuture().get(3, TimeUnit.SECONDS).jpeg());
    }

    @Test
    public void garbageInsteadOfSoapIsAClearReason() throws Exception {
        DeviceStatus status = offlineReason(CameraSimulator.Mode.GARBAGE);
        assertTrue(status.reason(), status.reason().contains("answered GetSystemDateAndTime is not well-formed XML"));
        assertTrue(status.reason(), status.reason().contains("the body starts"));
    }

    @Test
    public void xmlThatIsNotSoapIsAClearReason() throws Exception {
        DeviceStatus status = offlineReason(CameraSimulator.Mode.NOT_SOAP);
        assertTrue(status.reason(), status.reason().contains("with XML that is not a SOAP envelope (root element html)"));
    }

    @Test
    public void aSoapEnvelopeCutOffMidElementIsAClearReasonWithItsPlace() throws Exception {
        DeviceStatus status = offlineReason(CameraSimulator.Mode.TRUNCATED);
        assertTrue(status.reason(), status.reason().contains("answered GetSystemDateAndTime is not well-formed XML (line 1, column"));
        assertTrue(status.reason(), status.reason().contains("camera camera.bad at " + bad.deviceUrl()));
    }

    @Test
    public void aSoapFaultIsNamedInTheReason() throws Exception {
        DeviceStatus status = offlineReason(CameraSimulator.Mode.SOAP_FAULT);
        assertTrue(status.reason(), status.reason().contains("refused GetDeviceInformation: ter:ActionNotSupported \"Optional Action Not Implemented\""));
    }

    private String snapshotFailure(CameraSimulator.Mode mode, long maxMillis) throws Exception {
        RecordingDeviceContext camera = rig.open(CameraFiles.onvif("camera.bad", bad));
        camera.awaitOnline();
        bad.snapshotMode(mode);
        long start = System.nanoTime();
        try {
            adapter.snapshot("camera.bad").toCompletableFuture().get(10, TimeUnit.SECONDS);
            fail("a snapshot from a camera in mode " + mode);
            return "";
        } catch (ExecutionException e) {
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue("failed after " + millis + " ms", millis < maxMillis);
            assertTrue(String.valueOf(e.getCause()), e.getCause() instanceof SnapshotException);
            return e.getCause().getMessage();
        }
    }

    @Test
    public void aSnapshotThatIsNotAJpegIsRefused() throws Exception {
        String message = snapshotFailure(CameraSimulator.Mode.NOT_JPEG, 3_000);
        assertTrue(message, message.contains("the snapshot of camera camera.bad at " + bad.snapshotUrl()
                + " is not a JPEG (38 bytes, text/html, does not start with FF D8)"));
    }

    @Test
    public void aSnapshotThatHangsFailsWithinItsTimeout() throws Exception {
        String message = snapshotFailure(CameraSimulator.Mode.HANG, 2_500);
        assertTrue(message, message.contains("within 1000 ms") || message.contains("did not finish within"));
    }

    @Test
    public void aSnapshotRedirectedElsewhereIsRefused() throws Exception {
        String message = snapshotFailure(CameraSimulator.Mode.REDIRECT, 3_000);
        assertTrue(message, message.contains("redirected (HTTP 302) to http://192.0.2.10/snapshot.jpg"));
    }

    @Test
    public void anOversizedSnapshotIsCutOffAtTheLimit() throws Exception {
        String message = snapshotFailure(CameraSimulator.Mode.OVERSIZED, 3_000);
        assertTrue(message, message.contains("sent a body over the limit of 4194304 bytes"));
    }
}
