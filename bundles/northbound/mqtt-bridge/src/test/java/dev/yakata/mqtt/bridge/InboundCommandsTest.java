package dev.yakata.mqtt.bridge;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.yakata.mqtt.client.BrokerSettings;
import dev.yakata.mqtt.client.MosquittoBroker;
import dev.yakata.api.command.Command;
import dev.yakata.api.command.CommandOutcome;
import dev.yakata.api.command.Issuer;
import dev.yakata.api.device.PointValue;
import dev.yakata.core.api.DeviceInfo;
import dev.yakata.core.api.DeviceRegistry;
import dev.yakata.journal.api.Journal;
import dev.yakata.journal.internal.JournalSettings;
import dev.yakata.journal.internal.SegmentedJournal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * MQTT commands through the bridge's session on a real Mosquitto. The hub's side is a fake registry that plays the
 * core's policy (the real one lives in DeviceRegistry.submit): these tests check the bridge's side only, that every
 * command carries the configured issuer and that the registry's answer, a policy refusal included, goes back.
 */
public class InboundCommandsTest {

    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    private static final Issuer BRIDGE = Issuer.of("scada", Issuer.Channel.MQTT, "yakata-operator");

    /** A fake of the hub's registry: records commands; refuses "open" as the policy would; fails a jammed door. */
    private static final class FakeRegistry implements DeviceRegistry {
        final List<Command> received = new CopyOnWriteArrayList<>();

        @Override
        public List<DeviceInfo> devices() {
            return List.of();
        }

        @Override
        public Optional<DeviceInfo> device(String deviceId) {
            return Optional.empty();
        }

        @Override
        public Map<String, PointValue> values(String deviceId) {
            return Map.of();
        }

        @Override
        public CompletionStage<CommandOutcome> submit(Command command) {
            received.add(command);
            if (command.action().equals("open")) {
                return CompletableFuture.completedFuture(CommandOutcome.rejected(command, "refused by policy: "
                        + command.issuer() + " may not run shutter.open on " + command.deviceId() + " (etc/yakata.policy line 4)"));
            }
            return CompletableFuture.completedFuture(command.deviceId().equals("door.jammed")
                    ? CommandOutcome.failed(command, "motor jammed") : CommandOutcome.completed(command));
        }
    }

