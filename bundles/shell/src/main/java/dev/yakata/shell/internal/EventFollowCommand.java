package dev.yakata.shell.internal;

import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventListener;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

@Command(scope = "yakata", name = "event-follow", description = "Prints bus events live until Ctrl-C, --count or --seconds.")
@Service
public class EventFollowCommand implements Action {

    @Argument(index = 0, name = "types", description = "Event types, exact or prefix with *, e.g. door.* alarm.*; default all (point.changed included)",
            multiValued = true)
    List<String> types;

    @Option(name = "--count", description = "Stop after this many events")
    int count = Integer.MAX_VALUE;

    @Option(name = "--seconds", description = "Stop after this many seconds")
    int seconds = Integer.MAX_VALUE;

    @Reference
    BundleContext bundleContext;

    @Override
    public Object execute() throws InterruptedException {
        // A bounded queue of our own: a terminal that cannot keep up loses events here, counted and reported, and
        // never slows the bus.
        BlockingQueue<Event> received = new LinkedBlockingQueue<>(1_000);
        java.util.concurrent.atomic.AtomicLong missed = new java.util.concurrent.atomic.AtomicLong();
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(EventListener.EVENT_TYPES, types == null || types.isEmpty() ? new String[] {"*"} : types.toArray(String[]::new));
        properties.put("yakata.event.listener.name", "shell:event-follow:" + Operator.issuer().user());
        EventListener listener = event -> {
            if (!received.offer(event)) {
                missed.incrementAndGet();
            }
        };
        ServiceRegistration<EventListener> registration = bundleContext.registerService(EventListener.class, listener, properties);
        try {
            long deadline = seconds == Integer.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            for (int printed = 0; printed < count && System.nanoTime() < deadline; ) {
                Event event = received.poll(200, TimeUnit.MILLISECONDS);
                if (event != null) {
                    System.out.println(format(event));
                    printed++;
                }
            }
        } finally {
            registration.unregister();
        }
        if (missed.get() > 0) {
            System.out.println(missed.get() + " events were not shown because the terminal could not keep up; narrow the types");
        }
        return null;
    }

    static String format(Event event) {
        return event.time() + " " + event.severity() + " " + event.type() + " " + event.source()
                + (event.subject().isEmpty() ? "" : "/" + event.subject()) + (event.zone().isEmpty() ? "" : " [" + event.zone() + "]")
                + " " + event.data();
    }
}
