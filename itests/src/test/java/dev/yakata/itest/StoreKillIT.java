package dev.yakata.itest;

import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import dev.yakata.api.event.EventTypes;
import dev.yakata.journal.api.JournalCursor;
import dev.yakata.journal.api.JournalEntry;
import dev.yakata.journal.internal.JournalSettings;
import dev.yakata.journal.internal.SegmentedJournal;
import dev.yakata.mqtt.client.MosquittoBroker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.Test;

/**
 * The record survives a crash: the real hub (the distribution tarball, its own process) takes card swipes from four
 * MQTT door controllers at 2,000 swipes/s in all, and is killed with SIGKILL while they arrive. Started again, its
 * store must catch up, and then every event the journal holds must be in the store exactly once: one row per journal
 * position, with that position's event id, and no event id twice.
 *
 * <p>The swipes are real MQTT traffic on the test's own Mosquitto (free 127.0.0.1 port), through the MQTT adapter's
 * door-controller contract ({@code B/swipe} becomes {@code card.swiped}, a control event the bus journals before
 * anyone sees it). The journal is read with the journal's own code from a copy of its folder, the store's H2 file with
 * H2 2.3.232 (the hub's version), both after a clean stop.
 */
public class StoreKillIT {

    private static final int DOORS = 4;
    private static final int SWIPES_PER_SECOND = Integer.getInteger("yakata.itest.kill.rate", 2000);
    private static final int LOAD_SECONDS_BEFORE_KILL = 8;
    private static final Pattern LAG = Pattern.compile("Journal lag:\\s+(\\d+) control events");

