package dev.yakata.opcua.server;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.yakata.api.command.Command;
import dev.yakata.api.command.Issuer;
import dev.yakata.api.device.DeviceDefinition;
import dev.yakata.api.device.PointDefinition;
import dev.yakata.api.device.PointKind;
import dev.yakata.api.device.PointValue;
import dev.yakata.api.device.Quality;
import dev.yakata.core.api.CommandPolicy;
import dev.yakata.core.api.PolicyDecision;
import dev.yakata.opcua.common.NodePeer;
import dev.yakata.opcua.common.certificates.CertificateEntry;
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
 * units, users checked by Karaf's own properties login module, and writes and commands that reach the registry
 * as commands issued by the session's user and roles on channel OPCUA. The registry here is a stand-in that asks
 * an injected test policy (operators and up may command) the way the core asks its command policy; the tests show
 * that the server passes the issuer on and relays a refusal with its reason, not the core's policy rules.
 */
public class NorthboundServerInteropTest {

    private static final String NS = "ns=2;s=";
    private static InTestRegistry registry;
    private static HubServer server;
    private static NodePeer client;

    /** Operators, managers and admins may command; anyone else is refused, naming who and what. */
    public static final CommandPolicy OPERATORS_AND_UP = (issuer, deviceId, profile, action, zone) -> {
        boolean allowed = issuer.roles().stream().anyMatch(r -> Set.of("yakata-operator", "yakata-manager",
                "yakata-admin").contains(r));
        return new PolicyDecision(allowed, allowed ? "test:1  allow yakata-operator * *" : "",
                issuer + " may not run " + profile + "." + action + " in zone " + zone + " (no rule allows it)");
    };

    @BeforeClass
    public static void startServerAndClient() throws Exception {
        Path work = Files.createTempDirectory("yakata-opcua-server");
        useKarafRealm(work);
        registry = new InTestRegistry(OPERATORS_AND_UP);
        registry.add(DeviceDefinition.builder("shutter.1f.counter-a", "shutter", "simulator").name("Counter A shutter")
                .site("office").floor("1F").zone("L2")
                .point(PointDefinition.builder("position", PointKind.ANALOG).unit("%").writable(true).build())
                .point(PointDefinition.builder("state", PointKind.MULTISTATE).build()).build());
        registry.add(DeviceDefinition.builder("hvac.2f.server-room", "hvac", "simulator").site("office").floor("2F")
                .zone("L3")
                .point(PointDefinition.builder("supply-temp", PointKind.ANALOG).unit("\u00b0C").build())
                .point(PointDefinition.builder("enabled", PointKind.BINARY).writable(true).build()).build());
        registry.publish("shutter.1f.counter-a", "position", PointValue.good(100.0));
        registry.publish("hvac.2f.server-room", "supply-temp", PointValue.good(18.5));
        int port = NodePeer.freePort();
        server = new HubServer(new ServerSettings("127.0.0.1", port, "127.0.0.1", "/yakata",
                List.of(SecurityPolicy.None, SecurityPolicy.Basic256Sha256), false, Set.of("yakata-viewer"),
                "karaf", work.resolve("server-pki"), "urn:yakata:hub:server", 10_000),
                registry, new JaasAuthenticator("karaf"));
        registry.listener(server);
        client = NodePeer.start("hub-client.js", 0, "--endpoint", "opc.tcp://127.0.0.1:" + port + "/yakata",
                "--pki", work.resolve("client-pki").toString());
    }

    /**
     * The realm "karaf" as the distribution configures it: Karaf's PropertiesLoginModule on a users file, here with
     * the hub's role names and one user ({@code outsider}) who holds only a Karaf role.
     */
    private static void useKarafRealm(Path work) throws Exception {
        Path users = work.resolve("users.properties");
        Files.writeString(users, String.join("\n",
                "viewer = viewer-demo, yakata-viewer",
                "operator = operator-demo, yakata-viewer, yakata-operator",
                "outsider = outsider-demo, viewer, manager", ""));
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
    public void aViewerBrowsesReadsAndSubscribesAndItsCommandsAreRefusedByTheInjectedPolicyWithTheReason()
            throws Exception {
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

            int before = registry.commandsBy("viewer").size();
            assertEquals("WRITTEN " + NS + "device/shutter.1f.counter-a/position BadUserAccessDenied",
                    answer("write " + NS + "device/shutter.1f.counter-a/position Double 50"));
            String called = answer("call " + NS + "device/shutter.1f.counter-a " + NS
                    + "device/shutter.1f.counter-a#Command close");
            assertEquals("CALLED BadUserAccessDenied [\"REJECTED: refused by policy: 'viewer' (yakata-viewer) via OPCUA "
                    + "may not run shutter.close in zone L2 (no rule allows it)\"]", called);
            // Both reached the registry as the viewer's, and the policy refused them there; the value stayed.
            List<Command> refused = registry.commandsBy("viewer").subList(before, before + 2);
            assertEquals(new Issuer("viewer", Set.of("yakata-viewer"), Issuer.Channel.OPCUA), refused.get(0).issuer());
            assertEquals(Command.WRITE, refused.get(0).action());
            assertEquals("close", refused.get(1).action());
            assertEquals("READ " + NS + "device/shutter.1f.counter-a/position Good 100",
                    answer("read " + NS + "device/shutter.1f.counter-a/position"));
        } finally {
            answer("disconnect");
        }
    }

    @Test
    public void anOperatorsWriteAndCommandBecomeHubCommandsIssuedByTheOperatorWithItsRealmRoles() throws Exception {
        assertEquals("CONNECTED", answer("connect operator operator-demo"));
        int earlier = registry.commandsBy("operator").size();
        try {
            assertEquals("WRITTEN " + NS + "device/shutter.1f.counter-a/position Good",
                    answer("write " + NS + "device/shutter.1f.counter-a/position Double 40"));
            Command write = registry.commandsBy("operator").get(earlier);
            assertEquals(new Issuer("operator", Set.of("yakata-viewer", "yakata-operator"), Issuer.Channel.OPCUA),
                    write.issuer());
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
    public void aWrongPasswordAUserWithoutAHubRoleAndAnonymousAccessAreRefusedAtLogIn() throws Exception {
        assertTrue(answer("connect operator wrong").startsWith("CONNECT_FAILED"));
        // Karaf's own roles (viewer, manager) are not the hub's: they grant nothing here
        assertTrue(answer("connect outsider outsider-demo").startsWith("CONNECT_FAILED"));
        assertTrue(answer("connect anonymous").startsWith("CONNECT_FAILED"));
    }

    @Test
    public void anEncryptedSessionOpensOnceAManagerTrustsTheClientsCertificate() throws Exception {
        String refused = answer("connectsecure operator operator-demo");
        assertTrue(refused, refused.startsWith("CONNECT_FAILED"));
        List<CertificateEntry> rejected = CertificateEntry.of(server.rejectedCertificates());
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
        registry.add(DeviceDefinition.builder("door.3f.archive", "door", "simulator").floor("3F").zone("L3")
                .point(PointDefinition.builder("locked", PointKind.BINARY).build()).build());
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
