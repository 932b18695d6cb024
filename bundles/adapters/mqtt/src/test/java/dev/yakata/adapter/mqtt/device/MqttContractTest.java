package dev.yakata.adapter.mqtt.device;

import dev.yakata.mqtt.client.MosquittoBroker;
import dev.yakata.mqtt.client.OnMessage;
import dev.yakata.tck.AdapterContractTest;
import dev.yakata.tck.AdapterUnderTest;
import dev.yakata.tck.Limits;
import dev.yakata.testkit.Signals;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterAll;

/**
 * The mqtt adapter against the adapter contract (yakata-adapter-tck): a door behind an MQTT door controller (the
 * {@code door-controller} contract), on a Mosquitto of the test's own on a free 127.0.0.1 port, with a Paho client
 * playing the controller (it answers every command on {@code result} and keeps its retained {@code state}).
 * Disconnection stops the broker and starts it again on the same port; silence freezes it (SIGSTOP): the adapter's TCP
 * connection stays up and nothing answers.
 */
class MqttContractTest extends AdapterContractTest {

    private static final String BASE = "tck/doors/main";
    private static final String CONTROLLER = "tck-door-controller";

    private MosquittoBroker broker;
    private MqttClient controller;
    private volatile boolean locked = true;
    /** The controller answers off Paho's callback thread, as a device's firmware would. */
    private final java.util.concurrent.ThreadPoolExecutor answers = new java.util.concurrent.ThreadPoolExecutor(1, 1, 0,
            TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>(), r -> new Thread(r, "tck-door-controller"));

    @Override
    protected AdapterUnderTest adapterUnderTest() throws Exception {
        answers.prestartAllCoreThreads(); // started before the run: the rig's thread, not the adapter's
        broker = new MosquittoBroker(Files.createTempDirectory("yakata-mqtt-tck")).start();
        connectController();
        String file = String.join("\n",
                "device.id = door.1f.mqtt-entrance",
                "device.type = door",
                "adapter = mqtt",
                "mqtt.broker = " + broker.url(),
                "mqtt.keepalive.seconds = 5",
                "mqtt.contract = door-controller",
                "mqtt.topic = " + BASE,
                "point.contact.kind = binary",
                "point.locked.kind = binary",
                "");
        return AdapterUnderTest.of(MqttDeviceAdapter.ID, () -> new MqttDeviceAdapter(Path.of("etc")))
                .deviceFile(file)
                .disconnect(broker::stop, this::restartBroker)
                .silence(() -> signal("STOP"), () -> signal("CONT"))
                // a frozen broker holds the command until the hub's limit: keep it short
                .limits(Limits.defaults().withCommand(Duration.ofSeconds(3)))
                .build();
    }

    /** The controller: answers each command OK and reports the lock as the command left it (retained). */
    private void connectController() throws Exception {
        controller = new MqttClient(broker.url(), CONTROLLER, new MemoryPersistence());
        MqttClient client = controller;
        controller.setCallback(new OnMessage((topic, message) -> answers.execute(() -> {
            try {
                var json = Payloads.JSON.readTree(new String(message.getPayload(), StandardCharsets.UTF_8));
                String action = json.path("action").asText();
                if (action.equals("unlock") || action.equals("lock")) {
                    locked = action.equals("lock");
                    publishState(client);
                }
                client.publish(BASE + "/result", ("{\"id\": \"" + json.path("id").asText() + "\", \"ok\": true}")
                        .getBytes(StandardCharsets.UTF_8), 1, false);
            } catch (Exception e) {
                System.err.println("the test's door controller could not answer: " + e);
            }
        })));
        MqttConnectionOptions options = new MqttConnectionOptions();
        // the door-controller contract's availability: online while connected, the broker's last will otherwise
        options.setWill(BASE + "/availability", new MqttMessage("offline".getBytes(StandardCharsets.UTF_8), 1, true, null));
        controller.connect(options);
        controller.publish(BASE + "/availability", "online".getBytes(StandardCharsets.UTF_8), 1, true);
        controller.subscribe(BASE + "/command", 1);
        publishState(controller);
    }

    private void publishState(MqttClient client) throws Exception {
        client.publish(BASE + "/state", ("{\"contact\": \"closed\", \"lock\": \"" + (locked ? "locked" : "unlocked")
                + "\"}").getBytes(StandardCharsets.UTF_8), 1, true);
    }

    /** The broker back on its port, and the controller connected to it again (its threads and socket are the rig's). */
    private void restartBroker() throws Exception {
        broker.stop(); // never two brokers: start() forgets the process it started before
        broker.start();
        controller.close(true);
        connectController();
    }

    /** Sends a signal to this test's Mosquitto (never another one: it is a child of this JVM). */
    private void signal(String name) throws Exception {
        Signals.send(name, "this test's mosquitto", p -> p.info().command().orElse("").endsWith("mosquitto")
                && Signals.arguments(p).contains(broker.dir().toString()));
    }

    @AfterAll
    void stop() throws Exception {
        answers.shutdownNow();
        try {
            if (controller != null) {
                if (controller.isConnected()) {
                    controller.disconnectForcibly(0, 1000, false);
                }
                controller.close(true);
            }
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
    }
}
