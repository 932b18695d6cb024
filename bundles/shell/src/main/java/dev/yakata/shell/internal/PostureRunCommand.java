package dev.yakata.shell.internal;

import dev.yakata.api.command.CommandOutcome;
import dev.yakata.api.command.OutcomeStatus;
import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventListener;
import java.util.Hashtable;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

@Command(scope = "yakata", name = "posture-run", description = "Runs a posture after confirmation (a preview's --token, or yes to the preview shown), then shows its progress per device and its summary.")
@Service
public class PostureRunCommand extends PostureCommandSupport {

    @Argument(index = 0, name = "posture", description = "The posture's name (yakata:posture-list)", required = true)
    String posture;

    @Option(name = "--token", description = "The token yakata:posture-preview gave; without it the preview is shown and you confirm with yes")
    String token;

    @Option(name = "--follow-seconds", description = "How long to show the progress before leaving the run to go on alone")
    int followSeconds = 300;

    @Reference
    BundleContext bundleContext;

    @Reference
    Session session;

    @Override
    public Object execute() throws Exception {
        String confirmed = token;
        if (confirmed == null || confirmed.isBlank()) {
            CommandOutcome preview = submit(action("preview", "posture", posture));
            if (preview == null) {
                return null;
            }
            if (preview.status() != OutcomeStatus.COMPLETED) {
                System.out.println("posture-run: " + preview.status() + " — " + preview.reason());
                return null;
            }
            printPlan(preview.data());
            String answer = session.readLine("Run posture " + posture + " as shown? Type yes to run: ", null);
            if (answer == null || !answer.trim().toLowerCase(Locale.ROOT).equals("yes")) {
                System.out.println("Not run.");
                return null;
            }
            confirmed = String.valueOf(preview.data().get("token"));
        }
        dev.yakata.api.command.Command run = action("run", "posture", posture, "token", confirmed.trim());
        // Listen before submitting: the first steps may end before the run's own outcome comes back.
        BlockingQueue<Event> progress = new LinkedBlockingQueue<>(10_000);
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(EventListener.EVENT_TYPES, new String[] {"posture.step", "posture.finished"});
        properties.put("yakata.event.listener.name", "shell:posture-run:" + Operator.issuer().user());
        EventListener listener = event -> {
            if (event.correlationId().equals(run.id())) {
                progress.offer(event);
            }
        };
        ServiceRegistration<EventListener> registration = bundleContext.registerService(EventListener.class, listener,
                properties);
        try {
            CommandOutcome outcome = submit(run);
            if (outcome == null) {
                return null;
            }
            if (outcome.status() != OutcomeStatus.COMPLETED) {
                System.out.println("posture-run: " + outcome.status() + " — " + outcome.reason());
                return null;
            }
            System.out.println("Run " + run.id() + " of " + posture + " started (" + outcome.data().get("wouldRun")
                    + " commands):");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(followSeconds);
            while (System.nanoTime() < deadline) {
                Event event = progress.poll(200, TimeUnit.MILLISECONDS);
                if (event == null) {
                    continue;
                }
                if (event.type().equals("posture.finished")) {
                    printSummary(event.data());
                    return null;
                }
                Map<String, Object> d = event.data();
                String reason = String.valueOf(d.get("reason"));
                System.out.println("  step " + d.get("step") + "  " + d.get("device") + "  " + d.get("action") + ": "
                        + d.get("result") + (reason.isEmpty() ? "" : " — " + reason));
            }
            System.out.println("The run goes on; its summary will be a posture.finished event (yakata:event-follow "
                    + "posture.*), or ask yakata:device-command postures run-status run=" + run.id());
        } finally {
            registration.unregister();
        }
        return null;
    }

    private static void printSummary(Map<String, Object> summary) {
        System.out.println("Summary: " + summary.get("message"));
        Object interlocks = summary.get("interlocks");
        if (interlocks instanceof java.util.List<?> list && !list.isEmpty()) {
            System.out.println("Refused by an interlock (not forced):");
            list.forEach(line -> System.out.println("  " + line));
        }
    }
}
