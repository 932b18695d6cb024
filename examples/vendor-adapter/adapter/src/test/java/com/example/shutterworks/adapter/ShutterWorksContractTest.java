package com.example.shutterworks.adapter;

import com.example.shutterworks.simulator.ShutterWorksSimulator;
import dev.yakata.tck.AdapterContractTest;
import dev.yakata.tck.AdapterUnderTest;
import dev.yakata.tck.Limits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;

/**
 * The adapter contract (the Yakata TCK) against the SW-200 simulator: the shipped sample device file, pointed at a
 * simulator on a free loopback port, with short timings so the disconnect and silence clauses run in seconds.
 */
class ShutterWorksContractTest extends AdapterContractTest {

    private static ShutterWorksSimulator simulator;

    @Override
    protected AdapterUnderTest adapterUnderTest() throws Exception {
        if (simulator == null) {
            simulator = ShutterWorksSimulator.builder().port(0).password("counter5").travel(Duration.ofMillis(500)).start();
        }
        ShutterWorksSimulator sim = simulator;
        return AdapterUnderTest.of(ShutterWorksAdapter.ID, ShutterWorksAdapter::new)
                .deviceFile(deviceFile(sim.port()))
                .disconnect(sim::dropConnections, sim::acceptConnections)
                .silence(sim::silence, sim::answer)
                .ignoreThreads("shutterworks-simulator-") // the peer's loop, not the adapter's
                // Commands end within 2 s (a move takes 0.5 s), well before a silent controller is noticed (3.5 s):
                // so a command sent to the silent controller is timed out and cancelled by the hub, as the TCK checks.
                .limits(Limits.defaults().withCommand(Duration.ofSeconds(2)))
                .build();
    }

    /** The sample device file of etc/, on the simulator's port, with timings for a test. */
    static String deviceFile(int port) throws Exception {
        String sample = Files.readString(Path.of("..", "etc", "dev.yakata.device-shutter.1f.counter-5.cfg"));
        if (!sample.contains("controller.port = 7700")) {
            throw new IllegalStateException("the sample device file no longer sets controller.port = 7700");
        }
        return sample.replace("controller.port = 7700", "controller.port = " + port)
                + "\ncontroller.replyTimeoutMillis = 1000\ncontroller.heartbeatMillis = 2500"
                + "\ncontroller.reconnectMinMillis = 200\ncontroller.reconnectMaxMillis = 1000\n";
    }

    @AfterAll
    static void stopSimulator() {
        if (simulator != null) {
            simulator.close();
            simulator = null;
        }
    }
}
