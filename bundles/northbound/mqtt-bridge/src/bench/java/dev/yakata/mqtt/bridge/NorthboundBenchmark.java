package dev.yakata.mqtt.bridge;

import dev.yakata.eventjson.EventJson;
import dev.yakata.mqtt.client.BrokerSettings;
import dev.yakata.mqtt.client.MosquittoBroker;
import dev.yakata.mqtt.client.OnMessage;
import dev.yakata.journal.internal.JournalSettings;
import dev.yakata.journal.internal.SegmentedJournal;
import dev.yakata.api.event.Event;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * Northbound throughput and latency at QoS 0 and 1 against a bare Paho client publishing the same payloads to the
 * same Mosquitto in the same run (the physical baseline), and the journal replay rate after an outage. Events
 * are appended to the hub's journal, as the bus does, and the bridge publishes them from its cursor. Everything
 * runs on 127.0.0.1; a subscriber on the broker counts arrivals, so throughput is end to end.
 *
 * <p>Args: [events per throughput run, default 100000] [paced rate for latency, default 2000/s]
 */
public final class NorthboundBenchmark {

    private static final int WINDOW = 100;

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int pacedRate = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        Path dir = Files.createTempDirectory("yakata-northbound-bench");
        System.out.printf("machine: %d cores, %s, Java %s; %d events per run, latency paced at %d/s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.arch"), System.getProperty("java.version"),
                count, pacedRate);
        String inflight = System.getProperty("bench.broker.inflight");
        try (MosquittoBroker broker = (inflight == null ? new MosquittoBroker(dir.resolve("broker"))
                : new MosquittoBroker(dir.resolve("broker")).with("max_inflight_messages " + inflight)).start()) {
            byte[] sample = EventJson.toJson(event(0, 0));
            System.out.printf("payload: %d bytes (the bridge's JSON envelope)%n", sample.length);
            for (int qos = 0; qos <= 1; qos++) {
                Subscriber subscriber = new Subscriber(broker.url(), qos);
                try {
                    double bare = bareThroughput(broker, subscriber, qos, count, sample);
                    double bridged = bridgeThroughput(broker, subscriber, qos, count, dir.resolve("journal-" + qos));
                    System.out.printf("QoS %d throughput (window: broker's Receive Maximum %d): bare Paho %,.0f msg/s, "
                            + "bridge %,.0f events/s = %.2f of bare%n", qos, brokerReceiveMaximum, bare, bridged, bridged / bare);
                    try {
                        double camel = camelThroughput(broker, subscriber, qos, count / 4, sample);
                        System.out.printf("QoS %d throughput of Camel's paho-mqtt5 producer (a route to paho-mqtt5, one "
                                + "exchange at a time): %,.0f msg/s = %.2f of bare%n", qos, camel, camel / bare);
                    } catch (CamelFailed e) {
                        System.out.printf("QoS %d Camel's paho-mqtt5 producer failed after %,d messages: %s%n", qos, e.sent, e.getMessage());
                    }
                    long[] bareLatency = bareLatency(broker, subscriber, qos, pacedRate, sample);
                    long[] bridgeLatency = bridgeLatency(broker, subscriber, qos, pacedRate, dir.resolve("journal-lat-" + qos));
                    System.out.printf("QoS %d latency at %d/s (publish call to subscriber): bare p50 %.2f ms p99 %.2f ms; "
                            + "bridge (journal append to subscriber) p50 %.2f ms p99 %.2f ms%n", qos, pacedRate,
                            bareLatency[0] / 1e6, bareLatency[1] / 1e6, bridgeLatency[0] / 1e6, bridgeLatency[1] / 1e6);
                } finally {
                    subscriber.close();
                }
            }
            replay(broker, count * 2, dir.resolve("journal-replay"));
        }
    }

    private static Event event(long seq, long sentNanos) {
        return Event.of("bench.tick", "bench.source").withZone("L1")
                .withData(Map.of("seq", seq, "sent", sentNanos, "note", "a payload of the size a building event has"));
    }

    // ---- baseline: a bare Paho client -------------------------------------------------------------------------

    private static MqttAsyncClient connect(MosquittoBroker broker, String id) throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient(broker.url(), id, new MemoryPersistence());
        IMqttToken connected = client.connect(new MqttConnectionOptions());
        connected.waitForCompletion(10_000);
        Integer limit = connected.getResponseProperties() == null ? null : connected.getResponseProperties().getReceiveMaximum();
        brokerReceiveMaximum = limit == null ? 65_535 : limit;
        return client;
    }

    /** The broker's Receive Maximum from the last CONNACK: the bare client's window, as it is the bridge's. */
    private static int brokerReceiveMaximum = WINDOW;

    private static double bareThroughput(MosquittoBroker broker, Subscriber subscriber, int qos, int count, byte[] payload)
            throws Exception {
        MqttAsyncClient client = connect(broker, "bare-" + qos);
        Semaphore window = new Semaphore(Math.min(WINDOW, brokerReceiveMaximum));
        MqttActionListener release = new Released(window);
        subscriber.reset();
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            window.acquire();
            publishRetrying(client, "bench/bare", payload, qos, release);
        }
        subscriber.awaitCount(count, 60);
        double rate = count / ((System.nanoTime() - start) / 1e9);
        client.disconnect().waitForCompletion();
        client.close();
        return rate;
    }

    private static void publishRetrying(MqttAsyncClient client, String topic, byte[] payload, int qos, MqttActionListener done)
            throws Exception {
        while (true) {
            try {
                client.publish(topic, payload, qos, false, null, done);
                return;
            } catch (MqttException e) {
                if (e.getReasonCode() != org.eclipse.paho.mqttv5.client.MqttClientException.REASON_CODE_MAX_INFLIGHT) {
                    throw e;
                }
                Thread.onSpinWait();
            }
        }
    }

    private static long[] bareLatency(MosquittoBroker broker, Subscriber subscriber, int qos, int rate, byte[] unused) throws Exception {
        MqttAsyncClient client = connect(broker, "bare-lat-" + qos);
        Semaphore window = new Semaphore(Math.min(WINDOW, brokerReceiveMaximum));
        MqttActionListener release = new Released(window);
        int n = rate * 5;
        subscriber.reset(true);
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            pace(start, i, rate);
            window.acquire();
            publishRetrying(client, "bench/bare-lat", EventJson.toJson(event(i, System.nanoTime())), qos, release);
        }
        subscriber.awaitCount(n, 60);
        client.disconnect().waitForCompletion();
        client.close();
        return subscriber.latencies();
    }

    // ---- Camel's own MQTT producer, for comparison ----------------------------------------------------------

    private static double camelThroughput(MosquittoBroker broker, Subscriber subscriber, int qos, int count, byte[] payload)
            throws Exception {
        try (org.apache.camel.impl.DefaultCamelContext camel = new org.apache.camel.impl.DefaultCamelContext()) {
            camel.addRoutes(new org.apache.camel.builder.RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:northbound").to("paho-mqtt5:bench/camel?brokerUrl=" + broker.url() + "&qos=" + qos
                            + "&clientId=bench-camel-" + qos);
                }
            });
            camel.start();
            org.apache.camel.ProducerTemplate template = camel.createProducerTemplate();
            template.sendBody("direct:northbound", payload); // connects
            subscriber.awaitCount(1, 10);
            subscriber.reset();
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                try {
                    template.sendBody("direct:northbound", payload);
                } catch (org.apache.camel.CamelExecutionException e) {
                    throw new CamelFailed(i, e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
                }
            }
            subscriber.awaitCount(count, 120);
            return count / ((System.nanoTime() - start) / 1e9);
        }
    }

    private static final class CamelFailed extends Exception {
        final int sent;

        CamelFailed(int sent, String message) {
            super(message);
            this.sent = sent;
        }
    }

    // ---- the bridge --------------------------------------------------------------------------------------------

    private static final Map<NorthboundBridge, SegmentedJournal> JOURNALS = new java.util.IdentityHashMap<>();

    private static NorthboundBridge bridge(MosquittoBroker broker, int qos, Path journalDir) throws Exception {
        SegmentedJournal journal = SegmentedJournal.open(journalDir, JournalSettings.defaults().withMaxBytes(4L << 30));
        NorthboundBridge bridge = new NorthboundBridge();
        bridge.start(new BrokerSettings(broker.url(), null, null, null, null, 30, 10), "bench-bridge-" + qos + journalDir.getFileName(),
                "bench", qos, WINDOW, false, journal, "*");
        JOURNALS.put(bridge, journal);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!bridge.summary().contains(": connected;") && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return bridge;
    }

    /** What the bus does with a control event: journal it; the bridge takes it from there. */
    private static void append(NorthboundBridge bridge, Event event) throws java.io.IOException {
        JOURNALS.get(bridge).append(event);
    }

    private static void stop(NorthboundBridge bridge) throws java.io.IOException {
        bridge.stop();
        JOURNALS.remove(bridge).close();
    }

    private static double bridgeThroughput(MosquittoBroker broker, Subscriber subscriber, int qos, int count, Path journalDir)
            throws Exception {
        NorthboundBridge bridge = bridge(broker, qos, journalDir);
        subscriber.reset();
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            append(bridge, event(i, 0));
        }
        subscriber.awaitCount(count, 120);
        double rate = count / ((System.nanoTime() - start) / 1e9);
        stop(bridge);
        return rate;
    }

    private static long[] bridgeLatency(MosquittoBroker broker, Subscriber subscriber, int qos, int rate, Path journalDir) throws Exception {
        NorthboundBridge bridge = bridge(broker, qos, journalDir);
        int n = rate * 5;
        subscriber.reset(true);
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            pace(start, i, rate);
            append(bridge, event(i, System.nanoTime()));
        }
        subscriber.awaitCount(n, 60);
        stop(bridge);
        return subscriber.latencies();
    }

    /** Stores events while the broker is down, then measures how fast the bridge's cursor drains once it is back. */
    private static void replay(MosquittoBroker broker, int count, Path journalDir) throws Exception {
        Subscriber subscriber = new Subscriber(broker.url(), 1);
        NorthboundBridge bridge = bridge(broker, 1, journalDir);
        broker.stop();
        Thread.sleep(500);
        for (int i = 0; i < count; i++) {
            append(bridge, event(i, 0));
        }
        subscriber.reset();
        broker.start();
        subscriber.awaitCount(1, 60); // the bridge's reconnect backoff is not part of the replay rate
        long cpuBefore = cpuNanos();
        long start = System.nanoTime();
        subscriber.awaitCount(count, 300);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("journal replay at QoS 1: %,d stored events delivered in %.1f s from the first arrival = %,.0f events/s "
                + "(this JVM, bridge and subscriber, used %.0f%% of one core)%n", count, seconds, count / seconds,
                100.0 * (cpuNanos() - cpuBefore) / 1e9 / seconds);
        stop(bridge);
        subscriber.close();
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static void pace(long start, long i, int rate) {
        long due = start + i * 1_000_000_000L / rate;
        long wait = due - System.nanoTime();
        if (wait > 0) {
            java.util.concurrent.locks.LockSupport.parkNanos(wait);
        }
    }

    private record Released(Semaphore window) implements MqttActionListener {
        @Override
        public void onSuccess(IMqttToken token) {
            window.release();
        }

        @Override
        public void onFailure(IMqttToken token, Throwable failure) {
            window.release();
        }
    }

    /** Counts arrivals and, for payloads that carry their send time, records latencies. */
    private static final class Subscriber {
        private final MqttAsyncClient client;
        private final AtomicLong received = new AtomicLong();
        private final ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

        Subscriber(String url, int qos) throws MqttException {
            client = new MqttAsyncClient(url, "bench-subscriber-" + qos + "-" + System.nanoTime(), new MemoryPersistence());
            client.setCallback(new OnMessage(this::messageArrived));
            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setAutomaticReconnect(true);
            options.setCleanStart(false);
            options.setSessionExpiryInterval(600L);
            options.setReceiveMaximum(65_535);
            client.connect(options).waitForCompletion(10_000);
            client.subscribe(new String[] {"bench/#", "yakata/#"}, new int[] {qos, qos}).waitForCompletion(10_000);
        }

        volatile boolean measureLatency;

        void reset() {
            reset(false);
        }

        void reset(boolean latency) {
            received.set(0);
            latencies.clear();
            measureLatency = latency;
        }

        void awaitCount(long n, int seconds) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (received.get() < n) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("only " + received.get() + " of " + n + " arrived in " + seconds + " s");
                }
                Thread.sleep(1);
            }
        }

        /** {p50, p99} in nanos. */
        long[] latencies() {
            long[] all = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            return all.length == 0 ? new long[] {0, 0} : new long[] {all[all.length / 2], all[(int) (all.length * 0.99)]};
        }

        private void messageArrived(String topic, MqttMessage message) throws Exception {
            long now = System.nanoTime();
            if (measureLatency) { // parsing is left out of throughput runs so the subscriber keeps up
                var sent = JSON.readTree(message.getPayload()).path("data").path("sent");
                latencies.add(now - sent.asLong());
            }
            received.incrementAndGet();
        }

        void close() throws MqttException {
            client.disconnect().waitForCompletion();
            client.close();
        }
    }
}
