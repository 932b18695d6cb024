package dev.yakata.mqtt.client;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.Test;

/**
 * A session publishing from two threads (QoS 1 and QoS 0, as the bridge does) across repeated broker restarts. Two
 * things the bridge relies on, both once broken by Paho: the broker never sees a protocol error (Paho's topic aliases
 * survived a lost connection and were reused on the next one, and Mosquitto dropped the session with 0x82), and every
 * publish ends, acknowledged or failed, soon after its connection is lost (a publish whose token Paho cleared without
 * a callback stalled the bridge's window for good).
 */
public class BrokerSessionRestartTest {

    private static final int RESTARTS = Integer.getInteger("restarts", 6);
    private static final int TOPICS = 30; // more than Mosquitto's 10 topic aliases

    @Test
    public void publishesAcrossBrokerRestartsAllEndAndTheBrokerNeverSeesAProtocolError() throws Exception {
        Path dir = Files.createTempDirectory("yakata-mqtt-restart");
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        List<String> reasons = new CopyOnWriteArrayList<>();
        AtomicInteger sessions = new AtomicInteger();
        try (MosquittoBroker broker = new MosquittoBroker(dir).start()) {
            BrokerSession session = session(broker, "restart-test", scheduler, sessions, reasons);
            Queue<Sent> sent = new ConcurrentLinkedQueue<>();
            AtomicInteger acknowledged = new AtomicInteger();
            volatileRunning = true;
            Thread control = publisher(session, sent, acknowledged, 1, "t/control/");
            Thread telemetry = publisher(session, sent, acknowledged, 0, "t/points/");
            try {
                session.start();
                await(() -> sessions.get() == 1, 10, "the first session");
                for (int i = 1; i <= RESTARTS; i++) {
                    Thread.sleep(700);
                    broker.stop();
                    Thread.sleep(200);
                    broker.start();
                    int expected = i + 1;
                    await(() -> sessions.get() >= expected, 15, "session " + expected);
                }
                Thread.sleep(700);
            } finally {
                volatileRunning = false;
                control.join(5000);
                telemetry.join(5000);
            }
            // The last session is up: whatever was published ends (is acknowledged) at once; what a lost connection
            // took ended when it was lost.
            await(() -> sent.stream().allMatch(s -> s.future.isDone()), 10, "every publish to end");
            session.close();
            String log = Files.readString(dir.resolve("mosquitto.log"), StandardCharsets.UTF_8);
            assertTrue("Mosquitto saw a protocol error:\n" + log, !log.contains("protocol error"));
            assertTrue("reasons: " + reasons, reasons.stream().noneMatch(r -> r.contains("protocol error")));
            assertTrue("something was acknowledged", acknowledged.get() > 100);
            assertEquals("sessions", RESTARTS + 1, sessions.get());
        } finally {
            scheduler.shutdownNow();
        }
    }

    /**
     * Paho gives a topic its alias before it checks the broker's Receive Maximum; a publish refused for a full window
     * left the alias registered although the PUBLISH defining it was never sent, and the next publish to that topic
     * carried only the alias: Mosquitto closed the session with a protocol error (0x82). The session sends topics
     * in full.
     */
    @Test
    public void aPublishRefusedForAFullWindowLeavesTheNextPublishToItsTopicIntact() throws Exception {
        Path dir = Files.createTempDirectory("yakata-mqtt-window");
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        List<String> reasons = new CopyOnWriteArrayList<>();
        AtomicInteger sessions = new AtomicInteger();
        try (MosquittoBroker broker = new MosquittoBroker(dir).with("max_inflight_messages 1").start()) {
            BrokerSession session = session(broker, "window-test", scheduler, sessions, reasons);
            session.start();
            await(() -> session.isConnected(), 10, "the session");
            assertEquals(1, session.receiveMaximum());
            String refusedTopic = null;
            for (int i = 0; i < 1000 && refusedTopic == null; i++) {
                CompletableFuture<Void> first = session.publish("w/" + i + "/a", new byte[] {1}, 1, false);
                CompletableFuture<Void> second = session.publish("w/" + i + "/b", new byte[] {2}, 1, false);
                try {
                    second.get(5, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException refused) {
                    refusedTopic = "w/" + i + "/b";
                }
                first.get(5, TimeUnit.SECONDS);
            }
            assertTrue("no publish was refused for a full window", refusedTopic != null);
            session.publish(refusedTopic, new byte[] {3}, 1, false).get(5, TimeUnit.SECONDS);
            session.publish(refusedTopic, new byte[] {4}, 1, false).get(5, TimeUnit.SECONDS);
            Thread.sleep(200);
            assertTrue("the session survived: " + reasons, session.isConnected() && reasons.isEmpty());
            assertEquals(1, sessions.get());
            session.close();
        } finally {
            scheduler.shutdownNow();
        }
    }

    /** A session that counts its connections and keeps the reasons it was lost for. */
    private static BrokerSession session(MosquittoBroker broker, String clientId, ScheduledExecutorService scheduler,
            AtomicInteger sessions, List<String> reasons) {
        BrokerSettings settings = new BrokerSettings(broker.url(), null, null, null, null, 5, 5);
        return BrokerSession.of(BrokerSession.MQTT_5, settings, clientId, null, scheduler, 50, 200, new BrokerSession.Listener() {
            @Override
            public void connected() {
                sessions.incrementAndGet();
            }

            @Override
            public void disconnected(String reason) {
                reasons.add(reason);
            }

            @Override
            public void messageArrived(String topic, byte[] payload) {
            }
        });
    }

    private static volatile boolean volatileRunning;

    private record Sent(CompletableFuture<Void> future, long at) {
    }

    /** Publishes round the topics while the test runs, with at most 10 of its own QoS 1 publishes unacknowledged. */
    private static Thread publisher(BrokerSession session, Queue<Sent> sent, AtomicInteger acknowledged, int qos, String prefix) {
        Thread thread = new Thread(() -> {
            AtomicInteger open = new AtomicInteger();
            for (int n = 0; volatileRunning; n++) {
                if (!session.isConnected() || open.get() >= 10) {
                    pause();
                    continue;
                }
                open.incrementAndGet();
                CompletableFuture<Void> future = session.publish(prefix + (n % TOPICS), ("m" + n).getBytes(StandardCharsets.UTF_8), qos, false);
                future.whenComplete((ok, failure) -> {
                    open.decrementAndGet();
                    if (failure == null) {
                        acknowledged.incrementAndGet();
                    }
                });
                sent.add(new Sent(future, System.nanoTime()));
                if (n % 20 == 0) {
                    pause();
                }
            }
        }, "publisher-" + prefix);
        thread.start();
        return thread;
    }

    private static void pause() {
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(java.util.function.BooleanSupplier condition, int seconds, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + seconds + " s waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}
