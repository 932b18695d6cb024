package dev.yakata.opcua.server;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.yakata.api.command.Command;
import dev.yakata.api.command.Issuer;
import dev.yakata.api.device.DeviceDefinition;
import dev.yakata.api.device.PointDefinition;
import dev.yakata.api.device.PointKind;
import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventTypes;
import dev.yakata.core.api.CommandPolicy;
import dev.yakata.core.api.PolicyDecision;
import dev.yakata.opcua.common.NodePeer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The hub's alarms as OPC UA Alarms &amp; Conditions, seen by the independent node-opcua client: events on the Server
 * object with the A&amp;C fields, Acknowledge as a command to the {@code alarms} device issued by the session's user,
 * refused for a viewer, and ConditionRefresh for the standing alarms. The registry is the tests' stand-in (as in
 * {@link NorthboundServerInteropTest}), asking a test policy that follows etc/yakata.policy's alarm lines; the test
 * plays the alarm engine's side of the bus contract (its list rows and the alarm.acknowledged that follows an
 * acknowledge). The engine itself is tested in its bundle.
 */
public class AlarmsAndConditionsInteropTest {

    private static final String NS = "ns=2;s=";
    private static InTestRegistry registry;
    private static HubServer server;
    private static NodePeer client;

    /** etc/yakata.policy's alarm lines: operators acknowledge, the hub and everyone logged in may list. */
    private static final CommandPolicy ALARM_POLICY = (issuer, deviceId, profile, action, zone) -> {
        Set<String> roles = issuer.roles();
        boolean operator = roles.stream().anyMatch(r -> Set.of("yakata-operator", "yakata-manager", "yakata-admin")
                .contains(r));
        boolean allowed = "alarm-management".equals(profile) && ("list".equals(action) ? !roles.isEmpty() : operator);
        return new PolicyDecision(allowed, allowed ? "test: alarm lines" : "",
                issuer + " may not run " + profile + "." + action + " in zone " + zone + " (no rule allows it)");
    };

