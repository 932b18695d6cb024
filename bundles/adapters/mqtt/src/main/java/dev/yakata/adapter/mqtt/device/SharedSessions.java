package dev.yakata.adapter.mqtt.device;

import dev.yakata.mqtt.client.BrokerException;
import dev.yakata.mqtt.client.BrokerSession;
import dev.yakata.mqtt.client.BrokerSettings;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The adapter's shared sessions: one MQTT session per (protocol version, broker URL, login, TLS trust, keep-alive)
 * for all the devices that name it, as real integrations connect, instead of one session (and four Paho threads) per
 * device. Inbound messages are routed by topic to the devices whose filters name it; each device's status stays its
 * own: the session down makes every device on it OFFLINE with the reason, a refused subscription only the device that
 * asked for it.
 *
 * <p>Only devices whose filters are all plain topics share a session. A broker may deliver a message once for each
 * matching subscription of a session (Mosquitto does), so with wildcards in one session a device could receive another
 * device's message twice; such a device, and one that names its own {@code mqtt.client.id}, keeps a session of its own
 * ({@link OwnSession}).
 *
 * <p>QoS 1 and 2 publishes of all the devices on a session share the broker's Receive Maximum (Mosquitto's default is
 * 20): beyond it they wait here, in order, instead of being refused by the client, so that a fire release that unlocks
 * every door at once still reaches every door.
 */
final class SharedSessions {

    /** Publishes that may wait for room in a session's window; beyond it a publish fails at once, saying why. */
    static final int MAX_WAITING = 10_000;

    /** What makes two devices' sessions the same session. */
    record Key(String version, BrokerSettings broker) {
    }

    private final ScheduledExecutorService scheduler;
    private final AtomicInteger sessionNumbers = new AtomicInteger();
    /** Under {@code this}, as is every session's membership. */
    private final Map<Key, Session> sessions = new HashMap<>();

    SharedSessions(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
    }

    /** Whether a device with these settings and filters may share a session (see the class comment). */
    static boolean mayShare(MqttDeviceSettings settings, String[] filters) {
        return !settings.ownClientId() && Arrays.stream(filters).noneMatch(f -> f.contains("+") || f.contains("#"));
    }

    /**
     * The device's place in the session for its broker, made when it is the first device there. Nothing slow runs
     * under the lock: the hub opens hundreds of devices at once on a pool that refuses calls beyond its size, so the
     * Paho client of a new session is made outside it (two racing first devices each make one; one is discarded).
     *
     * @throws IllegalArgumentException for settings that cannot make a client (the device's FAULT says why)
     */
    DeviceLink join(MqttDeviceSettings settings, SessionMember device) {
        Key key = new Key(settings.version(), settings.broker());
        synchronized (this) {
            Session existing = sessions.get(key);
            if (existing != null) {
                return existing.add(device);
            }
        }
        Session made = new Session(key, clientId());
        synchronized (this) {
            Session existing = sessions.putIfAbsent(key, made);
            if (existing == null) {
                return made.add(device);
            }
        }
        made.broker.close(); // never started: this only releases the client
        return join(settings, device);
    }

    /** The sessions open now, by broker: for status and tests. */
    synchronized Map<String, Integer> membersByBroker() {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        sessions.forEach((key, session) -> counts.merge(key.broker().describe() + " (MQTT " + key.version() + ", client id "
                + session.clientId + ")", session.members.size(), Integer::sum));
        return counts;
    }

    /** Closes every session (the adapter is going away); their devices hear nothing more. */
    void closeAll() {
        List<Session> all;
        synchronized (this) {
            all = new ArrayList<>(sessions.values());
            sessions.clear();
            all.forEach(session -> session.members.clear());
        }
        all.forEach(session -> session.broker.close());
    }

    /** Unique within this process, and naming it, so the broker's log tells which hub a session is. */
    private String clientId() {
        return "yakata-mqtt-" + ProcessHandle.current().pid() + "-" + sessionNumbers.incrementAndGet();
    }

