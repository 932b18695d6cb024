package dev.yakata.adapter.bacnet.interop;

import dev.yakata.adapter.bacnet.BacnetAdapter;
import dev.yakata.adapter.bacnet.client.ClientConfig;
import dev.yakata.tck.AdapterContractTest;
import dev.yakata.tck.AdapterUnderTest;
import dev.yakata.tck.Limits;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;

/**
 * The bacnet adapter against the adapter contract (yakata-adapter-tck): an air conditioner on a BACnet/IP device played
 * by the independent {@code @bacnet-js/client} stack ({@code src/test/node/bacnet-device.js}) on a free 127.0.0.1 UDP
 * port. Disconnection ends the node process and starts a new one on the same port; silence makes it stop answering
 * anything (its {@code silent} command) while it keeps its port. The adapter's APDU timeout (2 attempts of 1 s) is longer
 * than the command limit (1.5 s) here, so a write to the silent device is timed out by the hub, not by the adapter.
 *
 * <p>The adapter's one BACnet/IP endpoint (a UDP socket and its rx, timer and callback threads,
 * {@code yakata-bacnet-<port>-*}) is shared by all its devices: it opens with the first device and closes in
 * {@code @Deactivate}, so it is there after the first close and stays, and the TCK counts it as the adapter's own.
 */
class BacnetContractTest extends AdapterContractTest {

    private static final int INSTANCE = 4711;

    private BacnetJsDevice peer;
    private int port;

    @Override
    protected AdapterUnderTest adapterUnderTest() throws Exception {
        peer = new BacnetJsDevice(INSTANCE);
        port = peer.port;
        String file = String.join("\n",
                "device.id = hvac.2f.server-room",
                "device.type = hvac",
                "adapter = bacnet",
                "bacnet.address = 127.0.0.1:" + port,
                "bacnet.instance = " + INSTANCE,
                "bacnet.pollMillis = 200",
                "bacnet.backoffMaxMillis = 500",
                "point.supply-temp.kind = analog",
                "point.supply-temp.unit = \\u00b0C",
                "point.supply-temp.address = analog-input:1",
                "point.setpoint.kind = analog",
                "point.setpoint.unit = \\u00b0C",
                "point.setpoint.writable = true",
                "point.setpoint.address = analog-value:2/present-value@8",
                "point.crac-status.kind = multistate",
                "point.crac-status.address = multi-state-value:3",
                "");
        return AdapterUnderTest.of("bacnet", () -> new BacnetAdapter(
                        ClientConfig.bindTo(new InetSocketAddress("127.0.0.1", 0)).withTimeout(1000, 1), null, 60))
                .deviceFile(file)
                .disconnect(() -> peer.close(), () -> peer = new BacnetJsDevice(INSTANCE, port))
                .silence(() -> peer.send("{\"cmd\":\"silent\",\"on\":true}"), () -> peer.send("{\"cmd\":\"silent\",\"on\":false}"))
                // a device that stops answering holds the write until the hub's limit: keep it short
                .limits(Limits.defaults().withCommand(Duration.ofMillis(1500)))
                .build();
    }

    @AfterAll
    void stopPeer() {
        if (peer != null) {
            peer.close();
        }
    }
}
