package dev.yakata.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.yakata.mqtt.bridge.EventConsumer;
import dev.yakata.mqtt.client.MosquittoBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.Test;

/**
 * Store-and-forward through the real hub: 1,000 events/s from five simulated load sources, the broker stopped for
 * 30 s and started again, and the hub itself stopped and started during the outage. Every event the hub published
 * must reach an MQTT consumer exactly once after de-duplication by id, in order per source: the load sources number
 * their events within a run and log each run's total when they stop, so a lost tail would show too.
 */
public class MqttOutageIT {

    private static final int SOURCES = 5;
    private static final int OUTAGE_SECONDS = Integer.getInteger("yakata.itest.outage.seconds", 30);
    private static final Pattern RUN_START = Pattern.compile("Simulated load source load\\.\\d: run \\w+ starts");
    private static final Pattern RUN_TOTAL = Pattern.compile("Simulated load source (load\\.\\d): run (\\w+) published (\\d+) events");

    @Test
    public void brokerOutageWithAHubRestartDuringItLosesNoEventAndKeepsEachSourceInOrder() throws Exception {
        Path dir = Path.of("target/outage").toAbsolutePath();
        try (MosquittoBroker broker = new MosquittoBroker(dir.resolve("broker")).start();
                HubProcess hub = HubProcess.unpack(dir.resolve("hub"))) {
            hub.setConfig("dev.yakata.mqtt.bridge.cfg", "broker.url", broker.url());
            for (int i = 1; i <= SOURCES; i++) {
                Files.writeString(loadFile(hub, i), String.join("\n", "device.type = sensor", "adapter = simulator",
                        "zone = L1", "sim.model = load", "sim.tickMillis = 5", "sim.eventsPerTick = 1", ""));
            }
            try (EventConsumer consumer = new EventConsumer(broker.url(), "outage-consumer", "yakata/village-office/events/sim.load/#")) {
                hub.start();
                await("all load sources reach the consumer", 90, () -> consumer.sources().size() == SOURCES);
                Thread.sleep(3_000);

                long outageStart = System.nanoTime();
                broker.stop();
                Thread.sleep(TimeUnit.SECONDS.toMillis(OUTAGE_SECONDS) / 3);
                hub.stop();
                hub.start();
                long left = TimeUnit.SECONDS.toNanos(OUTAGE_SECONDS) - (System.nanoTime() - outageStart);
                Thread.sleep(Math.max(0, TimeUnit.NANOSECONDS.toMillis(left)));
                broker.start();
                long brokerBack = System.nanoTime();
                long outageMillis = TimeUnit.NANOSECONDS.toMillis(brokerBack - outageStart);

                await("the restarted hub's load sources run", 120, () -> count(hub, RUN_START) == 2 * SOURCES);
                Thread.sleep(5_000);
                for (int i = 1; i <= SOURCES; i++) {
                    Files.delete(loadFile(hub, i)); // each source logs its run's total as it stops
                }
                await("both runs of every source logged their totals", 30, () -> totals(hub).size() == 2 * SOURCES);
                Map<String, Long> totals = totals(hub);
                long expected = totals.values().stream().mapToLong(Long::longValue).sum();
                // Loss, not speed, is what this test judges: it waits as long as events keep arriving, and fails
                // when none has arrived for 60 s (stuck or lost) or after 5 minutes in all.
                int[] last = {consumer.distinct()};
                long[] lastMoved = {System.nanoTime()};
                await("all " + expected + " events reach the consumer (no new event for 60 s, or 5 minutes in all)", 300, () -> {
                    int now = consumer.distinct();
                    if (now != last[0]) {
                        last[0] = now;
                        lastMoved[0] = System.nanoTime();
                    }
                    if (now < expected && System.nanoTime() - lastMoved[0] > TimeUnit.SECONDS.toNanos(60)) {
                        throw new AssertionError("no new event reached the consumer for 60 s; it has " + now + " of " + expected
                                + " (" + consumer.duplicates() + " duplicates), last per source " + lastSeen(consumer) + ", totals "
                                + totals + "; the hub's bridge said:\n" + grep(hub, "MQTT bridge") + "\nthe broker said:\n"
                                + tail(broker.dir().resolve("mosquitto.log"), 40));
                    }
                    return now >= expected;
                },
                        () -> "the consumer has " + consumer.distinct() + " distinct (" + consumer.duplicates() + " duplicates), "
                                + "last per source " + lastSeen(consumer) + ", totals " + totals
                                + "; the hub's bridge said:\n" + grep(hub, "MQTT bridge") + "\nthe broker said:\n" + tail(broker.dir().resolve("mosquitto.log"), 40));
                long drainedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - brokerBack);
                Thread.sleep(1_000);

                Map<String, Long> received = new TreeMap<>();
                for (int i = 1; i <= SOURCES; i++) {
                    String source = "load." + i;
                    Map<String, Long> lastSeq = new HashMap<>();
                    List<String> runOrder = new java.util.ArrayList<>();
                    for (JsonNode event : consumer.from(source)) {
                        String run = event.get("data").get("run").asText();
                        long seq = event.get("data").get("seq").asLong();
                        long previous = lastSeq.getOrDefault(run, 0L);
                        assertEquals(source + " run " + run + " in order without gaps", previous + 1, seq);
                        if (previous == 0) {
                            assertTrue(source + ": run " + run + " began after the previous one ended",
                                    runOrder.isEmpty() || lastSeq.get(runOrder.get(runOrder.size() - 1)).equals(totals.get(source + "/" + runOrder.get(runOrder.size() - 1))));
                            runOrder.add(run);
                        }
                        lastSeq.put(run, seq);
                    }
                    assertEquals(source + " ran twice (before and after the hub restart)", 2, runOrder.size());
                    for (String run : runOrder) {
                        assertEquals(source + " run " + run + " complete", totals.get(source + "/" + run), lastSeq.get(run));
                        received.put(source + "/" + run, lastSeq.get(run));
                    }
                }
                assertEquals(expected, consumer.distinct());
                System.out.printf("outage: %d events from %d sources (%s), broker down %d ms with a hub restart in between; "
                        + "all arrived once after de-duplication (%d duplicates), in order per source, the last %d ms after the broker came back%n",
                        expected, SOURCES, received, outageMillis, consumer.duplicates(), drainedMillis);
            } finally {
                hub.stop();
            }
        }
    }

    private static Path loadFile(HubProcess hub, int i) {
        return hub.etc().resolve("dev.yakata.device-load." + i + ".cfg");
    }

    private static int count(HubProcess hub, Pattern pattern) {
        try {
            return (int) pattern.matcher(hub.logText()).results().count();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Each finished run's total, as "load.N/run" → count, from the hub's log. */
    private static Map<String, Long> totals(HubProcess hub) {
        Map<String, Long> totals = new HashMap<>();
        try {
            Matcher m = RUN_TOTAL.matcher(hub.logText());
            while (m.find()) {
                totals.put(m.group(1) + "/" + m.group(2), Long.parseLong(m.group(3)));
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return totals;
    }

    /** Each source's runs with the last sequence number received, as "load.N/run" → seq. */
    private static Map<String, Long> lastSeen(EventConsumer consumer) {
        Map<String, Long> last = new TreeMap<>();
        for (int i = 1; i <= SOURCES; i++) {
            for (JsonNode event : consumer.from("load." + i)) {
                last.merge("load." + i + "/" + event.get("data").get("run").asText(), event.get("data").get("seq").asLong(), Math::max);
            }
        }
        return last;
    }

    private static String grep(HubProcess hub, String needle) {
        try {
            return hub.logText().lines().filter(l -> l.contains(needle)).limit(60).collect(java.util.stream.Collectors.joining("\n"));
        } catch (java.io.IOException e) {
            return "(the hub's log could not be read: " + e + ")";
        }
    }

    private static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (java.io.IOException e) {
            return "(" + file + " could not be read: " + e + ")";
        }
    }

    private static void await(String what, int seconds, BooleanSupplier condition) throws InterruptedException {
        await(what, seconds, condition, () -> "");
    }

    private static void await(String what, int seconds, BooleanSupplier condition, java.util.function.Supplier<String> seen)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + seconds + " s waiting until " + what + "; " + seen.get());
            }
            Thread.sleep(100);
        }
    }
}