    @BeforeClass
    public static void startServerAndClient() throws Exception {
        Path work = Files.createTempDirectory("yakata-opcua-ac");
        Path users = work.resolve("users.properties");
        Files.writeString(users, String.join("\n", "viewer = viewer-demo, yakata-viewer",
                "operator = operator-demo, yakata-viewer, yakata-operator", ""));
        Configuration.setConfiguration(new Configuration() {
            @Override
            public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
                return "karaf".equals(name) ? new AppConfigurationEntry[] {new AppConfigurationEntry(
                        "org.apache.karaf.jaas.modules.properties.PropertiesLoginModule",
                        AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, Map.of("users", users.toString()))}
                        : null;
            }
        });
        registry = new InTestRegistry(ALARM_POLICY);
        registry.add(DeviceDefinition.builder("hvac.2f.server-room", "hvac", "simulator").floor("2F").zone("L3")
                .point(PointDefinition.builder("supply-temp", PointKind.ANALOG).unit("\u00b0C").build()).build());
        registry.add(DeviceDefinition.builder("alarms", "alarm-management", "alarms").name("Alarms").build());
        registry.whenCompleted(AlarmsAndConditionsInteropTest::alarmEngine);
        int port = NodePeer.freePort();
        server = new HubServer(new ServerSettings("127.0.0.1", port, "127.0.0.1", "/yakata",
                List.of(SecurityPolicy.None), false, Set.of("yakata-viewer"), "karaf", work.resolve("server-pki"),
                "urn:yakata:hub:server", 10_000), registry, new JaasAuthenticator("karaf"));
        registry.listener(server);
        client = NodePeer.start("hub-client.js", 0, "--endpoint", "opc.tcp://127.0.0.1:" + port + "/yakata",
                "--pki", work.resolve("client-pki").toString());
    }

    /** The alarm engine's side: an alarm standing before the server started, and acknowledge's bus event. */
    private static Map<String, Object> alarmEngine(Command command) {
        if (!"alarms".equals(command.deviceId())) {
            return Map.of();
        }
        if ("list".equals(command.action())) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("alarm", "ups.on-battery");
            row.put("priority", "urgent");
            row.put("state", "ACTIVE_UNACKED");
            row.put("count", 1L);
            row.put("since", "2026-12-02T04:00:00Z");
            row.put("flags", "active");
            row.put("message", "UPS on battery");
            return Map.of("shown", 1L, "standing", 1L, "alarms", List.of(row));
        }
        if ("acknowledge".equals(command.action())) {
            String alarm = String.valueOf(command.arguments().get("alarm"));
            registry.publish(alarmEvent(EventTypes.ALARM_ACKNOWLEDGED, alarm, "ACTIVE_ACKED",
                    command.issuer().user(), String.valueOf(command.arguments().get("comment"))));
        }
        return Map.of();
    }

    private static Event alarmEvent(String type, String alarm, String state, String user, String comment) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("alarm", alarm);
        data.put("condition", "too-hot");
        data.put("device", "hvac.2f.server-room");
        data.put("point", "supply-temp");
        data.put("priority", "high");
        data.put("state", state);
        data.put("count", 1L);
        data.put("user", user);
        data.put("comment", comment);
        data.put("message", "Server room too hot (" + alarm + ")");
        return Event.builder(type, "alarms").subject(alarm).time(Instant.now()).data(data).build();
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

    private static String await(int mark, Predicate<String> wanted, String what) throws Exception {
        long deadline = System.currentTimeMillis() + NodePeer.WAIT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            List<String> lines = client.lines();
            for (int i = mark; i < lines.size(); i++) {
                if (wanted.test(lines.get(i))) {
                    return lines.get(i);
                }
                if (lines.get(i).startsWith("ERROR")) {
                    throw new AssertionError(lines.get(i) + " while waiting for " + what);
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no " + what + "; output " + client.lines().subList(mark, client.lines().size()));
    }

    private static String answer(String command, String prefix) throws Exception {
        int mark = client.mark();
        client.send(command);
        return await(mark, l -> l.startsWith(prefix), prefix + " to " + command);
    }


    private static Predicate<String> eventOf(String alarm, String ackedState) {
        return l -> l.startsWith("EVENT ") && l.contains("\"ConditionId\":\"" + NS + "alarm/" + alarm + "\"")
                && NodePeer.eventField(l, "AckedState.Id").equals(ackedState);
    }

    @Test
    public void anOperatorSeesARaisedAlarmAsAnAlarmConditionEventAndAcknowledgesItThroughTheAlarmsDevice()
            throws Exception {
        assertEquals("CONNECTED", answer("connect operator operator-demo", "CONNECT"));
        try {
            assertEquals("EVENTS i=2253", answer("events i=2253", "EVENTS"));
            int mark = client.mark();
            registry.publish(alarmEvent(EventTypes.ALARM_RAISED, "server-room.too-hot", "ACTIVE_UNACKED", "", ""));
            String raised = await(mark, eventOf("server-room.too-hot", "false"), "the raised alarm's event");
            assertEquals("ns=0;i=2915", NodePeer.eventField(raised, "EventType")); // AlarmConditionType
            assertEquals("hvac.2f.server-room", NodePeer.eventField(raised, "SourceName"));
            assertEquals(NS + "device/hvac.2f.server-room", NodePeer.eventField(raised, "SourceNode"));
            assertEquals("too-hot", NodePeer.eventField(raised, "ConditionName"));
            assertEquals("Server room too hot (server-room.too-hot)", NodePeer.eventField(raised, "Message"));
            assertEquals("700", NodePeer.eventField(raised, "Severity"));
            assertEquals("true", NodePeer.eventField(raised, "ActiveState.Id"));
            assertEquals("true", NodePeer.eventField(raised, "EnabledState.Id"));
            assertEquals("true", NodePeer.eventField(raised, "Retain"));
            assertEquals("Unacknowledged", NodePeer.eventField(raised, "AckedState"));

            int before = registry.commandsBy("operator").size();
            mark = client.mark();
            assertEquals("ACKED Good", answer("ack " + NS + "alarm/server-room.too-hot " + NodePeer.eventField(raised, "EventId")
                    + " fan restarted", "ACKED"));
            Command ack = registry.commandsBy("operator").get(before);
            assertEquals("alarms", ack.deviceId());
            assertEquals("acknowledge", ack.action());
            assertEquals(Map.of("alarm", "server-room.too-hot", "comment", "fan restarted"), ack.arguments());
            assertEquals(new Issuer("operator", Set.of("yakata-viewer", "yakata-operator"), Issuer.Channel.OPCUA),
                    ack.issuer());

            String acked = await(mark, eventOf("server-room.too-hot", "true"), "the acknowledged alarm's event");
            assertEquals("fan restarted", NodePeer.eventField(acked, "Comment"));
            assertEquals("operator", NodePeer.eventField(acked, "ClientUserId"));
            assertTrue(acked, !NodePeer.eventField(acked, "EventId").equals(NodePeer.eventField(raised, "EventId")));
            assertEquals("true", NodePeer.eventField(acked, "Retain"));

            mark = client.mark();
            registry.publish(alarmEvent(EventTypes.ALARM_SHELVED, "server-room.too-hot", "ACTIVE_ACKED", "operator",
                    "maintenance"));
            String shelved = await(mark, l -> eventOf("server-room.too-hot", "true").test(l)
                    && NodePeer.eventField(l, "SuppressedOrShelved").equals("true"), "the shelved alarm's event");
            assertEquals("true", NodePeer.eventField(shelved, "EnabledState.Id"));
            mark = client.mark();
            registry.publish(alarmEvent(EventTypes.ALARM_OUT_OF_SERVICE, "server-room.too-hot", "ACTIVE_ACKED",
                    "manager", "sensor replaced"));
            String disabled = await(mark, l -> eventOf("server-room.too-hot", "true").test(l)
                    && NodePeer.eventField(l, "EnabledState.Id").equals("false"), "the out-of-service alarm's event");
            assertEquals("false", NodePeer.eventField(disabled, "Retain"));

            // An EventId the server never sent for this alarm is refused before anything reaches the hub.
            int commands = registry.commands.size();
            assertEquals("ACKED BadEventIdUnknown", answer("ack " + NS + "alarm/server-room.too-hot 00ff fake",
                    "ACKED"));
            assertEquals(commands, registry.commands.size());
        } finally {
            answer("disconnect", "DISCONNECTED");
        }
    }

    @Test
    public void aViewerGetsTheStandingAlarmsOnConditionRefreshAndItsAcknowledgeIsRefusedByThePolicy()
            throws Exception {
        registry.publish(alarmEvent(EventTypes.ALARM_RAISED, "server-room.humid", "ACTIVE_UNACKED", "", ""));
        assertEquals("CONNECTED", answer("connect viewer viewer-demo", "CONNECT"));
        try {
            assertEquals("EVENTS i=2253", answer("events i=2253", "EVENTS"));
            int mark = client.mark();
            assertEquals("REFRESHED Good", answer("refresh", "REFRESHED"));
            // Raised before this client came, and the UPS alarm before the server started (from the alarms list).
            String humid = await(mark, eventOf("server-room.humid", "false"), "the humid alarm on refresh");
            String ups = await(mark, eventOf("ups.on-battery", "false"), "the UPS alarm on refresh");
            assertEquals("900", NodePeer.eventField(ups, "Severity"));
            assertEquals("UPS on battery", NodePeer.eventField(ups, "Message"));
            await(mark, l -> l.startsWith("EVENT ") && l.contains("\"EventType\":\"ns=0;i=2788\""), "RefreshEnd");

            int before = registry.commandsBy("viewer").size();
            assertEquals("ACKED BadUserAccessDenied", answer("ack " + NS + "alarm/server-room.humid "
                    + NodePeer.eventField(humid, "EventId") + " not mine to ack", "ACKED"));
            Command refused = registry.commandsBy("viewer").get(before);
            assertEquals("acknowledge", refused.action());
            assertEquals(Issuer.Channel.OPCUA, refused.issuer().channel());
        } finally {
            answer("disconnect", "DISCONNECTED");
        }
    }
}
