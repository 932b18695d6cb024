package dev.yakata.shell.internal;

import dev.yakata.api.command.Command;
import dev.yakata.api.command.CommandOutcome;
import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventListener;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * The counter-shutter commands: one shutter's {@code open}, {@code close} or {@code stop} goes to the shutter itself;
 * a group's goes to the {@code shutters} device as {@code close-group} and so on, and the command then follows the
 * group's progress events until the summary. Every one is submitted as the shell's user, so the command policy decides
 * it and the audit trail records it.
 */
abstract class ShutterCommandSupport extends AccessCommandSupport {

    static final String SHUTTERS_DEVICE = "shutters";

    @Argument(index = 0, name = "shutter", description = "The shutter's device id (or use --group)", required = false)
    String shutter;

    @Option(name = "--group", description = "A group of etc/shutters/shutters.cfg instead of one shutter, e.g. all-counters")
    String group;

    @Reference
    BundleContext bundleContext;

    /** One shutter's action, or the group's, with its progress. */
    void move(String action) throws InterruptedException {
        if ((shutter == null) == (group == null)) {
            System.out.println("name one shutter or one --group (yakata:shutter-list shows both)");
            return;
        }
        if (shutter != null) {
            submitAndPrint(Command.builder(shutter, action).issuer(Operator.issuer()).reason(reason).build());
            return;
        }
        Command command = Command.builder(SHUTTERS_DEVICE, action + "-group").argument("group", group)
                .issuer(Operator.issuer()).reason(reason).build();
        // Listen before submitting, so no progress of this command is missed.
        BlockingQueue<Event> received = new LinkedBlockingQueue<>(10_000);
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(EventListener.EVENT_TYPES, new String[] {"shutter.group-progress", "shutter.group-summary"});
        properties.put("yakata.event.listener.name", "shell:shutter-" + action + ":" + Operator.issuer().user());
        EventListener listener = event -> {
            if (event.correlationId().equals(command.id())) {
                received.offer(event);
            }
        };
        ServiceRegistration<EventListener> registration = bundleContext.registerService(EventListener.class, listener, properties);
        try {
            CommandOutcome outcome;
            try {
                outcome = registry.submit(command).toCompletableFuture().get(waitSeconds, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                System.out.println(action + " " + group + ": no outcome after " + waitSeconds + " s");
                return;
            } catch (ExecutionException e) {
                System.out.println(action + " " + group + ": failed: " + e.getCause());
                return;
            }
            System.out.println(action + " " + group + ": " + outcome.status() + (outcome.reason().isEmpty() ? "" : " — " + outcome.reason()));
            if (!outcome.isSuccess()) {
                return;
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(waitSeconds);
            while (System.nanoTime() < deadline) {
                Event event = received.poll(200, TimeUnit.MILLISECONDS);
                if (event == null) {
                    continue;
                }
                Map<String, Object> data = event.data();
                if (event.type().equals("shutter.group-progress")) {
                    System.out.println("  [" + data.get("done") + "/" + data.get("total") + "] " + data.get("shutter") + " "
                            + data.get("result") + " " + data.get("state")
                            + (String.valueOf(data.get("reason")).isEmpty() ? "" : " — " + data.get("reason")));
                } else {
                    System.out.println("summary (" + data.get("millis") + " ms): " + data.get("target") + ": "
                            + data.get("reached"));
                    for (String key : new String[] {"refused", "fault", "stopped", "failed"}) {
                        if (data.get(key) instanceof Map<?, ?> why && !why.isEmpty()) {
                            System.out.println("  " + key + ":");
                            why.forEach((id, text) -> System.out.println("    " + id + " — " + text));
                        }
                    }
                    return;
                }
            }
            System.out.println("no summary after " + waitSeconds + " s; it goes on (yakata:event-follow shutter.*)");
        } finally {
            registration.unregister();
        }
    }
}
