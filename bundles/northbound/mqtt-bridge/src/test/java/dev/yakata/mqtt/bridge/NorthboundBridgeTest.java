package dev.yakata.mqtt.bridge;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.yakata.mqtt.client.BrokerSettings;
import dev.yakata.mqtt.client.MosquittoBroker;
import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventTypes;
import dev.yakata.api.event.Severity;
import dev.yakata.journal.internal.JournalSettings;
import dev.yakata.journal.internal.SegmentedJournal;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The bridge against a real Mosquitto and the hub's real journal: the envelope and topics, and delivery from the
 * bridge's journal cursor through a broker outage with the bridge and the journal reopened (as in a hub restart)
 * during it. The tests append control events to the journal as the bus does before it delivers them. Rate and outage length default to a short run; the issue's
 * full run is {@code -Dbridge.outage.seconds=30 -Dbridge.events.per.second=1000}.
 */
public class NorthboundBridgeTest {

    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    private NorthboundBridge bridge(MosquittoBroker broker, SegmentedJournal journal) throws Exception {
        NorthboundBridge bridge = new NorthboundBridge();
        bridge.start(new BrokerSettings(broker.url(), null, null, null, null, 30, 10), "yakata-bridge-test", "village office",
                1, 16, true, journal, "*");
        return bridge;
    }

    private SegmentedJournal journal(Path dir) throws Exception {
        return SegmentedJournal.open(dir, JournalSettings.defaults());
    }

    @Test
    public void controlEventsFromTheJournalGoToTheirTypeAndSourceTopicAndPointValuesAreRetainedWithTheEnvelope() throws Exception {
        try (MosquittoBroker broker = new MosquittoBroker(tmp.newFolder("broker").toPath()).start();
                SegmentedJournal journal = journal(tmp.newFolder("journal").toPath())) {
            NorthboundBridge bridge = bridge(broker, journal);
            try (EventConsumer consumer = new EventConsumer(broker.url(), "scada", "yakata/#")) {
                Event swipe = Event.builder(EventTypes.CARD_SWIPED, "door.1f.main-entrance").zone("L1").sequence(7)
                        .correlationId("swipe-7").actor("card:9f2c").deviceTime(java.time.Instant.parse("2026-12-01T07:59:58Z"))
                        .data(Map.of("reader", "entry", "card", "card:9f2c")).build();
                Map<String, Object> point = new LinkedHashMap<>();
                point.put("point", "supply-temp");
                point.put("value", 21.5);
                point.put("quality", "GOOD");
                Event changed = Event.builder(EventTypes.POINT_CHANGED, "hvac.2f.server-room").data(point).build();
                long position = journal.append(swipe);
                await("bridge connected", () -> bridge.summary().contains(": connected;"));
                bridge.acceptTelemetry(changed);
                await("3 messages", () -> consumer.arrivals.size() >= 3);

                Map.Entry<String, JsonNode> first = consumer.arrivals.stream()
                        .filter(a -> a.getKey().contains("/events/card.swiped/")).findFirst().orElseThrow();
                assertEquals("yakata/village office/events/card.swiped/door.1f.main-entrance", first.getKey());
                JsonNode json = first.getValue();
                assertEquals(swipe.id(), json.get("id").asText());
                assertEquals("1.0", json.get("specversion").asText());
                assertEquals("L1", json.get("zone").asText());
                assertEquals(Severity.INFO.name(), json.get("severity").asText());
                assertEquals("card:9f2c", json.get("data").get("card").asText());
                assertEquals(swipe.time().toString(), json.get("time").asText());
                assertEquals(7, json.get("sequence").asLong());
                assertEquals("swipe-7", json.get("correlationid").asText());
                assertEquals("card:9f2c", json.get("actor").asText());
                assertEquals("2026-12-01T07:59:58Z", json.get("devicetime").asText());
                assertTrue(consumer.arrivals.stream().anyMatch(a -> a.getKey().equals("yakata/village office/points/hvac.2f.server-room/supply-temp")
                        && a.getValue().get("data").get("value").asDouble() == 21.5));
                await("the bridge's cursor committed what the broker has (up to " + position + ")", () -> bridge.pending() == 0);
            }
            // A consumer that comes later still finds the point's last value, retained.
            try (EventConsumer late = new EventConsumer(broker.url(), "late", "yakata/+/points/#")) {
                await("retained point", () -> !late.arrivals.isEmpty());
                assertEquals(21.5, late.arrivals.peek().getValue().get("data").get("value").asDouble(), 0);
            }
            bridge.stop();
        }
    }

    @Test
    public void telemetryIsShedAndCountedWhileTheBrokerIsAwayAndControlEventsWaitInTheJournal() throws Exception {
        try (MosquittoBroker broker = new MosquittoBroker(tmp.newFolder("broker").toPath()).start();
                SegmentedJournal journal = journal(tmp.newFolder("journal").toPath())) {
            NorthboundBridge bridge = bridge(broker, journal);
            try (EventConsumer consumer = new EventConsumer(broker.url(), "scada", "yakata/+/events/#")) {
                await("bridge connected", () -> bridge.summary().contains(": connected;"));
                broker.stop();
                await("bridge sees the outage", () -> !bridge.summary().contains(": connected;"));
                for (int i = 0; i < 100; i++) {
                    bridge.acceptTelemetry(Event.builder(EventTypes.POINT_CHANGED, "meter.1").put("point", "kw").put("value", (double) i).build());
                }
                Event forced = Event.of(EventTypes.DOOR_FORCED, "door.1f.back-office");
                journal.append(forced);
                assertEquals(100, bridge.telemetryShed());
                assertTrue(bridge.summary(), bridge.summary().contains("shed 100"));
                assertEquals(1, bridge.pending());
                broker.start();
                await("the control event after the outage", 30, () -> consumer.arrivals.stream()
                        .anyMatch(a -> a.getValue().get("id").asText().equals(forced.id())));
                await("committed", () -> bridge.pending() == 0);
                assertTrue("no shed telemetry arrived later", consumer.arrivals.stream().noneMatch(a -> a.getKey().contains("point.changed")));
            } finally {
                bridge.stop();
            }
        }
    }