    /** A device leaves: its filters no other device uses are unsubscribed; the last device out closes the session. */
    private void leave(Session session, Member member) {
        String[] unused;
        boolean empty;
        synchronized (this) {
            if (session.members.remove(member.device) == null) {
                return;
            }
            member.granted = false;
            unused = session.release(member.device.filters());
            empty = session.members.isEmpty();
            if (empty) {
                sessions.remove(session.key, session);
            }
            session.rebuildRoutes();
        }
        if (empty) {
            session.broker.close();
        } else if (unused.length > 0 && session.broker.isConnected()) {
            session.broker.unsubscribe(unused);
        }
    }

    /** One shared session: the broker session, its members, the topic routes and the publish window. */
    private final class Session implements BrokerSession.Listener {

        private final Key key;
        private final String clientId;
        private final BrokerSession broker;
        /** Under SharedSessions.this. */
        private final Map<SessionMember, Member> members = new LinkedHashMap<>();
        /** How many members subscribe each filter; under SharedSessions.this. */
        private final Map<String, Integer> filterUsers = new HashMap<>();
        /** Topic to the members subscribing it; replaced whole on every join and leave, read without a lock. */
        private volatile Map<String, SessionMember[]> routes = Map.of();
        private boolean started;

        private final Object window = new Object();
        private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
        /** QoS 1/2 publishes handed to the broker session and not yet ended; under {@code window}. */
        private int inFlight;

        Session(Key key, String clientId) {
            this.key = key;
            this.clientId = clientId;
            this.broker = BrokerSession.of(key.version(), key.broker(), clientId, null, scheduler, 1000, 30_000, this);
        }

        /** Under SharedSessions.this. */
        Member add(SessionMember device) {
            Member member = new Member(this, device);
            members.put(device, member);
            Map<String, SessionMember[]> next = new HashMap<>(routes);
            for (String filter : device.filters()) {
                filterUsers.merge(filter, 1, Integer::sum);
                SessionMember[] before = next.get(filter);
                SessionMember[] after = before == null ? new SessionMember[1] : Arrays.copyOf(before, before.length + 1);
                after[after.length - 1] = device;
                next.put(filter, after);
            }
            routes = next;
            return member;
        }

        /** Under SharedSessions.this: the filters no member uses any more. */
        String[] release(String[] filters) {
            List<String> unused = new ArrayList<>();
            for (String filter : filters) {
                Integer left = filterUsers.computeIfPresent(filter, (f, n) -> n == 1 ? null : n - 1);
                if (left == null) {
                    unused.add(filter);
                }
            }
            return unused.toArray(String[]::new);
        }

        /** Under SharedSessions.this; after a device leaves. */
        void rebuildRoutes() {
            Map<String, List<SessionMember>> byTopic = new HashMap<>();
            for (SessionMember device : members.keySet()) {
                for (String filter : device.filters()) {
                    byTopic.computeIfAbsent(filter, f -> new ArrayList<>(1)).add(device);
                }
            }
            Map<String, SessionMember[]> built = new HashMap<>(byTopic.size() * 2);
            byTopic.forEach((topic, devices) -> built.put(topic, devices.toArray(SessionMember[]::new)));
            routes = built;
        }

        void start(Member member) {
            boolean first;
            synchronized (SharedSessions.this) {
                first = !started;
                started = true;
            }
            if (first) {
                broker.start();
            } else if (broker.isConnected()) {
                // a device joining a session that is up; one racing its connection may subscribe twice, which is harmless
                subscribe(member);
            }
        }

        private List<Member> snapshot() {
            synchronized (SharedSessions.this) {
                return new ArrayList<>(members.values());
            }
        }

        private boolean joined(Member member) {
            synchronized (SharedSessions.this) {
                return members.get(member.device) == member;
            }
        }

        @Override
        public void connected() {
            // one SUBSCRIBE per device, so that the broker's refusal names and stops only that device
            for (Member member : snapshot()) {
                subscribe(member);
            }
        }

