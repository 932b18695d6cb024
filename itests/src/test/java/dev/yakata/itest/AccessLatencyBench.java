package dev.yakata.itest;

import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.yakata.mqtt.client.BrokerSettings;
import dev.yakata.mqtt.client.MosquittoBroker;
import dev.yakata.mqtt.client.OnMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.Test;

/**
 * The access-control load figure of issue 10, on demand (not part of the suite: it boots a hub with 500 MQTT door
 * controllers and runs for about two minutes). 10,000 cards, 500 doors, 200 swipes/s from door controllers on a
 * Mosquitto of its own, on loopback. It reports, from the same run:
 * <ul>
 * <li>end to end over MQTT: a controller's swipe published to the unlock command it receives, next to a bare Paho
 *     publish-and-receive round trip through the same broker (the baseline);</li>
 * <li>in the hub: the swipe event's time on the bus to the unlock's {@code command.issued} event's time, both read
 *     from the northbound bridge (the hub's own clock, microseconds).</li>
 * </ul>
 * Run: {@code mvn -B -q install -DskipTests && mvn -B -pl itests verify -Dit.test=AccessLatencyBench -Dtest=none
 * -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false}. It fails only when the hub does not
 * answer at all; the numbers are printed, never asserted.
 */
public class AccessLatencyBench {

