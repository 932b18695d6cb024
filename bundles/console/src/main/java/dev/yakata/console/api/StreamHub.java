package dev.yakata.console.api;

import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventListener;
import dev.yakata.api.event.EventTypes;
import dev.yakata.eventjson.EventJson;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The live-event streams of the console: takes every bus event once (as an {@link EventListener}, on the bus's
 * listener thread), numbers it in the stream's own order, keeps the last {@code resumeEvents} for resuming, and hands it
 * to the streams whose filter wants it, serialized once for all of them. Plain Java; {@link ConsoleStreamServlet}
 * is the HTTP side.
 */
final class StreamHub implements EventListener {

    /** Limits and pace; the servlet's configuration documents each. */
    record Settings(int maxClients, int maxClientsPerSession, int maxControlEvents, int maxPoints, long flushMillis,
            long heartbeatSeconds, long stallSeconds, int resumeEvents) {
    }

    private static final Pattern LAST_EVENT_ID = Pattern.compile("([a-z0-9]{1,16})\\.(\\d{1,18})");

    /** An event of the resume window and, once some stream wanted it, its frame. */
    private static final class Entry {
        final long seq;
        final Event event;
        StreamClient.Frame frame;

        Entry(long seq, Event event) {
            this.seq = seq;
            this.event = event;
        }
    }

    final String epoch;
    final Settings settings;
    private final ScheduledExecutorService writer;
    private final Entry[] ring;
    private final List<StreamClient> clients = new ArrayList<>();
    private final Map<String, Integer> perSession = new LinkedHashMap<>();
    private final AtomicLong clientNumbers = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong withheld = new AtomicLong();
    private final AtomicLong stalled = new AtomicLong();
    private final AtomicLong replaced = new AtomicLong();
    private long seq;
    private int reserved;

    StreamHub(Settings settings, ScheduledExecutorService writer) {
        this.settings = settings;
        this.writer = writer;
        this.ring = new Entry[Math.max(1, settings.resumeEvents())];
        byte[] r = new byte[5];
        new SecureRandom().nextBytes(r);
        long n = 0;
        for (byte b : r) {
            n = (n << 8) | (b & 0xff);
        }
        this.epoch = Long.toString(n, 36); // a hub restart changes it, so an old Last-Event-ID is not resumed wrongly
        long period = Math.max(250, TimeUnit.SECONDS.toMillis(settings.heartbeatSeconds()) / 3);
        writer.scheduleWithFixedDelay(this::tick, period, period, TimeUnit.MILLISECONDS);
    }

    // ------------------------------------------------------------------------------------------ the bus side

    @Override
    public void onEvent(Event event) {
        Event visible = StreamVisibility.visible(event, withheld);
        events.incrementAndGet();
        synchronized (this) {
            Entry e = new Entry(++seq, visible);
            ring[(int) (e.seq % ring.length)] = e;
            for (int i = 0, n = clients.size(); i < n; i++) {
                StreamClient c = clients.get(i);
                if (c.filter.matches(visible)) {
                    c.offer(frame(e));
                }
            }
        }
    }

    private StreamClient.Frame frame(Entry e) {
        if (e.frame == null) {
            Event ev = e.event;
            String text = "id: " + epoch + "." + e.seq + "\nevent: event\ndata: " + EventJson.toJsonText(ev) + "\n\n";
            String pointKey = EventTypes.POINT_CHANGED.equals(ev.type()) ? ev.source() + '\u0000' + ev.subject() : null;
            e.frame = new StreamClient.Frame(e.seq, text.getBytes(StandardCharsets.UTF_8), pointKey);
        }
        return e.frame;
    }

    // ------------------------------------------------------------------------------------------ the HTTP side

    /**
     * Reserves a place for a new stream of this session.
     *
     * @return null when admitted (then {@link #register} or {@link #release} must follow), else why not
     */
    synchronized String admit(String sessionId) {
        if (clients.size() + reserved >= settings.maxClients()) {
            refused.incrementAndGet();
            return "the hub already serves " + settings.maxClients() + " live-event streams (maxClients); try again later";
        }
        if (perSession.getOrDefault(sessionId, 0) >= settings.maxClientsPerSession() && !replaceOldest(sessionId)) {
            refused.incrementAndGet();
            return "this session already has " + settings.maxClientsPerSession() + " live-event streams opening "
                    + "(maxClientsPerSession); try again when they are open";
        }
        reserved++;
        perSession.merge(sessionId, 1, Integer::sum);
        return null;
    }

    /**
     * A session at its limit gets its new stream in place of its oldest: a browser that closed a view's stream is not
     * heard from until the hub writes to it (a heartbeat on a quiet stream), so a few quick view switches would
     * otherwise lock the session out. The oldest gets a {@code replaced} frame, on which the console stops
     * reconnecting it and polls. False when all the session's places are streams still opening.
     */
    private boolean replaceOldest(String sessionId) {
        for (int i = 0; i < clients.size(); i++) {
            StreamClient c = clients.get(i);
            if (c.sessionId.equals(sessionId)) {
                clients.remove(i);
                perSession.computeIfPresent(sessionId, (k, v) -> v > 1 ? v - 1 : null);
                replaced.incrementAndGet();
                c.close(("event: replaced\ndata: " + EventJson.valueToJson(Map.of("message", "this session opened "
                        + "another live-event stream over its " + settings.maxClientsPerSession() + " (maxClientsPerSession): "
                        + "this one, its oldest, is closed; poll over REST or open the view again"))
                        + "\n\n").getBytes(StandardCharsets.UTF_8));
                return true;
            }
        }
        return false;
    }

