package dev.yakata.adapter.onvif.internal;

import dev.yakata.adapter.simulator.onvif.CameraSimulator;
import dev.yakata.tck.AdapterContractTest;
import dev.yakata.tck.AdapterUnderTest;
import org.junit.jupiter.api.AfterAll;

/**
 * The onvif adapter against the adapter contract (yakata-adapter-tck), driving an ONVIF camera simulator on 127.0.0.1.
 * Disconnection stops the simulator and starts a new one on the same port; silence makes its SOAP services and snapshot
 * accept requests and never answer. The camera takes no commands, so the clauses on commands are not checked. The
 * adapter's one {@code java.net.http.HttpClient} and its I/O threads, shared by all its cameras for the adapter's life,
 * are there after the first close and stay: the TCK counts them as the adapter's own, not a camera's.
 */
class OnvifContractTest extends AdapterContractTest {

    private static final int RGB = 0x285AA0;

    private CameraSimulator camera;
    private int port;

    @Override
    protected AdapterUnderTest adapterUnderTest() throws Exception {
        camera = new CameraSimulator(CameraFiles.USER, CameraFiles.PASSWORD);
        port = camera.port();
        return AdapterUnderTest.of(OnvifAdapter.ID, OnvifAdapter::new)
                .deviceFile(CameraFiles.text("onvif", camera.deviceUrl(), "device.id = camera.1f.main-entrance"))
                .disconnect(this::stopCamera, this::startCamera)
                .silence(() -> mode(CameraSimulator.Mode.HANG), () -> mode(CameraSimulator.Mode.NORMAL))
                // the simulated camera's HTTP server runs in this JVM: its threads are the peer's, not the adapter's
                .ignoreThreads("yakata-simulator-camera")
                .build();
    }

    private void stopCamera() {
        camera.close();
    }

    private void startCamera() throws Exception {
        camera = new CameraSimulator(CameraFiles.USER, CameraFiles.PASSWORD, port, RGB);
    }

    private void mode(CameraSimulator.Mode mode) {
        camera.soapMode(mode);
        camera.snapshotMode(mode);
    }

    @AfterAll
    void closeCamera() {
        if (camera != null) {
            camera.close();
        }
    }
}