        private void subscribe(Member member) {
            broker.subscribe(member.device.filters(), member.device.qos()).whenComplete((ok, failure) -> {
                if (!joined(member)) {
                    return;
                }
                if (failure == null) {
                    member.granted = true;
                    member.device.subscribed();
                } else if (failure instanceof BrokerException refusal && refusal.reasonCode() >= 0x80
                        && refusal.reasonCode() <= 0xFF) {
                    // the broker's ACL: this device leaves the session (off Paho's thread), the others stay
                    member.granted = false;
                    member.device.refused(key.broker().describe(), failure);
                    scheduler.execute(() -> leave(this, member));
                }
                // any other failure is the session ending: disconnected() says so, and the next session subscribes
            });
        }

        @Override
        public void disconnected(String reason) {
            for (Member member : snapshot()) {
                member.granted = false;
                member.device.disconnected(reason);
            }
        }

        @Override
        public void messageArrived(String topic, byte[] payload) {
            SessionMember[] devices = routes.get(topic);
            if (devices != null) {
                for (SessionMember device : devices) {
                    device.messageArrived(topic, payload);
                }
            }
        }

        CompletableFuture<Void> publish(String topic, byte[] payload, int qos, boolean retain) {
            if (qos == 0) {
                return broker.publish(topic, payload, qos, retain);
            }
            Waiting publish = new Waiting(topic, payload, qos, retain, new CompletableFuture<>());
            synchronized (window) {
                if (inFlight >= broker.receiveMaximum()) {
                    if (waiting.size() >= MAX_WAITING) {
                        return CompletableFuture.failedFuture(new BrokerException(-1, "not sent: " + MAX_WAITING
                                + " publishes already wait for the broker " + key.broker().describe()
                                + " to acknowledge earlier ones (its Receive Maximum is " + broker.receiveMaximum() + ")"));
                    }
                    waiting.add(publish);
                    return publish.result;
                }
                inFlight++;
            }
            send(publish);
            return publish.result;
        }

        /** Sends one publish and, as each ends, the next waiting one; a loop, since a session that is down ends them at once. */
        private void send(Waiting first) {
            for (Waiting publish = first; publish != null; ) {
                CompletableFuture<Void> sent = broker.publish(publish.topic, publish.payload, publish.qos, publish.retain);
                if (!sent.isDone()) {
                    Waiting pending = publish;
                    sent.whenComplete((ok, failure) -> {
                        end(pending, failure);
                        Waiting next = next();
                        if (next != null) {
                            send(next);
                        }
                    });
                    return;
                }
                end(publish, sent.isCompletedExceptionally() ? sent.handle((ok, failure) -> failure).join() : null);
                publish = next();
            }
        }

        private void end(Waiting publish, Throwable failure) {
            if (failure != null) {
                publish.result.completeExceptionally(failure instanceof java.util.concurrent.CompletionException
                        && failure.getCause() != null ? failure.getCause() : failure);
            } else {
                publish.result.complete(null);
            }
        }

        /** The next waiting publish, which takes over the ended one's place in the window; or the place is freed. */
        private Waiting next() {
            synchronized (window) {
                Waiting next = waiting.poll();
                if (next == null) {
                    inFlight--;
                }
                return next;
            }
        }
    }

    private record Waiting(String topic, byte[] payload, int qos, boolean retain, CompletableFuture<Void> result) {
    }

    /** One device's place in a shared session. */
    private final class Member implements DeviceLink {

        private final Session session;
        private final SessionMember device;
        private volatile boolean granted;

        Member(Session session, SessionMember device) {
            this.session = session;
            this.device = device;
        }

        @Override
        public void start() {
            session.start(this);
        }

        @Override
        public boolean isConnected() {
            return granted && session.broker.isConnected();
        }

        @Override
        public CompletableFuture<Void> publish(String topic, byte[] payload, int qos, boolean retain) {
            return session.publish(topic, payload, qos, retain);
        }

        @Override
        public void close() {
            leave(session, this);
        }
    }
}
