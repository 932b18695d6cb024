package dev.yakata.adapter.opcua;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.yakata.adapter.opcua.pki.Pki;
import dev.yakata.adapter.opcua.server.HubServer;
import dev.yakata.adapter.opcua.server.JaasAuthenticator;
import dev.yakata.adapter.opcua.server.ServerSettings;
import dev.yakata.api.command.Command;
import dev.yakata.api.device.DeviceDefinition;
import dev.yakata.api.device.PointDefinition;
import dev.yakata.api.device.PointKind;
import dev.yakata.api.device.PointValue;
import dev.yakata.api.device.Quality;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The hub's northbound server seen by a node-opcua client: the building as folders, live values with quality and
 * units, and writes and commands that obey the hub's roles (users checked by Karaf's own properties login module
 * against the distribution's users.properties).
 */
public class NorthboundServerInteropTest {

    private static final String NS = "ns=2;s=";
    private static InTestRegistry registry;
    private static HubServer server;
    private static NodePeer client;

    @BeforeClass
    public static void startServerAndClient() throws Exception {
        Path work = Files.createTempDirectory("yakata-opcua-server");
        useKarafRealm(work);
        registry = new InTestRegistry();
        registry.add(new DeviceDefinition("shutter.1f.counter-a", "shutter", "simulator", "Counter A shutter", "office",
                "1F", "L2", List.of(new PointDefinition("position", PointKind.ANALOG, "%", true, Set.of(), null),
                        new PointDefinition("state", PointKind.MULTISTATE, "", false, Set.of(), null)), Map.of()));
        registry.add(new DeviceDefinition("hvac.2f.server-room", "hvac", "simulator", null, "office", "2F", "L3",
                List.of(new PointDefinition("supply-temp", PointKind.ANALOG, "\u00b0C", false, Set.of(), null),
                        new PointDefinition("enabled", PointKind.BINARY, "", true, Set.of(), null)), Map.of()));
        registry.publish("shutter.1f.counter-a", "position", PointValue.good(100.0));
        registry.publish("hvac.2f.server-room", "supply-temp", PointValue.good(18.5));
        int port = NodePeer.freePort();
        server = new HubServer(new ServerSettings("127.0.0.1", port, "127.0.0.1", "/yakata",
                List.of(SecurityPolicy.None, SecurityPolicy.Basic256Sha256), false, Set.of("viewer"),
                ServerSettings.roles("viewer,operator,manager,admin"), ServerSettings.roles("operator,manager,admin"),
                "karaf", work.resolve("server-pki"), "urn:yakata:hub:server", 10_000),
                registry, new JaasAuthenticator("karaf"));
        registry.listener(server);
        client = NodePeer.start("hub-client.js", 0, "--endpoint", "opc.tcp://127.0.0.1:" + port + "/yakata",
                "--pki", work.resolve("client-pki").toString());
    }

