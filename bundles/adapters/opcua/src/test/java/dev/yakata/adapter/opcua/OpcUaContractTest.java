package dev.yakata.adapter.opcua;

import dev.yakata.adapter.opcua.client.OpcUaAdapter;
import dev.yakata.opcua.common.NodePeer;
import dev.yakata.tck.AdapterContractTest;
import dev.yakata.tck.AdapterUnderTest;
import dev.yakata.tck.Limits;
import dev.yakata.testkit.Signals;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;

/**
 * The opcua adapter against the adapter contract (yakata-adapter-tck): an air-handling unit on a building-management
 * server played by node-opcua ({@code src/test/node/device-server.js}) on a free 127.0.0.1 port. Disconnection kills
 * the server and starts a new one on the same port; silence freezes it (SIGSTOP): its TCP connection stays up and
 * nothing answers.
 *
 * <p>The adapter instance's own PKI, trust-list watcher and client threads ({@code yakata-opcua-*}, all made in its
 * constructor and released in {@code @Deactivate}) are there after the device's first close and stay: the TCK counts
 * them as the adapter's own. The test deactivates each instance it made when it is done.
 */
class OpcUaContractTest extends AdapterContractTest {

    private Path work;
    private int port;
    private NodePeer server;
    private final List<OpcUaAdapter> made = new ArrayList<>();

    @Override
    protected AdapterUnderTest adapterUnderTest() throws Exception {
        work = Files.createTempDirectory("yakata-opcua-tck");
        port = NodePeer.freePort();
        startServer();
        String file = String.join("\n",
                "device.id = hvac.2f.ahu-1",
                "device.type = hvac",
                "adapter = opcua",
                "opcua.endpoint = " + server.endpoint(),
                "opcua.samplingIntervalMillis = 50",
                "opcua.reconnectMinMillis = 200",
                "opcua.reconnectMaxMillis = 1000",
                "point.supply-temp.kind = analog",
                "point.supply-temp.address = ns=1;s=Hvac.SupplyTemp",
                "point.enabled.kind = binary",
                "point.enabled.writable = true",
                "point.enabled.address = ns=1;s=Hvac.Enabled",
                "");
        return AdapterUnderTest.of(OpcUaAdapter.ADAPTER, this::adapter)
                .deviceFile(file)
                .disconnect(() -> server.kill(), this::startServer)
                .silence(() -> signal("STOP"), () -> signal("CONT"))
                // a frozen server holds the write until the hub's limit: keep it short
                .limits(Limits.defaults().withCommand(Duration.ofSeconds(3)))
                .build();
    }

    /** An instance as DS makes one; the test deactivates each when it is done. */
    private OpcUaAdapter adapter() {
        try {
            OpcUaAdapter adapter = new OpcUaAdapter(work.resolve("hub-pki"), "urn:yakata:hub:client");
            made.add(adapter);
            return adapter;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void startServer() throws Exception {
        server = NodePeer.start("device-server.js", port, "--pki", work.resolve("bms-pki").toString());
    }

    /** Sends a signal to this test's node server (a child of this JVM, found by its port). */
    private void signal(String name) throws Exception {
        Signals.send(name, "this test's OPC UA server",
                p -> Signals.arguments(p).matches(".*device-server\\.js --port " + port + "( .*|$)"));
    }

    @AfterAll
    void stopServer() throws Exception {
        made.forEach(OpcUaAdapter::close);
        if (server != null) {
            server.close();
        }
    }
}
