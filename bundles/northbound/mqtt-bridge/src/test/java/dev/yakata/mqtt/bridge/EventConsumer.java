package dev.yakata.mqtt.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.yakata.mqtt.client.OnMessage;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;

/**
 * A northbound consumer as a SCADA or cloud service would run it: a persistent MQTT session (so the broker keeps
 * its messages while it is away) that de-duplicates by event id and records each source's events in arrival order.
 */
public final class EventConsumer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final MqttClient client;
    /**
     * Every message as it arrived (topic, envelope), duplicates included. Queues, not copy-on-write lists: a catch-up
     * after an outage brings tens of thousands of messages, and copying the list on each one made the consumer, not
     * the hub, the slow end of a loaded machine.
     */
    public final Queue<Map.Entry<String, JsonNode>> arrivals = new ConcurrentLinkedQueue<>();
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final Map<String, Queue<JsonNode>> bySource = new ConcurrentHashMap<>();
    private volatile long duplicates;

    public EventConsumer(String url, String clientId, String filter) throws MqttException {
        client = new MqttClient(url, clientId, new MemoryPersistence());
        client.setCallback(new OnMessage((topic, message) -> {
            if (topic.endsWith("/bridge/status")) {
                return; // the bridge's own online/offline, not an event
            }
            JsonNode event = JSON.readTree(message.getPayload());
            arrivals.add(Map.entry(topic, event));
            if (!topic.contains("/events/")) {
                return;
            }
            if (!seen.add(event.get("id").asText())) {
                duplicates++;
                return;
            }
            bySource.computeIfAbsent(event.get("source").asText(), s -> new ConcurrentLinkedQueue<>()).add(event);
        }));
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(false);
        options.setSessionExpiryInterval(3600L);
        options.setAutomaticReconnect(true);
        options.setAutomaticReconnectDelay(1, 2);
        client.connect(options);
        client.subscribe(filter, 1);
    }

    /** Distinct events received (by id). */
    public int distinct() {
        return seen.size();
    }

    public long duplicates() {
        return duplicates;
    }

    /** One source's events in the order they first arrived. */
    public List<JsonNode> from(String source) {
        Queue<JsonNode> events = bySource.get(source);
        return events == null ? List.of() : new ArrayList<>(events);
    }

    public Set<String> sources() {
        return new LinkedHashSet<>(bySource.keySet());
    }

    @Override
    public void close() throws MqttException {
        client.disconnect();
        client.close();
    }
}