    /** The realm "karaf" as the distribution configures it: Karaf's PropertiesLoginModule on its users.properties. */
    private static void useKarafRealm(Path work) throws Exception {
        Path users = work.resolve("users.properties");
        Files.copy(Path.of("../../../distribution/src/main/resources/assembly/etc/users.properties"), users);
        Configuration.setConfiguration(new Configuration() {
            @Override
            public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
                return "karaf".equals(name) ? new AppConfigurationEntry[] {new AppConfigurationEntry(
                        "org.apache.karaf.jaas.modules.properties.PropertiesLoginModule",
                        AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, Map.of("users", users.toString()))}
                        : null;
            }
        });
    }

    @AfterClass
    public static void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static String answer(String command) throws Exception {
        int mark = client.mark();
        client.send(command);
        long deadline = System.currentTimeMillis() + NodePeer.WAIT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            List<String> lines = client.lines();
            for (int i = mark; i < lines.size(); i++) {
                if (lines.get(i).matches("^(READ|EU|BROWSE|WRITTEN|CALLED|CONNECTED|CONNECT_FAILED|DISCONNECTED|ERROR) ?.*")) {
                    return lines.get(i);
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no answer to " + command + "; output " + client.lines());
    }

    @Test
    public void aViewerBrowsesTheBuildingReadsAndSubscribesButIsRefusedAWrite() throws Exception {
        assertEquals("CONNECTED", answer("connect viewer viewer-demo"));
        try {
            assertTrue(answer("browse i=85").contains("\"Yakata\""));
            assertTrue(answer("browse " + NS + "yakata").contains("\"1F\""));
            assertTrue(answer("browse " + NS + "floor/2F/zone/L3").contains("\"hvac.2f.server-room\""));
            assertEquals("BROWSE " + NS + "device/hvac.2f.server-room [\"Status\",\"supply-temp\",\"enabled\",\"Command\"]",
                    answer("browse " + NS + "device/hvac.2f.server-room"));

            assertEquals("READ " + NS + "device/hvac.2f.server-room/supply-temp Good 18.5",
                    answer("read " + NS + "device/hvac.2f.server-room/supply-temp"));
            assertEquals("EU " + NS + "device/hvac.2f.server-room/supply-temp \"\u00b0C\"",
                    answer("eu " + NS + "device/hvac.2f.server-room/supply-temp"));
            assertTrue(answer("read " + NS + "device/shutter.1f.counter-a/state"),
                    answer("read " + NS + "device/shutter.1f.counter-a/state").contains("BadWaitingForInitialData"));
            assertEquals("READ " + NS + "device/hvac.2f.server-room#Status Good \"ONLINE\"",
                    answer("read " + NS + "device/hvac.2f.server-room#Status"));

            int mark = client.mark();
            client.send("subscribe " + NS + "device/hvac.2f.server-room/supply-temp");
            client.awaitLine("CHANGE " + NS + "device/hvac.2f.server-room/supply-temp Good 18.5", mark);
            registry.publish("hvac.2f.server-room", "supply-temp", PointValue.good(21.25));
            client.awaitLine("CHANGE " + NS + "device/hvac.2f.server-room/supply-temp Good 21.25", mark);
            registry.publish("hvac.2f.server-room", "supply-temp", new PointValue(21.25, Quality.UNCERTAIN, Instant.now()));
            client.awaitLine("CHANGE " + NS + "device/hvac.2f.server-room/supply-temp Uncertain 21.25", mark);

            int before = registry.commands.size();
            assertEquals("WRITTEN " + NS + "device/shutter.1f.counter-a/position BadUserAccessDenied",
                    answer("write " + NS + "device/shutter.1f.counter-a/position Double 50"));
            assertTrue(answer("call " + NS + "device/shutter.1f.counter-a " + NS + "device/shutter.1f.counter-a#Command close")
                    .startsWith("CALLED BadUserAccessDenied"));
            assertEquals("no command reached the hub", before, registry.commands.size());
        } finally {
            answer("disconnect");
        }
    }

    @Test
    public void anOperatorsWriteAndCommandBecomeHubCommandsIssuedByTheOperator() throws Exception {
        assertEquals("CONNECTED", answer("connect operator operator-demo"));
        int earlier = registry.commandsBy("operator").size();
        try {
            assertEquals("WRITTEN " + NS + "device/shutter.1f.counter-a/position Good",
                    answer("write " + NS + "device/shutter.1f.counter-a/position Double 40"));
            Command write = registry.commandsBy("operator").get(earlier);
            assertEquals("position", write.pointId());
            assertEquals(40.0, write.arguments().get(Command.VALUE));
            assertTrue(write.reason(), write.reason().startsWith("OPC UA write from"));
            assertEquals("READ " + NS + "device/shutter.1f.counter-a/position Good 40",
                    answer("read " + NS + "device/shutter.1f.counter-a/position"));

            assertEquals("WRITTEN " + NS + "device/shutter.1f.counter-a/position BadTypeMismatch",
                    answer("write " + NS + "device/shutter.1f.counter-a/position String \"half\""));
            // A read-only point has no CurrentWrite in its (user) access level; Milo's access check refuses first.
            int commandsBefore = registry.commands.size();
            assertEquals("WRITTEN " + NS + "device/shutter.1f.counter-a/state BadUserAccessDenied",
                    answer("write " + NS + "device/shutter.1f.counter-a/state Int64 1"));
            assertEquals(commandsBefore, registry.commands.size());

            String object = NS + "device/shutter.1f.counter-a";
            assertEquals("CALLED Good [\"COMPLETED\"]", answer("call " + object + " " + object + "#Command close reason=test"));
            Command close = registry.commandsBy("operator").get(earlier + 1);
            assertEquals("close", close.action());
            assertEquals(Map.of("reason", "test"), close.arguments());
            assertTrue(answer("call " + object + " " + object + "#Command jam").startsWith("CALLED BadDeviceFailure"));
        } finally {
            answer("disconnect");
        }
    }

    @Test
    public void aWrongPasswordAndAnonymousAccessAreRefusedWhenNotEnabled() throws Exception {
        assertTrue(answer("connect operator wrong").startsWith("CONNECT_FAILED"));
        assertTrue(answer("connect anonymous").startsWith("CONNECT_FAILED"));
    }

    @Test
    public void anEncryptedSessionOpensOnceAManagerTrustsTheClientsCertificate() throws Exception {
        String refused = answer("connectsecure operator operator-demo");
        assertTrue(refused, refused.startsWith("CONNECT_FAILED"));
        List<Pki.CertificateEntry> rejected = server.rejectedCertificates();
        assertEquals(1, rejected.size());
        server.trust(rejected.get(0).thumbprint().substring(0, 10));

        assertEquals("CONNECTED", answer("connectsecure operator operator-demo"));
        try {
            assertEquals("WRITTEN " + NS + "device/hvac.2f.server-room/enabled Good",
                    answer("write " + NS + "device/hvac.2f.server-room/enabled Boolean true"));
            assertEquals("READ " + NS + "device/hvac.2f.server-room/enabled Good true",
                    answer("read " + NS + "device/hvac.2f.server-room/enabled"));
        } finally {
            answer("disconnect");
        }
    }

    @Test
    public void aDeviceAddedWhileRunningAppearsInTheAddressSpace() throws Exception {
        registry.add(new DeviceDefinition("door.3f.archive", "door", "simulator", null, null, "3F", "L3",
                List.of(new PointDefinition("locked", PointKind.BINARY, "", false, Set.of(), null)), Map.of()));
        registry.publish("door.3f.archive", "locked", PointValue.good(true));
        assertEquals("CONNECTED", answer("connect viewer viewer-demo"));
        try {
            assertEquals("READ " + NS + "device/door.3f.archive/locked Good true",
                    answer("read " + NS + "device/door.3f.archive/locked"));
        } finally {
            answer("disconnect");
        }
    }
}