    synchronized void release(String sessionId) {
        reserved--;
        perSession.computeIfPresent(sessionId, (k, v) -> v > 1 ? v - 1 : null);
    }

    long nextClientNumber() {
        return clientNumbers.incrementAndGet();
    }

    /**
     * Adds an admitted stream: a {@code ready} frame, then, when {@code lastEventId} is within the resume window, the
     * events after it that match the stream's filter; when it is not, a {@code resync} frame instead.
     */
    synchronized void register(StreamClient c, String lastEventId, Map<String, Object> readyData) {
        reserved--;
        long from = -1;
        String resync = null;
        if (lastEventId != null && !lastEventId.isBlank()) {
            Matcher m = LAST_EVENT_ID.matcher(lastEventId.trim());
            if (!m.matches()) {
                resync = "Last-Event-ID '" + abbreviate(lastEventId) + "' is not one of this stream's ids";
            } else if (!m.group(1).equals(epoch)) {
                resync = "the hub restarted since event " + lastEventId.trim();
            } else {
                long last = Long.parseLong(m.group(2));
                long oldest = Math.max(1, seq - ring.length + 1);
                if (last > seq) {
                    resync = "event " + lastEventId.trim() + " is later than the hub's last one";
                } else if (last < oldest - 1) {
                    resync = "event " + lastEventId.trim() + " is older than the last " + ring.length + " the hub keeps";
                } else {
                    from = last + 1;
                }
            }
        }
        Map<String, Object> ready = new LinkedHashMap<>(readyData);
        ready.put("resumed", from > 0);
        c.notice(("retry: 3000\nid: " + epoch + "." + (from > 0 ? from - 1 : seq) + "\nevent: ready\ndata: "
                + EventJson.valueToJson(ready) + "\n\n").getBytes(StandardCharsets.UTF_8));
        if (resync != null) {
            c.notice(resyncFrame(epoch, seq, "resume-gap", resync + "; read the current state over REST"));
        }
        if (from > 0) {
            for (long s = from; s <= seq; s++) {
                Entry e = ring[(int) (s % ring.length)];
                if (e != null && e.seq == s && c.filter.matches(e.event)) {
                    c.offer(frame(e));
                }
            }
        }
        clients.add(c);
    }

    static byte[] resyncFrame(String epoch, long seq, String reason, String message) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("reason", reason);
        data.put("message", message);
        return ("id: " + epoch + "." + seq + "\nevent: resync\ndata: " + EventJson.valueToJson(data) + "\n\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }

    void remove(StreamClient c) {
        synchronized (this) {
            if (clients.remove(c)) {
                perSession.computeIfPresent(c.sessionId, (k, v) -> v > 1 ? v - 1 : null);
            }
        }
    }

    /** The session ended (log-out, expiry): its streams get {@code session-ended} and close. */
    void sessionEnded(String sessionId) {
        byte[] frame = ("event: session-ended\ndata: " + EventJson.valueToJson(Map.of("message",
                "the session has ended (logged out, or idle too long); log in again with POST /api/session"))
                + "\n\n").getBytes(StandardCharsets.UTF_8);
        for (StreamClient c : snapshot()) {
            if (c.sessionId.equals(sessionId)) {
                c.close(frame);
            }
        }
    }

    /** Ends every stream (the bundle stops); clients reconnect and resync. */
    void closeAll() {
        for (StreamClient c : snapshot()) {
            c.finish();
        }
    }

    private synchronized List<StreamClient> snapshot() {
        return new ArrayList<>(clients);
    }

    private void tick() {
        long now = System.nanoTime();
        long heartbeat = TimeUnit.SECONDS.toNanos(settings.heartbeatSeconds());
        long stall = TimeUnit.SECONDS.toNanos(settings.stallSeconds());
        for (StreamClient c : snapshot()) {
            if (c.tick(now, heartbeat, stall)) {
                stalled.incrementAndGet();
            }
        }
    }

    // ------------------------------------------------------------------------------------------ numbers

    synchronized int clientCount() {
        return clients.size();
    }

    /** Counters for operators and the metrics endpoint: streams, events, refusals, resyncs, coalesced values. */
    Map<String, Object> statistics() {
        List<StreamClient> all = snapshot();
        long resyncs = 0;
        long coalesced = 0;
        for (StreamClient c : all) {
            resyncs += c.resyncCount();
            coalesced += c.coalescedCount();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("clients", all.size());
        out.put("maxClients", settings.maxClients());
        out.put("events", events.get());
        out.put("refused", refused.get());
        out.put("stalledClosed", stalled.get());
        out.put("replacedByANewerOfTheirSession", replaced.get());
        out.put("cardValuesWithheld", withheld.get());
        out.put("resyncsOfOpenStreams", resyncs);
        out.put("coalescedOfOpenStreams", coalesced);
        return out;
    }
}