    @Test
    public void aHubKilledAtTwoThousandEventsPerSecondStoresEveryJournaledEventExactlyOnceAfterItsRestart()
            throws Exception {
        Path dir = Path.of("target/store-kill").toAbsolutePath();
        try (MosquittoBroker broker = new MosquittoBroker(dir.resolve("broker")).start();
                HubProcess hub = HubProcess.unpack(dir.resolve("hub"))) {
            isolate(hub);
            for (int door = 1; door <= DOORS; door++) {
                Files.writeString(hub.etc().resolve("dev.yakata.device-door.kill-" + door + ".cfg"), String.join("\n",
                        "device.type = door", "device.profile = door", "adapter = mqtt", "floor = 1F", "zone = L1",
                        "mqtt.broker = " + broker.url(), "mqtt.contract = door-controller",
                        "mqtt.topic = itest/doors/" + door,
                        "mqtt.max.messages.per.second = " + SWIPES_PER_SECOND, // the adapter's own flood limit
                        "point.locked.kind = binary", "point.locked.address = locked",
                        "point.contact.kind = binary", "point.contact.address = contact", ""));
            }
            List<MqttClient> controllers = new ArrayList<>();
            for (int door = 1; door <= DOORS; door++) {
                MqttClient controller = new MqttClient(broker.url(), "itest-door-" + door, new MemoryPersistence());
                MqttConnectionOptions options = new MqttConnectionOptions();
                options.setCleanStart(true);
                controller.connect(options);
                controller.publish("itest/doors/" + door + "/availability", "online".getBytes(StandardCharsets.UTF_8), 1, true);
                controllers.add(controller);
            }
            Load load = new Load(controllers);
            try {
                hub.start();
                await("the four MQTT door controllers are ONLINE in the hub", 120, () -> doorsOnline(hub) == DOORS);
                await("the store is writing", 30, () -> status(hub).contains("Writing:            yes"));

                load.start();
                Thread.sleep(TimeUnit.SECONDS.toMillis(LOAD_SECONDS_BEFORE_KILL));
                double publishRate = load.rate();
                Instant killedAt = Instant.now();
                long killedPid = hub.kill();
                long published = load.stop();
                System.out.printf("kill: SIGKILL to the hub's Java process %d after %d swipes (%.0f/s published)%n",
                        killedPid, published, publishRate);
                assertTrue("the load ran at " + Math.round(publishRate) + " swipes/s, not the " + SWIPES_PER_SECOND
                        + "/s this test is about: the machine is too busy, or the publisher is too slow",
                        publishRate > SWIPES_PER_SECOND * 0.9);

                long restart = System.nanoTime();
                hub.start();
                String first = awaitStatus(hub, "the restarted hub's store is writing", 120,
                        s -> s.contains("Writing:            yes"));
                long writingMillis = millisSince(restart);
                long backlog = number(LAG, first);
                awaitStatus(hub, "the restarted store has caught up with the journal (lag 0)", 60,
                        s -> s.contains("Writing:            yes") && number(LAG, s) == 0);
                long caughtUpMillis = millisSince(restart);
                // The audit trail (the log-ins and store-status calls of this test, before and after the kill) is
                // one chain across the crash: the writer resumed from its stored head.
                String verified = hub.shell("yakata:audit-verify");
                System.out.println("kill: " + verified.strip().replace('\n', ' '));
                assertTrue("the audit chain must verify after kill -9 and restart:\n" + verified, verified.contains("INTACT"));
                Instant stopping = Instant.now();
                hub.stop();

                TreeMap<Long, String> journal = new TreeMap<>();
                List<Instant> swipeTimes = new ArrayList<>();
                Map<Long, Instant> journalTimes = new HashMap<>();
                journal(hub.data().resolve("journal"), dir.resolve("journal-copy"), journal, journalTimes, swipeTimes);
                long swipes = swipeTimes.size();
                // The hub's own rate just before the kill, from the journal: swipes stamped in the 4 s before it.
                long lastSeconds = swipeTimes.stream().filter(t -> t.isBefore(killedAt.minusSeconds(1))
                        && !t.isBefore(killedAt.minusSeconds(5))).count();
                double journaledRate = lastSeconds / 4.0;
                Map<Long, List<String>> stored = storedByPosition(hub.data().resolve("yakata/h2/yakata"));
                // Devices going OFFLINE as the hub stops are journaled after the store has stopped: they are stored
                // at the next start, so they may be missing now. Nothing else may.
                Map<Long, String> afterStop = new TreeMap<>();
                journalTimes.forEach((position, time) -> {
                    if (!time.isBefore(stopping) && !stored.containsKey(position)) {
                        afterStop.put(position, journal.get(position));
                    }
                });
                afterStop.keySet().forEach(journal::remove);
                Report report = compare(journal, stored);
                System.out.printf("kill: journal holds positions %d..%d (%d events, %d card.swiped of %d swipes "
                        + "published, %.0f/s journaled in the 4 s before the kill); store holds %d rows; %d missing, "
                        + "%d duplicated, %d with another id; restarted store writing after %d ms with a backlog of "
                        + "%d, caught up %d ms after the start; %d journaled during the clean stop after the store "
                        + "stopped (stored at the next start)%n",
                        journal.isEmpty() ? 0 : journal.firstKey(), journal.isEmpty() ? 0 : journal.lastKey(),
                        journal.size(), swipes, published, journaledRate, report.rows, report.missing.size(),
                        report.duplicated.size(), report.wrongId.size(), writingMillis, backlog, caughtUpMillis,
                        afterStop.size());
                report.failIfAnyProblem(journal);
                assertTrue("the hub journaled only " + Math.round(journaledRate) + " swipes/s in the 4 s before the "
                        + "kill, under a load of " + SWIPES_PER_SECOND + "/s: the swipes did not reach the journal at "
                        + "that rate (look at yakata:mqtt-status and the hub's log " + hub.log() + ")",
                        journaledRate > SWIPES_PER_SECOND * 0.9);
            } finally {
                load.stop();
                for (MqttClient controller : controllers) {
                    controller.disconnect();
                    controller.close();
                }
                hub.stop();
            }
        }
    }

    /** Nothing of this hub may reach the shared services: no bridge to 127.0.0.1:1883, OPC UA on a free port. */
    private static void isolate(HubProcess hub) throws IOException {
        hub.setConfig("dev.yakata.mqtt.bridge.cfg", "enabled", "false");
        hub.setConfig("dev.yakata.opcua.server.cfg", "port", String.valueOf(MosquittoBroker.freePort()));
    }

    /**
     * Four door controllers, each its own MQTT client and thread, publishing swipes at a quarter of
     * {@link #SWIPES_PER_SECOND} each, paced every millisecond.
     */
    private static final class Load {
        private final List<MqttClient> clients;
        private final AtomicBoolean running = new AtomicBoolean();
        private final AtomicLong sent = new AtomicLong();
        private final List<Thread> threads = new ArrayList<>();
        private volatile long startNanos;
        private volatile Exception failure;

        Load(List<MqttClient> clients) {
            this.clients = clients;
        }

        void start() {
            running.set(true);
            startNanos = System.nanoTime();
            for (int i = 0; i < clients.size(); i++) {
                int door = i + 1;
                MqttClient client = clients.get(i);
                Thread t = new Thread(() -> publish(door, client), "itest-door-" + door);
                threads.add(t);
                t.start();
            }
        }

