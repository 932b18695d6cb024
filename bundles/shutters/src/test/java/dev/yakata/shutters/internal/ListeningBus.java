package dev.yakata.shutters.internal;

import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventListener;
import dev.yakata.bus.api.EventBus;
import dev.yakata.bus.api.LaneStatistics;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Keeps every published event and delivers each to the subscribed listeners on a thread of their own, in publication
 * order, as the hub's bus does (without its Camel routes and journal, which these tests do not exercise).
 */
final class ListeningBus implements EventBus, AutoCloseable {

    private record Subscription(EventListener listener, List<String> types, ExecutorService thread) {
        boolean wants(String type) {
            return types.stream().anyMatch(t -> t.endsWith("*") ? type.startsWith(t.substring(0, t.length() - 1)) : t.equals(type));
        }
    }

    final List<Event> events = new CopyOnWriteArrayList<>();
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();

    void subscribe(EventListener listener, String... types) {
        subscriptions.add(new Subscription(listener, List.of(types), Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "test-bus-listener");
            thread.setDaemon(true);
            return thread;
        })));
    }

    @Override
    public boolean publish(Event event) {
        events.add(event);
        return publishWithoutKeeping(event);
    }

    /** Delivers without keeping the event (the benchmark, whose rounds publish thousands). */
    boolean publishWithoutKeeping(Event event) {
        for (Subscription subscription : subscriptions) {
            if (subscription.wants(event.type())) {
                subscription.thread().execute(() -> subscription.listener().onEvent(event));
            }
        }
        return true;
    }

    @Override
    public List<LaneStatistics> statistics() {
        return List.of();
    }

    @Override
    public void close() {
        subscriptions.forEach(s -> s.thread().shutdownNow());
    }
}