    @Test
    public void aBrokerOutageWithTheBridgeRestartedDuringItLosesNothingAndKeepsEachSourceInOrder() throws Exception {
        int rate = Integer.getInteger("bridge.events.per.second", 1000);
        int outageSeconds = Integer.getInteger("bridge.outage.seconds", 4);
        int sources = 5;
        Path journalDir = tmp.newFolder("journal").toPath();
        try (MosquittoBroker broker = new MosquittoBroker(tmp.newFolder("broker").toPath()).start();
                EventConsumer consumer = new EventConsumer(broker.url(), "scada", "yakata/+/events/#")) {
            AtomicReference<SegmentedJournal> journal = new AtomicReference<>(journal(journalDir));
            AtomicReference<NorthboundBridge> bridge = new AtomicReference<>(bridge(broker, journal.get()));
            AtomicBoolean generating = new AtomicBoolean(true);
            long[] sent = new long[sources];
            Thread generator = new Thread(() -> {
                long start = System.nanoTime();
                long n = 0;
                while (generating.get()) {
                    long due = start + n * 1_000_000_000L / rate;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(wait);
                        continue;
                    }
                    int s = (int) (n % sources);
                    synchronized (bridge) { // the restart swaps bridge and journal between two events, as a hub restart does
                        try {
                            journal.get().append(Event.of("load.tick", "load-" + s).withData(Map.of("seq", ++sent[s])));
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }
                    n++;
                }
            }, "generator");
            generator.start();
            Thread.sleep(2000);
            broker.stop();
            Thread.sleep(outageSeconds * 500L);
            synchronized (bridge) {
                bridge.get().stop();
                journal.get().close();
                journal.set(journal(journalDir)); // the restarted hub finds what the first one journaled
                bridge.set(bridge(broker, journal.get()));
            }
            Thread.sleep(outageSeconds * 500L);
            broker.start();
            Thread.sleep(2000);
            generating.set(false);
            generator.join();
            long total = java.util.Arrays.stream(sent).sum();
            await("all " + total + " events after the outage", 60, () -> consumer.distinct() == total);

            for (int s = 0; s < sources; s++) {
                List<JsonNode> events = consumer.from("load-" + s);
                assertEquals("load-" + s + " count", sent[s], events.size());
                for (int i = 0; i < events.size(); i++) {
                    assertEquals("load-" + s + " in order", i + 1, events.get(i).get("data").get("seq").asLong());
                }
            }
            System.out.printf("outage test: %d events at %d/s, broker down %d s, bridge restarted during it: "
                    + "all arrived once after de-duplication (%d duplicates), in order per source%n",
                    total, rate, outageSeconds, consumer.duplicates());
            bridge.get().stop();
            journal.get().close();
        }
    }

    @Test
    public void anEventTheBrokerRefusesStaysUncommittedInTheJournalWhileTheBridgeRetriesWithGrowingPauses() throws Exception {
        Path dir = tmp.newFolder("acl").toPath();
        java.nio.file.Files.writeString(dir.resolve("acl"), "user hub\ntopic write elsewhere/#\n");
        try (MosquittoBroker broker = new MosquittoBroker(dir.resolve("broker"));
                SegmentedJournal journal = journal(tmp.newFolder("journal").toPath())) {
            broker.with("password_file " + broker.passwordFile("hub", "hub-secret"), "acl_file " + dir.resolve("acl")).start();
            NorthboundBridge bridge = new NorthboundBridge();
            bridge.start(new BrokerSettings(broker.url(), "hub", "hub-secret", null, null, 30, 10), "acl-bridge", "site",
                    1, 16, false, journal, "*");
            try {
                journal.append(Event.of(EventTypes.DOOR_FORCED, "door.1f.back-office"));
                // Mosquitto 2.0 answers a denied QoS 1 publish by dropping the connection.
                await("a publish failed", () -> bridge.summary().matches(".*failed publishes [1-9].*"));
                assertEquals("the refused event is kept for when the ACL is fixed", 1, bridge.pending());
                assertTrue(bridge.summary(), bridge.summary().contains("published 0,"));
                Path log = dir.resolve("broker/mosquitto.log");
                long before = sessions(log);
                Thread.sleep(5_000);
                long during = sessions(log) - before;
                // A fixed 500 ms retry would make about 10 sessions in 5 s; the growing pause makes at most 4.
                assertTrue("backoff grows while the broker keeps dropping the session: " + during + " sessions in 5 s", during <= 4);
                assertEquals(1, bridge.pending());
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; now: " + bridge.summary() + "; broker log: "
                        + java.nio.file.Files.readString(dir.resolve("broker/mosquitto.log")), e);
            } finally {
                bridge.stop();
            }
        }
    }

    private static long sessions(Path mosquittoLog) throws java.io.IOException {
        return java.nio.file.Files.readAllLines(mosquittoLog).stream().filter(l -> l.contains("New client connected")).count();
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        await(what, 10, condition);
    }

    static void await(String what, int seconds, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}