        private void publish(int door, MqttClient client) {
            long perDoor = SWIPES_PER_SECOND / clients.size();
            long n = 0;
            try {
                while (running.get()) {
                    long due = (System.nanoTime() - startNanos) * perDoor / 1_000_000_000L;
                    while (n < due && running.get()) {
                        n++;
                        String payload = "{\"reader\": \"" + (n % 2 == 0 ? "entry" : "exit") + "\", \"card\": \"K"
                                + door + "N" + n + "\"}";
                        client.publish("itest/doors/" + door + "/swipe", payload.getBytes(StandardCharsets.UTF_8), 0, false);
                        sent.incrementAndGet();
                    }
                    Thread.sleep(1);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                failure = e;
            }
        }

        /** Swipes published so far. */
        long sent() {
            return sent.get();
        }

        /** Swipes per second from the start to now. */
        double rate() {
            return sent.get() / ((System.nanoTime() - startNanos) / 1e9);
        }

        /** Stops the load; returns how many swipes were published. */
        long stop() throws InterruptedException {
            running.set(false);
            for (Thread t : threads) {
                t.join(5000);
            }
            threads.clear();
            if (failure != null) {
                throw new AssertionError("publishing swipes to the test's Mosquitto failed: " + failure, failure);
            }
            return sent.get();
        }
    }

    /**
     * Every position the journal holds, with "type id" of its event, read from a copy of the journal folder; and the
     * time of each card.swiped.
     */
    private static void journal(Path folder, Path copy, TreeMap<Long, String> entries, Map<Long, Instant> times,
            List<Instant> swipeTimes) throws Exception {
        if (Files.exists(copy)) {
            try (Stream<Path> files = Files.walk(copy)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(copy);
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.toList()) {
                if (!f.getFileName().toString().equals("journal.lock")) {
                    Files.copy(f, copy.resolve(f.getFileName()));
                }
            }
        }
        try (SegmentedJournal journal = SegmentedJournal.open(copy, JournalSettings.defaults())) {
            JournalCursor cursor = journal.transientCursor(0);
            while (true) {
                List<JournalEntry> batch = cursor.poll(10_000, 0);
                if (batch.isEmpty()) {
                    break;
                }
                for (JournalEntry e : batch) {
                    entries.put(e.position(), e.event().type() + " " + e.event().id());
                    times.put(e.position(), e.event().time());
                    if (e.event().type().equals(EventTypes.CARD_SWIPED)) {
                        swipeTimes.add(e.event().time());
                    }
                }
            }
            if (cursor.corrupted() > 0) {
                fail("the journal has " + cursor.corrupted() + " corrupted records after the kill (copy in " + copy + ")");
            }
            if (!entries.isEmpty() && entries.lastKey() != journal.head()) {
                fail("reading the journal copy in " + copy + " stopped at " + entries.lastKey()
                        + " but its head is " + journal.head());
            }
        }
    }

    /** The store's rows by journal position: the event id of each row at that position. */
    private static Map<Long, List<String>> storedByPosition(Path h2File) throws Exception {
        Map<Long, List<String>> rows = new HashMap<>();
        String url = "jdbc:h2:file:" + h2File + ";ACCESS_MODE_DATA=r";
        try (Connection c = DriverManager.getConnection(url, "yakata", "");
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT journal_position, event_id FROM \"yakata\".event_log")) {
            while (r.next()) {
                rows.computeIfAbsent(r.getLong(1), k -> new ArrayList<>()).add(r.getString(2));
            }
        }
        return rows;
    }

    private static final class Report {
        final List<Long> missing = new ArrayList<>();
        final Map<Long, List<String>> duplicated = new TreeMap<>();
        final Map<Long, String> wrongId = new TreeMap<>();
        final Map<String, List<Long>> idTwice = new LinkedHashMap<>();
        final List<Long> unknown = new ArrayList<>();
        long rows;

