package dev.yakata.adapter.opcua;

import dev.yakata.testkit.RecordingDeviceContext;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import dev.yakata.adapter.opcua.client.OpcUaAdapter;
import dev.yakata.adapter.opcua.tools.OpcUaClientTools.BrowseEntry;
import dev.yakata.opcua.common.NodePeer;
import dev.yakata.opcua.common.certificates.CertificateEntry;
import dev.yakata.api.adapter.DeviceHandler;
import dev.yakata.api.command.Command;
import dev.yakata.api.command.CommandOutcome;
import dev.yakata.api.command.Issuer;
import dev.yakata.api.command.OutcomeStatus;
import dev.yakata.api.device.DeviceDefinition;
import dev.yakata.api.device.DeviceState;
import dev.yakata.api.device.PointDefinition;
import dev.yakata.api.device.PointKind;
import dev.yakata.api.device.Quality;
import dev.yakata.api.device.StatusDetail;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The client adapter against a node-opcua server playing a building-management system: subscriptions, writes,
 * method calls, user names, encryption and the failures an operator must be able to read.
 */
public class ClientAdapterInteropTest {

    private static Path work;
    private static NodePeer server;
    private static OpcUaAdapter adapter;

    private final List<AutoCloseable> opened = new ArrayList<>();

    @BeforeClass
    public static void startServer() throws Exception {
        work = Files.createTempDirectory("yakata-opcua-client");
        server = NodePeer.start("device-server.js", NodePeer.freePort(), "--pki", work.resolve("bms-pki").toString());
        adapter = new OpcUaAdapter(work.resolve("hub-pki"), "urn:yakata:hub:client");
    }