    @Test
    public void commandsCarryTheBridgesConfiguredIssuerAndTheFakeRegistrysPolicyRefusalIsPublishedBack() throws Exception {
        FakeRegistry registry = new FakeRegistry();
        Journal journal = SegmentedJournal.open(tmp.newFolder("journal").toPath(), JournalSettings.defaults());
        try (MosquittoBroker broker = new MosquittoBroker(tmp.newFolder("broker").toPath()).start()) {
            NorthboundBridge bridge = new NorthboundBridge();
            bridge.acceptCommands("hq", BRIDGE, () -> registry);
            bridge.start(new BrokerSettings(broker.url(), null, null, null, null, 30, 10), "bridge-cmd", "hq", 1, 16, false,
                    journal, "*");
            try (EventConsumer results = new EventConsumer(broker.url(), "results", "yakata/hq/commands/+/result")) {
                MqttClient panel = new MqttClient(broker.url(), "panel", new MemoryPersistence());
                panel.connect();
                NorthboundBridgeTest.await("bridge connected", () -> bridge.summary().contains(": connected;"));
                awaitCommandSubscription(panel, results);

                // Text in the message that looks like an identity changes nothing.
                send(panel, "yakata/hq/commands/shutter.1f.counter-1", "{\"id\": \"c1\", \"action\": \"close\", "
                        + "\"arguments\": {\"speed\": \"slow\", \"steps\": 3}, \"reason\": \"closing time\", "
                        + "\"issuer\": \"admin\", \"user\": \"admin\", \"roles\": [\"yakata-admin\"]}");
                JsonNode closed = result(results, "c1");
                assertEquals("COMPLETED", closed.get("status").asText());
                Command close = registry.received.get(0);
                assertEquals("close", close.action());
                assertEquals(BRIDGE, close.issuer());
                assertEquals("closing time", close.reason());
                assertEquals(Map.of("speed", "slow", "steps", 3L), close.arguments());

                send(panel, "yakata/hq/commands/hvac.2f.server-room", "{\"id\": \"c2\", \"point\": \"setpoint\", \"value\": 22.5}");
                assertEquals("COMPLETED", result(results, "c2").get("status").asText());
                assertEquals(22.5, registry.received.get(1).arguments().get(Command.VALUE));
                assertEquals(BRIDGE, registry.received.get(1).issuer());

                send(panel, "yakata/hq/commands/door.jammed", "{\"id\": \"c3\", \"action\": \"unlock\"}");
                JsonNode failed = result(results, "c3");
                assertEquals("FAILED", failed.get("status").asText());
                assertEquals("motor jammed", failed.get("reason").asText());

                send(panel, "yakata/hq/commands/shutter.1f.counter-1", "{\"id\": \"c4\", \"action\": \"open\"}");
                JsonNode refused = result(results, "c4");
                assertEquals("REJECTED", refused.get("status").asText());
                assertTrue(refused.toString(), refused.get("reason").asText().startsWith("refused by policy: 'scada' (yakata-operator) via MQTT"));

                send(panel, "yakata/hq/commands/shutter.1f.counter-1", "{\"id\": \"c6\", \"point\": \"setpoint\"}");
                assertTrue(result(results, "c6").get("reason").asText().contains("needs a 'value'"));

                send(panel, "yakata/hq/commands/shutter.1f.counter-1", "{not json");
                NorthboundBridgeTest.await("malformed answered", 30, () -> results.arrivals.stream()
                        .anyMatch(a -> a.getValue().path("reason").asText().startsWith("not a command")));
                assertEquals("only well-formed commands reached the registry", 4, registry.received.size());
                panel.disconnect();
                panel.close();
            } finally {
                bridge.stop();
                ((SegmentedJournal) journal).close();
            }
        }
    }

    @Test
    public void theCommandIssuerMustHaveAUserAndOnlyYakataRoles() {
        assertEquals(Issuer.of("scada", Issuer.Channel.MQTT, "yakata-operator", "yakata-viewer"),
                NorthboundBridge.commandIssuer(" scada ", "yakata-operator, yakata-viewer"));
        assertRefused("", "yakata-operator", "commands.user is empty");
        assertRefused("scada", "", "commands.roles is empty");
        assertRefused("scada", "yakata-operator, manager", "'manager', which is not a Yakata role");
    }

    private static void assertRefused(String user, String roles, String expected) {
        try {
            NorthboundBridge.commandIssuer(user, roles);
            throw new AssertionError("accepted user '" + user + "' roles '" + roles + "'");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains(expected));
        }
    }

    /**
     * The bridge subscribes to commands right after it connects; until a probe (with no action, so nothing reaches
     * the registry) is answered, a command could go unheard.
     */
    private static void awaitCommandSubscription(MqttClient client, EventConsumer results) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        for (int i = 0; results.arrivals.stream().noneMatch(a -> a.getValue().path("id").asText().startsWith("probe")); i++) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the bridge never answered a command");
            }
            send(client, "yakata/hq/commands/nothing", "{\"id\": \"probe-" + i + "\"}");
            Thread.sleep(200);
        }
    }

    private static void send(MqttClient client, String topic, String payload) throws Exception {
        client.publish(topic, payload.getBytes(), 1, false);
    }

    private static JsonNode result(EventConsumer results, String id) throws InterruptedException {
        NorthboundBridgeTest.await("result " + id, 30, () -> results.arrivals.stream().anyMatch(a -> id.equals(a.getValue().path("id").asText())));
        return results.arrivals.stream().filter(a -> id.equals(a.getValue().path("id").asText())).findFirst().orElseThrow().getValue();
    }
}
