package dev.yakata.mqtt.bridge;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.yakata.mqtt.client.BrokerSettings;
import dev.yakata.mqtt.client.MosquittoBroker;
import dev.yakata.adapter.mqtt.outbox.OutboxSettings;
import dev.yakata.api.command.Command;
import dev.yakata.api.command.CommandOutcome;
import dev.yakata.api.device.PointValue;
import dev.yakata.core.api.DeviceInfo;
import dev.yakata.core.api.DeviceRegistry;
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

/** MQTT commands through the bridge's session on a real Mosquitto: mapped users, roles, and bad commands. */
public class InboundCommandsTest {

    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    /** The hub's side: records commands and completes them. */
    private static final class Registry implements DeviceRegistry {
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
            return CompletableFuture.completedFuture(command.deviceId().equals("door.jammed")
                    ? CommandOutcome.failed(command, "motor jammed") : CommandOutcome.completed(command));
        }
    }

    @Test
    public void mappedUsersCommandAsTheirHubUserWithinTheirRolesAndEverythingElseIsRejectedWithAReason() throws Exception {
        Registry registry = new Registry();
        // operator may act and write; viewer may do neither (the console's ACL, here as a rule)
        CommandAuthorization roles = (user, write) -> user.equals("operator") ? null
                : "hub user '" + user + "' (roles [viewer]) may not give " + (write ? "point-write" : "device-command") + " commands";
        try (MosquittoBroker broker = new MosquittoBroker(tmp.newFolder("broker").toPath()).start()) {
            NorthboundBridge bridge = new NorthboundBridge();
            bridge.acceptCommands("hq", Map.of("panel", "operator", "display", "viewer"), roles, () -> registry);
            bridge.start(new BrokerSettings(broker.url(), null, null, null, null, 30, 10), "bridge-cmd", "hq", 1, 16, false,
                    tmp.newFolder("outbox").toPath(), OutboxSettings.defaults());
            try (EventConsumer results = new EventConsumer(broker.url(), "results", "yakata/hq/commands/+/+/result")) {
                MqttClient panel = new MqttClient(broker.url(), "panel", new MemoryPersistence());
                panel.connect();
                NorthboundBridgeTest.await("bridge connected", () -> bridge.status().contains(": connected;"));
                awaitCommandSubscription(panel, results);

                send(panel, "yakata/hq/commands/panel/shutter.1f.counter-1",
                        "{\"id\": \"c1\", \"action\": \"close\", \"arguments\": {\"speed\": \"slow\"}, \"reason\": \"closing time\"}");
                JsonNode closed = result(results, "c1");
                assertEquals("COMPLETED", closed.get("status").asText());
                Command close = registry.received.get(0);
                assertEquals("close", close.action());
                assertEquals("operator", close.issuedBy());
                assertEquals("via MQTT as panel: closing time", close.reason());
                assertEquals(Map.of("speed", "slow"), close.arguments());

                send(panel, "yakata/hq/commands/panel/hvac.2f.server-room", "{\"id\": \"c2\", \"point\": \"setpoint\", \"value\": 22.5}");
                assertEquals("COMPLETED", result(results, "c2").get("status").asText());
                assertEquals(22.5, registry.received.get(1).arguments().get(Command.VALUE));

                send(panel, "yakata/hq/commands/panel/door.jammed", "{\"id\": \"c3\", \"action\": \"unlock\"}");
                JsonNode failed = result(results, "c3");
                assertEquals("FAILED", failed.get("status").asText());
                assertEquals("motor jammed", failed.get("reason").asText());

                send(panel, "yakata/hq/commands/display/shutter.1f.counter-1", "{\"id\": \"c4\", \"action\": \"open\"}");
                JsonNode refused = result(results, "c4");
                assertEquals("REJECTED", refused.get("status").asText());
                assertTrue(refused.toString(), refused.get("reason").asText().contains("may not give device-command"));

                send(panel, "yakata/hq/commands/stranger/shutter.1f.counter-1", "{\"id\": \"c5\", \"action\": \"open\"}");
                assertTrue(result(results, "c5").get("reason").asText().contains("'stranger' is not mapped to a hub user"));

                send(panel, "yakata/hq/commands/panel/shutter.1f.counter-1", "{\"id\": \"c6\", \"point\": \"setpoint\"}");
                assertTrue(result(results, "c6").get("reason").asText().contains("needs a 'value'"));

                send(panel, "yakata/hq/commands/panel/shutter.1f.counter-1", "{not json");
                NorthboundBridgeTest.await("malformed answered", 30, () -> results.arrivals.stream()
                        .anyMatch(a -> a.getValue().path("reason").asText().startsWith("not a command")));
                assertEquals("only the allowed, well-formed commands reached the hub", 3, registry.received.size());
                panel.disconnect();
                panel.close();
            } finally {
                bridge.stop();
            }
        }
    }

    /**
     * The bridge subscribes to commands right after it connects; until a probe (from an unmapped user, so nothing
     * reaches the hub) is answered, a command could go unheard.
     */
    private static void awaitCommandSubscription(MqttClient client, EventConsumer results) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        for (int i = 0; results.arrivals.stream().noneMatch(a -> a.getValue().path("id").asText().startsWith("probe")); i++) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the bridge never answered a command");
            }
            send(client, "yakata/hq/commands/prober/nothing", "{\"id\": \"probe-" + i + "\", \"action\": \"none\"}");
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
