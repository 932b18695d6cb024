package dev.yakata.adapter.opcua;

import dev.yakata.testkit.RecordingDeviceContext;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.yakata.adapter.opcua.client.OpcUaAdapter;
import dev.yakata.api.adapter.DeviceHandler;
import dev.yakata.opcua.common.NodePeer;
import dev.yakata.api.device.DeviceDefinition;
import dev.yakata.api.device.DeviceState;
import dev.yakata.api.device.DeviceStatus;
import dev.yakata.api.device.PointKind;
import dev.yakata.api.device.Quality;
import dev.yakata.api.device.StatusDetail;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.Test;

/** A building-management server that crashes and comes back: the device follows it and keeps its point mapping. */
public class SessionRecoveryInteropTest {

    @Test
    public void aRestartedServerTakesTheDeviceOfflineAndBackOnlineWithItsSubscriptionRecreated() throws Exception {
        Path work = Files.createTempDirectory("yakata-opcua-restart");
        int port = NodePeer.freePort();
        String pki = work.resolve("bms-pki").toString();
        NodePeer server = NodePeer.start("device-server.js", port, "--pki", pki);
        OpcUaAdapter adapter = new OpcUaAdapter(work.resolve("hub-pki"), "urn:yakata:hub:client");
        DeviceDefinition device = DeviceDefinition.builder("hvac.restart", "hvac", "opcua")
                .point(ClientAdapterInteropTest.point("supply-temp", PointKind.ANALOG, false, "ns=1;s=Hvac.SupplyTemp"))
                .point(ClientAdapterInteropTest.point("enabled", PointKind.BINARY, true, "ns=1;s=Hvac.Enabled"))
                .properties(ClientAdapterInteropTest.settings(server.endpoint())).build();
        try (RecordingDeviceContext context = new RecordingDeviceContext(device, java.time.Duration.ofMillis(NodePeer.WAIT_MILLIS))) {
            DeviceHandler handler = adapter.open(device, context);
            try {
                context.awaitStatus(s -> s.equals(DeviceStatus.online()));
                server.send("set Hvac.SupplyTemp 19.5");
                context.awaitPoint("supply-temp", v -> Double.valueOf(19.5).equals(v.value()));

                server.kill();
                DeviceStatus lost = context.awaitStatus(s -> s.state() == DeviceState.OFFLINE);
                assertEquals(StatusDetail.COMMUNICATION_ERROR, lost.detail());
                assertTrue(lost.reason(), lost.reason().contains("session to " + server.endpoint() + " lost"));
                assertEquals(Quality.BAD, context.awaitPoint("supply-temp", v -> v.quality() == Quality.BAD).quality());

                server = NodePeer.start("device-server.js", port, "--pki", pki);
                context.awaitStatus(s -> s.equals(DeviceStatus.online()));
                // The new server process knows nothing of the old subscription: values only flow if it was recreated.
                server.send("set Hvac.SupplyTemp 24.5");
                context.awaitPoint("supply-temp", v -> Double.valueOf(24.5).equals(v.value()));
                context.awaitPoint("enabled", v -> v.quality() == Quality.GOOD);
            } finally {
                handler.close();
                adapter.close();
                server.close();
            }
        }
    }
}
