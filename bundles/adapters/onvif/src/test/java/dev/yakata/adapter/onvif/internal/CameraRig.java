package dev.yakata.adapter.onvif.internal;

import dev.yakata.adapter.simulator.onvif.CameraSimulator;
import dev.yakata.core.model.DeviceConfig;
import dev.yakata.testkit.RecordingDeviceContext;
import dev.yakata.testkit.TestHub;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.rules.ExternalResource;

/**
 * The set-up every camera test shares, as a JUnit rule: the real onvif adapter behind the testkit's hub, and camera
 * simulators on 127.0.0.1 with the test account ({@link CameraFiles}); all of it closed after each test, hub first.
 */
final class CameraRig extends ExternalResource {

    static final Duration WAIT = Duration.ofSeconds(10);

    final OnvifAdapter adapter = new OnvifAdapter();
    final TestHub hub = new TestHub(adapter);
    private final List<CameraSimulator> cameras = new ArrayList<>();

    /** A new simulated camera on a free loopback port, closed with the rig. */
    CameraSimulator camera() {
        try {
            CameraSimulator camera = new CameraSimulator(CameraFiles.USER, CameraFiles.PASSWORD);
            cameras.add(camera);
            return camera;
        } catch (IOException e) {
            throw new UncheckedIOException("the camera simulator could not bind 127.0.0.1", e);
        }
    }

    /** Opens a device file through the hub, as the core would; its recording context. */
    RecordingDeviceContext open(DeviceConfig file) throws Exception {
        return hub.open(file, WAIT).context();
    }

    @Override
    protected void after() {
        try {
            hub.close();
        } catch (Exception e) {
            throw new AssertionError("the test hub did not close", e);
        } finally {
            adapter.deactivate();
            cameras.forEach(CameraSimulator::close);
        }
    }
}