    @AfterClass
    public static void stopServer() throws Exception {
        if (adapter != null) {
            adapter.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @After
    public void closeDevices() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    static PointDefinition point(String id, PointKind kind, boolean writable, String address) {
        return PointDefinition.builder(id, kind).writable(writable).address(address).build();
    }

    static Map<String, String> settings(String endpoint, String... keyValues) {
        Map<String, String> map = new HashMap<>();
        map.put("opcua.endpoint", endpoint);
        map.put("opcua.samplingIntervalMillis", "50");
        map.put("opcua.reconnectMinMillis", "200");
        map.put("opcua.reconnectMaxMillis", "1000");
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put(keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    private RecordingDeviceContext open(Map<String, String> properties, PointDefinition... points) throws Exception {
        DeviceDefinition device = DeviceDefinition.builder("bms.test", "shutter", "opcua").floor("2F").zone("L2")
                .points(List.of(points)).properties(properties).build();
        RecordingDeviceContext context = new RecordingDeviceContext(device, java.time.Duration.ofMillis(NodePeer.WAIT_MILLIS));
        opened.add(context);
        DeviceHandler handler = adapter.open(device, context);
        opened.add(handler::close);
        handlers.put(context, handler);
        return context;
    }

    private final Map<RecordingDeviceContext, DeviceHandler> handlers = new HashMap<>();

    /** Commands reach an adapter already authorised by the core; who issued them does not matter here. */
    private static final Issuer OPERATOR = Issuer.of("operator", Issuer.Channel.SHELL, "yakata-operator");

    private CommandOutcome execute(RecordingDeviceContext context, Command command) throws Exception {
        return handlers.get(context).execute(command).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private static boolean online(dev.yakata.api.device.DeviceStatus status) {
        return status.state() == DeviceState.ONLINE;
    }

    @Test
    public void subscribedValuesArriveWithTheirKindAndQuality() throws Exception {
        RecordingDeviceContext device = open(settings(server.endpoint()),
                point("state", PointKind.MULTISTATE, false, "ns=1;s=Shutter1.State"),
                point("supply-temp", PointKind.ANALOG, false, "ns=1;s=Hvac.SupplyTemp"),
                point("enabled", PointKind.BINARY, true, "ns=1;s=Hvac.Enabled"),
                point("label", PointKind.TEXT, true, "ns=1;s=Hvac.Label"),
                point("broken", PointKind.ANALOG, false, "ns=1;s=Hvac.Broken"));
        device.awaitStatus(s -> s.equals(dev.yakata.api.device.DeviceStatus.online()));
        assertEquals(0L, device.awaitPoint("state", v -> v.quality() == Quality.GOOD).value());
        assertEquals(false, device.awaitPoint("enabled", v -> v.quality() == Quality.GOOD).value());
        assertEquals("AHU-1", device.awaitPoint("label", v -> v.quality() == Quality.GOOD).value());
        assertEquals(Quality.BAD, device.awaitPoint("broken", v -> true).quality());

        server.send("set Hvac.SupplyTemp 21.5");
        assertEquals(21.5, device.awaitPoint("supply-temp", v -> Double.valueOf(21.5).equals(v.value())).value());
    }

    @Test
    public void writesReachTheServerAndAreTypeCheckedAgainstTheNodesDataType() throws Exception {
        RecordingDeviceContext device = open(settings(server.endpoint()),
                point("position", PointKind.ANALOG, true, "ns=1;s=Shutter1.Position"),
                point("mode", PointKind.MULTISTATE, true, "ns=1;s=Hvac.Mode"),
                point("enabled-as-number", PointKind.ANALOG, true, "ns=1;s=Hvac.Enabled"),
                point("readonly-state", PointKind.MULTISTATE, true, "ns=1;s=Shutter1.State"),
                point("nowhere", PointKind.ANALOG, true, "ns=1;s=No.Such.Node"));
        device.awaitStatus(s -> online(s));

        int mark = server.mark();
        CommandOutcome outcome = execute(device, Command.write("bms.test", "position", 42.0, OPERATOR, "test"));
        assertEquals(outcome.reason(), OutcomeStatus.COMPLETED, outcome.status());
        assertEquals("WRITE Shutter1.Position 42", server.awaitLine("WRITE Shutter1.Position", mark));
        assertEquals(42.0, device.awaitPoint("position", v -> Double.valueOf(42.0).equals(v.value())).value());

        assertEquals(OutcomeStatus.COMPLETED, execute(device, Command.write("bms.test", "mode", 3L, OPERATOR, "")).status());
        CommandOutcome tooBig = execute(device, Command.write("bms.test", "mode", 300L, OPERATOR, ""));
        assertEquals(OutcomeStatus.REJECTED, tooBig.status());
        assertTrue(tooBig.reason(), tooBig.reason().contains("300 is out of range for Byte"));

        CommandOutcome mismatch = execute(device, Command.write("bms.test", "enabled-as-number", 1.0, OPERATOR, ""));
        assertEquals(OutcomeStatus.REJECTED, mismatch.status());
        assertTrue(mismatch.reason(), mismatch.reason().contains("cannot write number 1.0 to a node of data type Boolean"));

        CommandOutcome refused = execute(device, Command.write("bms.test", "readonly-state", 1L, OPERATOR, ""));
        assertEquals(OutcomeStatus.FAILED, refused.status());
        assertTrue(refused.reason(), refused.reason().contains("Bad_NotWritable"));

        CommandOutcome unknown = execute(device, Command.write("bms.test", "nowhere", 1.0, OPERATOR, ""));
        assertEquals(OutcomeStatus.FAILED, unknown.status());
        assertTrue(unknown.reason(), unknown.reason().contains("Bad_NodeIdUnknown"));
    }

    @Test
    public void anActionCallsTheServersMethodWithTypedArguments() throws Exception {
        RecordingDeviceContext device = open(settings(server.endpoint(),
                        "opcua.action.close.object", "ns=1;s=Shutter1",
                        "opcua.action.close.method", "ns=1;s=Shutter1.Close",
                        "opcua.action.close.arguments", "speed:Double"),
                point("state", PointKind.MULTISTATE, false, "ns=1;s=Shutter1.State"));
        device.awaitStatus(s -> online(s));

        int mark = server.mark();
        CommandOutcome closed = execute(device, Command.action("bms.test", "close", Map.of("speed", "0.5"), OPERATOR, ""));
        assertEquals(closed.reason(), OutcomeStatus.COMPLETED, closed.status());
        assertEquals("closing", closed.data().get("output0"));
        assertEquals("CALL Shutter1.Close 0.5", server.awaitLine("CALL", mark));
        device.awaitPoint("state", v -> Long.valueOf(2).equals(v.value()));

        CommandOutcome refused = execute(device, Command.action("bms.test", "close", Map.of("speed", "0"), OPERATOR, ""));
        assertEquals(OutcomeStatus.FAILED, refused.status());
        assertTrue(refused.reason(), refused.reason().contains("Bad_InvalidArgument"));

        CommandOutcome notANumber = execute(device, Command.action("bms.test", "close", Map.of("speed", "fast"), OPERATOR, ""));
        assertEquals(OutcomeStatus.REJECTED, notANumber.status());
        assertTrue(notANumber.reason(), notANumber.reason().contains("'fast' is not a Double"));

        CommandOutcome unknownAction = execute(device, Command.action("bms.test", "open", Map.of(), OPERATOR, ""));
        assertEquals(OutcomeStatus.REJECTED, unknownAction.status());
        assertTrue(unknownAction.reason(), unknownAction.reason().contains("configured: close"));
    }

    @Test
    public void anEncryptedSessionWithAUserConnectsOnceAManagerTrustsTheServersCertificate() throws Exception {
        RecordingDeviceContext device = open(settings(server.endpoint(),
                        "opcua.securityPolicy", "Basic256Sha256", "opcua.securityMode", "SignAndEncrypt",
                        "opcua.username", "bms", "opcua.password", "bms-pass"),
                point("supply-temp", PointKind.ANALOG, false, "ns=1;s=Hvac.SupplyTemp"));
        // The trust may already exist when another test trusted it first; then the session simply comes up.
        if (adapter.trustedCertificates().isEmpty()) {
            var untrusted = device.awaitStatus(s -> s.detail() == StatusDetail.COMMUNICATION_ERROR);
            assertTrue(untrusted.reason(), untrusted.reason().contains("yakata:opcua-cert-trust"));
            List<CertificateEntry> rejected = CertificateEntry.of(adapter.rejectedCertificates());
            assertEquals(1, rejected.size());
            assertEquals("urn:yakata:test:bms", rejected.get(0).applicationUri());
            adapter.trust(rejected.get(0).thumbprint().substring(0, 8));
            assertTrue(adapter.rejectedCertificates().isEmpty());
        }
        device.awaitStatus(s -> online(s));
        server.send("set Hvac.SupplyTemp 23.25");
        device.awaitPoint("supply-temp", v -> Double.valueOf(23.25).equals(v.value()));
    }

    @Test
    public void aWrongPasswordIsRetriedRarelySoAStrictServerDoesNotLockTheAccount() throws Exception {
        // A network failure here would be retried every 200 ms to 1 s; a refused log-in waits 4 s, then 8 s.
        int mark = server.mark();
        RecordingDeviceContext device = open(settings(server.endpoint(), "opcua.username", "bms",
                "opcua.password", "wrong-secret", "opcua.authRetryMinMillis", "4000", "opcua.authRetryMaxMillis",
                "60000"), point("state", PointKind.MULTISTATE, false, "ns=1;s=Shutter1.State"));
        var status = device.awaitStatus(s -> s.detail() == StatusDetail.CONFIGURATION_ERROR);
        assertEquals(DeviceState.OFFLINE, status.state());
        assertTrue(status.reason(), status.reason().startsWith("authentication failed at " + server.endpoint()
                + " for user bms: "));
        assertTrue(status.reason(), status.reason().contains("Bad_UserAccessDenied")
                || status.reason().contains("Bad_IdentityTokenRejected"));
        assertTrue(status.reason(), status.reason().contains("; next attempt in 4 s; fix opcua.password"));
        assertFalse("the password never shows: " + status.reason(), status.reason().contains("wrong-secret"));

        // The second log-in comes 4 s after the first refusal, then nothing for 8 s: over a 7 s window, 2 attempts
        // (a network failure would have been retried 5 to 10 times in that time).
        long refusedAt = System.nanoTime();
        int first = firstIndex(mark, "AUTH bms refused");
        server.awaitLine("AUTH bms refused", first + 1);
        long secondAfterMillis = (System.nanoTime() - refusedAt) / 1_000_000;
        assertTrue("second log-in after " + secondAfterMillis + " ms", secondAfterMillis >= 3500);
        Thread.sleep(3000);
        List<String> window = server.lines().subList(mark, server.lines().size());
        assertEquals("log-in attempts: " + window, 2, window.stream().filter(l -> l.equals("AUTH bms refused")).count());
        device.awaitStatus(s -> s.reason().contains("next attempt in 8 s"));
    }

    /** The index of the first {@code line} at or after {@code from}, waiting for the peer's output a little. */
    private static int firstIndex(int from, String line) throws InterruptedException {
        server.awaitLine(line, from);
        List<String> lines = server.lines();
        for (int i = from; i < lines.size(); i++) {
            if (lines.get(i).equals(line)) {
                return i;
            }
        }
        throw new AssertionError("no '" + line + "' in " + lines.subList(from, lines.size()));
    }

    @Test
    public void theAdapterDeclaresThePasswordASecretSoTheHubNeverShowsIt() {
        assertEquals(Set.of("opcua.password"), adapter.secretSettings());
    }

    @Test
    public void anUnreachableEndpointLeavesTheDeviceOfflineAndRetrying() throws Exception {
        String nowhere = "opc.tcp://127.0.0.1:" + NodePeer.freePort() + "/bms";
        RecordingDeviceContext device = open(settings(nowhere),
                point("state", PointKind.MULTISTATE, false, "ns=1;s=Shutter1.State"));
        var status = device.awaitStatus(s -> s.detail() == StatusDetail.COMMUNICATION_ERROR);
        assertTrue(status.reason(), status.reason().startsWith("cannot connect to " + nowhere));
        assertTrue(status.reason(), status.reason().contains("retrying in"));
        // a second report proves the retry happened
        long reports = 0;
        long deadline = System.currentTimeMillis() + NodePeer.WAIT_MILLIS;
        while (reports < 2 && System.currentTimeMillis() < deadline) {
            reports = device.statuses.stream().filter(s -> s.detail() == StatusDetail.COMMUNICATION_ERROR).count();
            Thread.sleep(20);
        }
        assertTrue("retried", reports >= 2);
    }

    @Test
    public void aPointOnAnUnknownNodeIsBadAndNamedWhileTheOthersKeepFlowing() throws Exception {
        RecordingDeviceContext device = open(settings(server.endpoint()),
                point("state", PointKind.MULTISTATE, false, "ns=1;s=Shutter1.State"),
                point("ghost", PointKind.ANALOG, false, "ns=1;s=Ghost.Value"));
        var status = device.awaitStatus(s -> online(s) && s.detail() == StatusDetail.CONFIGURATION_ERROR);
        assertTrue(status.reason(), status.reason().contains("point ghost (ns=1;s=Ghost.Value): Bad_NodeIdUnknown"));
        assertEquals(Quality.BAD, device.awaitPoint("ghost", v -> true).quality());
        device.awaitPoint("state", v -> v.quality() == Quality.GOOD);
    }

    @Test(expected = IllegalArgumentException.class)
    public void anAddressThatIsNoNodeIdIsRefusedAtOpen() throws Exception {
        open(settings(server.endpoint()), point("state", PointKind.MULTISTATE, false, "Shutter1.State"));
    }

    @Test
    public void browseListsTheVariablesOfAnObjectWithTypesAndValues() {
        Map<String, String> settings = new HashMap<>(Map.of("opcua.endpoint", server.endpoint()));
        List<BrowseEntry> entries = adapter.browse(settings, "ns=1;s=Hvac");
        BrowseEntry supply = entries.stream().filter(e -> e.nodeId().equals("ns=1;s=Hvac.SupplyTemp")).findFirst()
                .orElseThrow(() -> new AssertionError("no Hvac.SupplyTemp in " + entries));
        assertEquals("Variable", supply.nodeClass());
        assertEquals("Double", supply.dataType());
        assertTrue(adapter.browse(settings, "").stream().anyMatch(e -> e.nodeId().equals("ns=1;s=Shutter1")));
    }
}