        void failIfAnyProblem(Map<Long, String> journal) {
            StringBuilder b = new StringBuilder();
            if (!missing.isEmpty()) {
                b.append(missing.size()).append(" journaled events are not in the store, at positions ")
                        .append(ranges(missing)).append(" (first: ").append(journal.get(missing.get(0))).append(")\n");
            }
            if (!duplicated.isEmpty()) {
                b.append(duplicated.size()).append(" journal positions are stored more than once: ")
                        .append(first(duplicated)).append('\n');
            }
            if (!idTwice.isEmpty()) {
                b.append(idTwice.size()).append(" event ids are stored at more than one position: ")
                        .append(first(idTwice)).append('\n');
            }
            if (!wrongId.isEmpty()) {
                b.append(wrongId.size()).append(" rows carry another event id than the journal at their position: ")
                        .append(first(wrongId)).append('\n');
            }
            if (!unknown.isEmpty()) {
                b.append(unknown.size()).append(" rows name journal positions the journal does not hold: ")
                        .append(ranges(unknown)).append('\n');
            }
            if (b.length() > 0) {
                fail("after kill -9 and a restart the store is not the journal exactly once:\n" + b
                        + "Look at EventWriter (the order of the database commit and the cursor commit, and what it "
                        + "skips on reconnect) and at the DataSource's durability of a commit (H2 WRITE_DELAY).");
            }
        }

        private static String first(Map<?, ?> map) {
            return map.entrySet().stream().limit(10).map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(", ")) + (map.size() > 10 ? ", ..." : "");
        }
    }

    private static Report compare(TreeMap<Long, String> journal, Map<Long, List<String>> stored) {
        Report report = new Report();
        Map<String, List<Long>> positionsById = new HashMap<>();
        for (Map.Entry<Long, List<String>> e : stored.entrySet()) {
            report.rows += e.getValue().size();
            for (String id : e.getValue()) {
                positionsById.computeIfAbsent(id, k -> new ArrayList<>()).add(e.getKey());
            }
            if (e.getValue().size() > 1) {
                report.duplicated.put(e.getKey(), e.getValue());
            }
        }
        positionsById.forEach((id, positions) -> {
            if (positions.size() > 1) {
                report.idTwice.put(id, positions);
            }
        });
        long firstKept = journal.isEmpty() ? Long.MAX_VALUE : journal.firstKey();
        for (Map.Entry<Long, String> e : journal.entrySet()) {
            List<String> ids = stored.get(e.getKey());
            String id = e.getValue().substring(e.getValue().indexOf(' ') + 1);
            if (ids == null) {
                report.missing.add(e.getKey());
            } else if (!ids.contains(id)) {
                report.wrongId.put(e.getKey(), "journal " + id + ", store " + ids);
            }
        }
        for (Long position : new TreeMap<>(stored).keySet()) {
            if (position >= firstKept && !journal.containsKey(position)) {
                report.unknown.add(position);
            }
        }
        return report;
    }

    /** "3..7, 12, 20..21" */
    private static String ranges(List<Long> positions) {
        List<String> parts = new ArrayList<>();
        int i = 0;
        while (i < positions.size() && parts.size() < 20) {
            int j = i;
            while (j + 1 < positions.size() && positions.get(j + 1) == positions.get(j) + 1) {
                j++;
            }
            parts.add(i == j ? String.valueOf(positions.get(i)) : positions.get(i) + ".." + positions.get(j));
            i = j + 1;
        }
        return String.join(", ", parts) + (i < positions.size() ? ", ..." : "");
    }

    private static int doorsOnline(HubProcess hub) {
        try {
            return (int) hub.shell("yakata:device-list --no-format").lines()
                    .filter(l -> l.startsWith("door.kill-")).filter(l -> l.contains("\tONLINE")).count();
        } catch (Exception notYet) {
            return 0;
        }
    }

    private static String status(HubProcess hub) {
        try {
            return hub.shell("yakata:store-status");
        } catch (Exception notYet) {
            return "";
        }
    }

    private static String awaitStatus(HubProcess hub, String what, int seconds,
            java.util.function.Predicate<String> condition) throws InterruptedException {
        String[] last = {""};
        await(what, seconds, () -> condition.test(last[0] = status(hub)), () -> "last yakata:store-status:\n" + last[0]);
        return last[0];
    }

    private static long number(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        if (!m.find()) {
            throw new AssertionError("yakata:store-status printed no \"" + pattern + "\":\n" + text);
        }
        return Long.parseLong(m.group(1));
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }

    private static void await(String what, int seconds, BooleanSupplier condition) throws InterruptedException {
        await(what, seconds, condition, () -> "");
    }

    private static void await(String what, int seconds, BooleanSupplier condition,
            java.util.function.Supplier<String> detail) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + seconds + " s waiting until " + what + ". "
                        + detail.get());
            }
            Thread.sleep(250);
        }
    }
}