    private static final int DOORS = Integer.getInteger("bench.doors", 500);
    private static final int CARDS = Integer.getInteger("bench.cards", 10_000);
    private static final int RATE = Integer.getInteger("bench.rate", 200);
    private static final int SECONDS = Integer.getInteger("bench.seconds", 60);
    private static final boolean BROKER_NODELAY = Boolean.getBoolean("bench.broker.nodelay");
    private static final int WARM_UP_SECONDS = Integer.getInteger("bench.warmup.seconds", 30);
    /** Also times each hop of the path (more event types through the bridge, so a little more load): see Hops. */
    private static final boolean HOPS = Boolean.getBoolean("bench.hops");
    /** After the figures above: how soon a saved card or policy change is enforced at every door (see Reloads). */
    private static final boolean RELOAD = !"false".equals(System.getProperty("bench.reload"));
    private static final int GROUPS = 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    public void swipeToUnlockOverMqttAt200PerSecondWith10000CardsAnd500Doors() throws Exception {
        Path dir = Path.of("target/access-bench").toAbsolutePath();
        MosquittoBroker configured = new MosquittoBroker(dir.resolve("broker")).with("max_inflight_messages 0");
        if (BROKER_NODELAY) {
            configured.with("set_tcp_nodelay true"); // Mosquitto's own sends without Nagle too (off by default)
        }
        try (MosquittoBroker broker = configured.start();
                HubProcess hub = HubProcess.unpack(dir.resolve("hub"))) {
            hub.setConfig("dev.yakata.mqtt.bridge.cfg", "broker.url", broker.url());
            hub.setConfig("dev.yakata.mqtt.bridge.cfg", "event.types", HOPS
                    ? "card.swiped,command.issued,policy.allowed,access.granted" : "card.swiped,command.issued");
            Hops hops = new Hops();
            writeBuilding(hub.etc(), broker.url());

            MqttAsyncClient controllers = client(broker.url(), "bench-controllers");
            Map<Integer, Long> outstanding = new ConcurrentHashMap<>();
            Samples endToEnd = new Samples();
            AtomicInteger unexpected = new AtomicInteger();
            on(controllers, "bench/doors/", "bench/doors/+/command", (topic, message) -> {
                long received = System.nanoTime();
                JsonNode command = JSON.readTree(message.getPayload());
                int door = Integer.parseInt(topic.split("/")[2]);
                if ("unlock".equals(command.path("action").asText())) {
                    if (HOPS) {
                        hops.unlockReceived(command.path("id").asText(), Hops.wallMicros());
                    }
                    Long sent = outstanding.remove(door);
                    if (sent != null) {
                        endToEnd.add(received - sent);
                    } else {
                        unexpected.incrementAndGet();
                    }
                }
                controllers.publish("bench/doors/" + door + "/result", ("{\"id\":\"" + command.path("id").asText()
                        + "\",\"ok\":true}").getBytes(StandardCharsets.UTF_8), 1, false);
            });

            // The bridge's copy of the hub's events: the swipe on the bus, and the unlock it caused.
            Map<String, Instant> swipedAt = new ConcurrentHashMap<>();
            Reloads reloads = new Reloads();
            Samples inHub = new Samples();
            MqttAsyncClient observer = client(broker.url(), "bench-observer");
            on(observer, "yakata/", "yakata/+/events/#", (topic, message) -> {
                JsonNode event = JSON.readTree(message.getPayload());
                Instant time = Instant.parse(event.path("time").asText());
                if (HOPS) {
                    hops.event(topic, event, time);
                }
                reloads.event(event, time);
                if (topic.contains("/card.swiped/")) {
                    swipedAt.put(event.path("id").asText(), time);
                } else if (topic.contains("/command.issued/") && "unlock".equals(event.path("data").path("action").asText())) {
                    Instant swipe = swipedAt.remove(event.path("correlationid").asText());
                    if (swipe != null) {
                        inHub.add(java.time.Duration.between(swipe, time).toNanos());
                    }
                }
            });

            // Each controller says it is online and closed and locked, retained, as a real one does when it starts.
            for (int d = 0; d < DOORS; d++) {
                controllers.publish("bench/doors/" + d + "/availability", "online".getBytes(StandardCharsets.UTF_8), 1, true)
                        .waitForCompletion(5_000);
                controllers.publish("bench/doors/" + d + "/state", "{\"contact\":\"closed\",\"lock\":\"locked\"}"
                        .getBytes(StandardCharsets.UTF_8), 1, true).waitForCompletion(5_000);
            }
            hub.start();
            long booting = System.nanoTime();
            awaitOnline(hub, 300);
            System.out.printf("access bench: hub up with %d MQTT doors ONLINE after %d s%n", DOORS,
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - booting));

            Random random = new Random(42);
            // Warm-up, not measured: the hub's first seconds also hold the store's catch-up and the JIT's work.
            swipes(controllers, outstanding, hops, random, WARM_UP_SECONDS);
            Thread.sleep(2_000);
            endToEnd.clear();
            inHub.clear();
            hops.clear();
            outstanding.clear();
            Samples baseline = bareRoundTrips(controllers, 15);
            int sent = swipes(controllers, outstanding, hops, random, SECONDS);
            Thread.sleep(3_000);
            baseline.addAll(bareRoundTrips(controllers, 15));
            System.out.printf("access bench: %d doors, %d cards, %d swipes at %d/s over %d s; %d unlocks received, %d lost, "
                    + "%d unlocks without a swipe waiting%n", DOORS, CARDS, sent, RATE, SECONDS, endToEnd.size(),
                    outstanding.size(), unexpected.get());
            System.out.println("access bench: end to end over MQTT (swipe published -> unlock received): " + summary(endToEnd));
            System.out.println("access bench: baseline, bare Paho publish -> receive through the same broker: " + summary(baseline));
            System.out.println("access bench: in the hub (card.swiped time -> command.issued time of its unlock): " + summary(inHub));
            if (HOPS) {
                hops.report();
            }
            System.out.println("access bench: machine " + Runtime.getRuntime().availableProcessors() + " cores, Java "
                    + System.getProperty("java.version") + "; broker set_tcp_nodelay " + BROKER_NODELAY);
            if (RELOAD) {
                reloads.measure(hub, controllers);
            }
            controllers.disconnect().waitForCompletion(5_000);
            observer.disconnect().waitForCompletion(5_000);
            assertTrue("the hub answered swipes with unlocks", endToEnd.size() > sent / 2);
            long stopping = System.nanoTime();
            try {
                hub.stop();
                System.out.printf("access bench: bin/stop took %d s%n", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - stopping));
            } catch (IllegalStateException slow) {
                System.out.println("access bench: " + slow.getMessage() + " (500 MQTT devices); killed");
            }
        }
    }

    /** Swipes at RATE for some seconds, one outstanding per door; returns how many were sent. */
    private static int swipes(MqttAsyncClient controllers, Map<Integer, Long> outstanding, Hops hops, Random random,
            int seconds) throws Exception {
        long interval = TimeUnit.SECONDS.toNanos(1) / RATE;
        long start = System.nanoTime();
        int sent = 0;
        for (long next = start; next - start < TimeUnit.SECONDS.toNanos(seconds); next += interval) {
            waitUntil(next);
            int door = random.nextInt(DOORS);
            if (outstanding.containsKey(door)) {
                continue; // one swipe at a time per door, as at a real reader
            }
            int person = door % GROUPS + GROUPS * random.nextInt(CARDS / GROUPS);
            outstanding.put(door, System.nanoTime());
            if (HOPS) {
                hops.sent(door, Hops.wallMicros());
            }
            controllers.publish("bench/doors/" + door + "/swipe", ("{\"reader\":\"entry\",\"card\":\"" + card(person)
                    + "\"}").getBytes(StandardCharsets.UTF_8), 1, false);
            sent++;
        }
        return sent;
    }

    private static String card(int person) {
        return String.format("card-%05d", person);
    }

    /** 500 MQTT door controllers between a hall and a room each; 10,000 people in 20 groups, a group per 25 rooms. */
    private static void writeBuilding(Path etc, String brokerUrl) throws Exception {
        Path access = etc.resolve("access");
        StringBuilder zones = new StringBuilder("zone outside level 0\nzone hall level 1\n");
        StringBuilder policies = new StringBuilder("schedule always daily 00:00-24:00\n");
        for (int g = 0; g < GROUPS; g++) {
            policies.append("group g").append(g).append('\n');
        }
        for (int d = 0; d < DOORS; d++) {
            zones.append("zone room-").append(d).append(" level 2\n");
            zones.append("door door.bench.").append(d).append(" from hall to room-").append(d).append('\n');
            policies.append("allow g").append(d % GROUPS).append(" zone room-").append(d).append(" during always\n");
            Files.writeString(etc.resolve("dev.yakata.device-door.bench." + d + ".cfg"), String.join("\n",
                    "device.id = door.bench." + d, "device.type = door", "device.profile = door", "adapter = mqtt",
                    "name = Bench door " + d, "site = village-office", "floor = 1F", "zone = L2",
                    "mqtt.broker = " + brokerUrl, "mqtt.contract = door-controller", "mqtt.topic = bench/doors/" + d,
                    "point.contact.kind = binary", "point.locked.kind = binary", ""));
        }
        StringBuilder people = new StringBuilder();
        for (int p = 0; p < CARDS; p++) {
            people.append("person B").append(p).append(" name \"Bench ").append(p).append("\" groups g").append(p % GROUPS).append('\n');
            people.append("card B").append(p).append(' ').append(card(p)).append('\n');
        }
        Files.writeString(access.resolve("zones.cfg"), zones);
        Files.writeString(access.resolve("policies.cfg"), policies);
        Files.writeString(access.resolve("people.cfg"), people);
    }

    private static void awaitOnline(HubProcess hub, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            try {
                String list = hub.shell("yakata:device-list");
                long online = list.lines().filter(l -> l.contains("door.bench.") && l.contains("ONLINE")).count();
                if (online >= DOORS && list.lines().anyMatch(l -> l.startsWith("access ") && l.contains("ONLINE"))) {
                    return;
                }
            } catch (IllegalStateException notYet) {
                // the shell is not up yet
            }
            Thread.sleep(2_000);
        }
        throw new AssertionError("the bench doors did not all come ONLINE within " + seconds + " s");
    }

    /** The baseline: the same client publishes at the same rate to a topic it subscribes, QoS 1, for some seconds. */
    private static Samples bareRoundTrips(MqttAsyncClient client, int seconds) throws Exception {
        Samples trips = new Samples();
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        on(client, "bench/echo/", "bench/echo/#", (topic, message) -> {
            Long sent = sentAt.remove(new String(message.getPayload(), StandardCharsets.UTF_8));
            if (sent != null) {
                trips.add(System.nanoTime() - sent);
            }
        });
        long interval = TimeUnit.SECONDS.toNanos(1) / RATE;
        long start = System.nanoTime();
        int n = 0;
        for (long next = start; next - start < TimeUnit.SECONDS.toNanos(seconds); next += interval) {
            waitUntil(next);
            String id = "echo-" + n++;
            sentAt.put(id, System.nanoTime());
            client.publish("bench/echo/" + (n % DOORS), id.getBytes(StandardCharsets.UTF_8), 1, false);
        }
        Thread.sleep(1_000);
        client.unsubscribe("bench/echo/#").waitForCompletion(10_000);
        return trips;
    }

    /**
     * Sleeps until {@code deadline} (System.nanoTime). Parked, not spinning: a spinning sender holds one of the two
     * cores the hub, the broker and the controllers' receiving thread share, and the tail it causes is the harness's.
     * The send time is read after the wake-up, so the park's own slack (tens of microseconds) is not measured.
     */
    private static void waitUntil(long deadline) {
        for (long left; (left = deadline - System.nanoTime()) > 0; ) {
            LockSupport.parkNanos(left);
        }
    }

    /**
     * Latencies in nanoseconds, appended by the clients' callback threads. A plain growing array: a copy-on-write
     * list copied itself on every add (12,000 samples: ~20 MB/s of garbage in this JVM at 200/s), whose collector
     * pauses then showed up in every figure here, the baseline's too.
     */
    private static final class Samples {
        private long[] values = new long[4096];
        private int size;

        synchronized void add(long nanos) {
            if (size == values.length) {
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            values[size++] = nanos;
        }

        synchronized void addAll(Samples other) {
            for (long v : other.sorted()) {
                add(v);
            }
        }

        synchronized void clear() {
            size = 0;
        }

        synchronized int size() {
            return size;
        }

        synchronized long[] sorted() {
            long[] copy = java.util.Arrays.copyOf(values, size);
            java.util.Arrays.sort(copy);
            return copy;
        }
    }

    /**
     * Each hop of a swipe, from the hub's event times (its wall clock, microseconds) and the harness's wall clock at
     * send and receipt (the same machine, so the same clock): joined after the run, since the bridge's copies of the
     * events may arrive after the controller has its unlock.
     * <ol>
     * <li>MQTT in: the controller publishes the swipe → the {@code card.swiped} event is created (broker, the hub's
     *     Paho session, the adapter's parse);</li>
     * <li>to the decision: {@code card.swiped} → the unlock's {@code policy.allowed} (the bus to the access listener,
     *     {@code decide}, the unlock built and submitted up to the command policy);</li>
     * <li>the command checks: {@code policy.allowed} → {@code command.issued};</li>
     * <li>MQTT out: {@code command.issued} → the controller receives the unlock (the core's adapter-call hop, the
     *     adapter's encoding, Paho, the broker);</li>
     * <li>the rest of the listener: {@code command.issued} → {@code access.granted} (after the unlock is submitted).</li>
     * </ol>
     */
    private static final class Hops {
        private final Map<Integer, Long> sentAt = new ConcurrentHashMap<>();
        /** Swipe event id → [door, swiped, policy.allowed, command.issued, access.granted] (µs; 0 = not seen). */
        private final Map<String, long[]> swipes = new ConcurrentHashMap<>();
        private final Map<String, String> swipeOfCommand = new ConcurrentHashMap<>();
        private final Map<String, Long> receivedAt = new ConcurrentHashMap<>();

        static long wallMicros() {
            Instant now = Instant.now();
            return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
        }

        static long micros(Instant time) {
            return time.getEpochSecond() * 1_000_000L + time.getNano() / 1_000;
        }

        void sent(int door, long micros) {
            sentAt.put(door, micros);
        }

        void unlockReceived(String command, long micros) {
            receivedAt.put(command, micros);
        }

        void event(String topic, JsonNode event, Instant time) {
            String type = event.path("type").asText();
            String swipe = type.equals("card.swiped") ? event.path("id").asText() : event.path("correlationid").asText();
            long[] times = swipes.computeIfAbsent(swipe, id -> new long[5]);
            switch (type) {
                case "card.swiped" -> {
                    String source = event.path("source").asText();
                    Long sent = sentAt.get(Integer.parseInt(source.substring(source.lastIndexOf('.') + 1)));
                    times[0] = sent == null ? 0 : sent;
                    times[1] = micros(time);
                }
                case "policy.allowed" -> times[2] = micros(time);
                case "command.issued" -> {
                    if ("unlock".equals(event.path("data").path("action").asText())) {
                        times[3] = micros(time);
                        swipeOfCommand.put(event.path("data").path("command").asText(), swipe);
                    }
                }
                case "access.granted" -> times[4] = micros(time);
                default -> { }
            }
        }

        void clear() {
            swipes.clear();
            swipeOfCommand.clear();
            receivedAt.clear();
        }

        void report() {
            Samples in = new Samples();
            Samples toPolicy = new Samples();
            Samples checks = new Samples();
            Samples out = new Samples();
            Samples rest = new Samples();
            Map<String, Long> received = new java.util.HashMap<>();
            swipeOfCommand.forEach((command, swipe) -> {
                Long at = receivedAt.get(command);
                if (at != null) {
                    received.put(swipe, at);
                }
            });
            swipes.forEach((id, t) -> {
                if (t[0] > 0 && t[1] > 0 && t[1] >= t[0]) {
                    in.add((t[1] - t[0]) * 1_000);
                }
                if (t[1] > 0 && t[2] > 0) {
                    toPolicy.add((t[2] - t[1]) * 1_000);
                }
                if (t[2] > 0 && t[3] > 0) {
                    checks.add((t[3] - t[2]) * 1_000);
                }
                Long at = received.get(id);
                if (t[3] > 0 && at != null) {
                    out.add((at - t[3]) * 1_000);
                }
                if (t[3] > 0 && t[4] > 0) {
                    rest.add((t[4] - t[3]) * 1_000);
                }
            });
            System.out.println("access bench: hop 1, MQTT in (swipe published -> card.swiped created): " + summary(in));
            System.out.println("access bench: hop 2, card.swiped -> the unlock's policy.allowed: " + summary(toPolicy));
            System.out.println("access bench: hop 3, policy.allowed -> command.issued: " + summary(checks));
            System.out.println("access bench: hop 4, MQTT out (command.issued -> unlock received): " + summary(out));
            System.out.println("access bench: after, command.issued -> access.granted: " + summary(rest));
        }
    }

    /**
     * A card or policy change saved to its file, enforced at every door: with the load stopped, the bridge is told to
     * pass the decisions on too; then four changes are saved in turn (person 0's card suspended in people.cfg, active
     * again, a deny rule for its group g0 at all 25 of its rooms in policies.cfg, the rule removed). After each save
     * the card is swiped at each of those 25 doors in turn, one every 10 ms, until every door has decided it the new
     * way. Reported per change: the save (the harness's wall clock after the write) to {@code access.config.loaded}
     * (the hub's clock; the same machine), to the last door's first swipe decided the new way (an upper bound, 10 ms
     * to 250 ms coarse since each door is swiped every 250 ms), and any swipe decided the old way after the load (must
     * be none).
     */
    private static final class Reloads {
        private static final int PROBE_GAP_MILLIS = 10;
        /** Swipe event id → its time (µs), for the decisions. */
        private final Map<String, Long> swiped = new ConcurrentHashMap<>();
        /** [swipe time µs, door, granted 1/0], each decision of the probed card. */
        private final java.util.List<long[]> decisions = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        private final java.util.List<Long> loaded = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        /** The hub's own time to read the folder and put it in force, from {@code access.config.loaded}. */
        private final java.util.List<Long> loadMillis = java.util.Collections.synchronizedList(new java.util.ArrayList<>());

        void event(JsonNode event, Instant time) {
            String type = event.path("type").asText();
            switch (type) {
                case "card.swiped" -> swiped.put(event.path("id").asText(), Hops.micros(time));
                case "access.granted", "access.denied" -> {
                    Long at = swiped.get(event.path("correlationid").asText());
                    String source = event.path("source").asText();
                    if (at != null) {
                        decisions.add(new long[] {at, Integer.parseInt(source.substring(source.lastIndexOf('.') + 1)),
                                type.equals("access.granted") ? 1 : 0});
                    }
                }
                case "access.config.loaded" -> {
                    loaded.add(Hops.micros(time));
                    loadMillis.add(event.path("data").path("loadMillis").asLong(-1));
                }
                default -> { }
            }
        }

        void measure(HubProcess hub, MqttAsyncClient controllers) throws Exception {
            hub.setConfig("dev.yakata.mqtt.bridge.cfg", "event.types",
                    "card.swiped,command.issued,access.granted,access.denied,access.config.loaded");
            Thread.sleep(5_000); // the bridge reconnects with the new types
            Path access = hub.etc().resolve("access");
            String people = Files.readString(access.resolve("people.cfg"));
            String policies = Files.readString(access.resolve("policies.cfg"));
            StringBuilder rooms = new StringBuilder();
            for (int d = 0; d < DOORS; d += GROUPS) {
                rooms.append(rooms.length() == 0 ? "" : ",").append("room-").append(d);
            }
            String[][] changes = {
                {"people.cfg", people.replace("card B0 " + card(0) + "\n", "card B0 " + card(0) + " state suspended\n"), "0",
                    "card suspended (people.cfg)"},
                {"people.cfg", people, "1", "card active again (people.cfg)"},
                {"policies.cfg", policies + "deny g0 zone " + rooms + "\n", "0", "deny rule for its group (policies.cfg)"},
                {"policies.cfg", policies, "1", "deny rule removed (policies.cfg)"},
            };
            probe(controllers, 1_000, "before"); // granted at every door before the first change
            for (String[] change : changes) {
                decisions.clear();
                loaded.clear();
                loadMillis.clear();
                Files.writeString(access.resolve(change[0]), change[1]);
                long saved = Hops.wallMicros();
                boolean wanted = change[2].equals("1");
                long[] firstNewWay = probe(controllers, 5_000, change[3]);
                Thread.sleep(500);
                long loadedAt = loaded.isEmpty() ? 0 : loaded.get(0);
                long lastDoor = 0;
                int doors = 0;
                for (long first : firstNewWay) {
                    if (first > 0) {
                        doors++;
                        lastDoor = Math.max(lastDoor, first);
                    }
                }
                long oldWayAfterLoad;
                synchronized (decisions) {
                    oldWayAfterLoad = decisions.stream().filter(d -> loadedAt > 0 && d[0] > loadedAt
                            && (d[2] == 1) != wanted).count();
                }
                System.out.printf("access bench: reload, %s: save -> access.config.loaded %s (of which reading the files "
                        + "%s ms); -> every door decides it "
                        + "the new way %s (%d of %d doors); decided the old way after the load: %d of %d decisions%n",
                        change[3], loadedAt == 0 ? "not seen" : String.format("%.0f ms", (loadedAt - saved) / 1e3),
                        loadMillis.isEmpty() ? "?" : loadMillis.get(0),
                        doors < firstNewWay.length ? "not within 5 s" : String.format("%.0f ms", (lastDoor - saved) / 1e3),
                        doors, firstNewWay.length, oldWayAfterLoad, decisions.size());
            }
        }

        /**
         * Swipes person 0's card at each of its group's doors in turn until each has decided it the way the change
         * wants (or for {@code millis}); returns, per door, the swipe time (µs) of its first such decision, 0 if none.
         */
        private long[] probe(MqttAsyncClient controllers, long millis, String change) throws Exception {
            int doors = DOORS / GROUPS;
            long[] first = new long[doors];
            boolean wanted = !change.startsWith("card suspended") && !change.startsWith("deny rule for");
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            for (int i = 0; System.nanoTime() < deadline; i++) {
                int door = (i % doors) * GROUPS;
                controllers.publish("bench/doors/" + door + "/swipe", ("{\"reader\":\"entry\",\"card\":\"" + card(0)
                        + "\"}").getBytes(StandardCharsets.UTF_8), 1, false);
                Thread.sleep(PROBE_GAP_MILLIS);
                synchronized (decisions) {
                    for (long[] d : decisions) {
                        int slot = (int) d[1] / GROUPS;
                        if ((d[2] == 1) == wanted && (first[slot] == 0 || d[0] < first[slot])) {
                            first[slot] = d[0];
                        }
                    }
                }
                if (java.util.Arrays.stream(first).allMatch(t -> t > 0) && !change.equals("before")) {
                    break;
                }
            }
            return first;
        }
    }

    /** What a client does with messages on topics under a prefix. */
    @FunctionalInterface
    private interface Handler {
        void handle(String topic, MqttMessage message) throws Exception;
    }

    private static final Map<MqttAsyncClient, Map<String, Handler>> HANDLERS = new ConcurrentHashMap<>();

    private static void on(MqttAsyncClient client, String prefix, String filter, Handler handler) throws Exception {
        HANDLERS.get(client).put(prefix, handler);
        client.subscribe(filter, 1).waitForCompletion(10_000);
    }

    private static MqttAsyncClient client(String url, String id) throws Exception {
        MqttAsyncClient client = new MqttAsyncClient(url, id, new MemoryPersistence());
        Map<String, Handler> handlers = new ConcurrentHashMap<>();
        HANDLERS.put(client, handlers);
        client.setCallback(new OnMessage((topic, message) -> {
            for (Map.Entry<String, Handler> handler : handlers.entrySet()) {
                if (topic.startsWith(handler.getKey())) {
                    handler.getValue().handle(topic, message);
                }
            }
        }));
        // Connected as the hub's own sessions connect (clean start, Nagle off), so the baseline is a fair one.
        MqttConnectionOptions options = new BrokerSettings(url, null, null, null, null, 30, 10).connectionOptions();
        options.setReceiveMaximum(65_535);
        client.connect(options).waitForCompletion(10_000);
        return client;
    }

    private static String summary(Samples samples) {
        long[] sorted = samples.sorted();
        if (sorted.length == 0) {
            return "no samples";
        }
        return String.format("n=%d p50=%.2f ms p99=%.2f ms max=%.2f ms", sorted.length, ms(sorted, 0.50), ms(sorted, 0.99),
                sorted[sorted.length - 1] / 1e6);
    }

    private static double ms(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1e6;
    }
}
