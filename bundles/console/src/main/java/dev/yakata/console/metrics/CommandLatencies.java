package dev.yakata.console.metrics;

import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventListener;
import dev.yakata.api.event.EventTypes;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLongArray;
import org.osgi.service.component.annotations.Component;

/**
 * How long commands take, from {@code command.issued} to their outcome event ({@code command.completed},
 * {@code -failed}, {@code -timed-out}, {@code -rejected}), for every channel (shell, REST, OPC UA, MQTT, postures),
 * as a histogram per outcome. A bus listener: the bus delivers to it on a thread of its own, so it never slows a command.
 */
@Component(service = {EventListener.class, CommandLatencies.class}, property = {
        EventListener.EVENT_TYPES + "=command.*", EventListener.QUEUE_SIZE + ":Integer=10000"})
public final class CommandLatencies implements EventListener {

    /** Upper bounds in seconds: door releases and policy refusals take milliseconds, a shutter's travel up to a minute. */
    static final double[] BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};
    static final String[] OUTCOMES = {"completed", "failed", "timed-out", "rejected"};
    /** Commands issued whose outcome has not come yet; the oldest is forgotten beyond this (a lost outcome). */
    static final int PENDING_LIMIT = 10_000;

    private final Map<String, Instant> pending = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
            return size() > PENDING_LIMIT;
        }
    };
    private final Map<String, Histogram> byOutcome = new TreeMap<>();

    /** Cumulative bucket counts, a count and a sum, as Prometheus' histogram wants them. */
    static final class Histogram {
        final AtomicLongArray buckets = new AtomicLongArray(BUCKETS.length);
        volatile long count;
        volatile double sumSeconds;

        synchronized void observe(double seconds) {
            for (int i = 0; i < BUCKETS.length; i++) {
                if (seconds <= BUCKETS[i]) {
                    buckets.incrementAndGet(i);
                }
            }
            count++;
            sumSeconds += seconds;
        }
    }

    public CommandLatencies() {
        for (String o : OUTCOMES) {
            byOutcome.put(o, new Histogram());
        }
    }

    @Override
    public void onEvent(Event event) {
        String type = event.type();
        String id = event.subject();
        if (id == null || id.isEmpty()) {
            return;
        }
        if (type.equals(EventTypes.COMMAND_ISSUED)) {
            synchronized (pending) {
                pending.put(id, event.time());
            }
            return;
        }
        String outcome = type.startsWith("command.") ? type.substring("command.".length()) : "";
        Histogram h = byOutcome.get(outcome);
        if (h == null) {
            return;
        }
        Instant issued;
        synchronized (pending) {
            issued = pending.remove(id);
        }
        if (issued == null) {
            return; // issued before the hub (re)started, or refused before it was issued
        }
        h.observe(Math.max(0, Duration.between(issued, event.time()).toNanos()) / 1e9);
    }

    void write(PrometheusText text) {
        String name = "yakata_command_duration_seconds";
        text.family(name, "histogram", "Time from a command's command.issued event to its outcome event, every channel");
        for (Map.Entry<String, Histogram> e : byOutcome.entrySet()) {
            Histogram h = e.getValue();
            synchronized (h) {
                for (int i = 0; i < BUCKETS.length; i++) {
                    text.sample(name + "_bucket", h.buckets.get(i), "outcome", e.getKey(), "le", PrometheusText.number(BUCKETS[i]));
                }
                text.sample(name + "_bucket", h.count, "outcome", e.getKey(), "le", "+Inf");
                text.sample(name + "_sum", h.sumSeconds, "outcome", e.getKey());
                text.sample(name + "_count", h.count, "outcome", e.getKey());
            }
        }
        int waiting;
        synchronized (pending) {
            waiting = pending.size();
        }
        text.family("yakata_commands_pending", "gauge", "Commands issued whose outcome has not been seen yet");
        text.sample("yakata_commands_pending", waiting);
    }
}
