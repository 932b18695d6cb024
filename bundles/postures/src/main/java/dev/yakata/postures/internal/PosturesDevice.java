package dev.yakata.postures.internal;

import dev.yakata.api.adapter.DeviceHandler;
import dev.yakata.api.command.Command;
import dev.yakata.api.command.CommandOutcome;
import dev.yakata.api.command.OutcomeStatus;
import dev.yakata.core.api.DeviceRegistry;
import dev.yakata.postures.rules.Plan;
import dev.yakata.postures.rules.Posture;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The {@code postures} device's handler: the operators' posture commands. Each is a command of this device, so the
 * core's policy decided who may ask it and the audit trail has it before this class sees it. A preview builds the
 * plan as the asking user and checks every command without running it; a run needs the preview's token, makes the
 * plan again, and refuses when it is not the plan the token confirmed. Quick: a run completes once it has started,
 * its progress comes as events.
 */
final class PosturesDevice implements DeviceHandler {

    private final PostureFileWatch file;
    private final DeviceRegistry registry;
    private final PreviewTokens tokens;
    private final PostureRuns runs;

    PosturesDevice(PostureFileWatch file, DeviceRegistry registry, PreviewTokens tokens, PostureRuns runs) {
        this.file = file;
        this.registry = registry;
        this.tokens = tokens;
        this.runs = runs;
    }

    @Override
    public CompletionStage<CommandOutcome> execute(Command command) {
        CommandOutcome outcome;
        try {
            outcome = switch (command.action()) {
                case "list" -> completed(command, list());
                case "preview" -> preview(command);
                case "run" -> run(command);
                case "run-status" -> status(command);
                default -> CommandOutcome.rejected(command, "the postures device has no action '" + command.action()
                        + "'; see yakata:profile-list postures");
            };
        } catch (Refused e) {
            outcome = CommandOutcome.rejected(command, e.getMessage());
        }
        return CompletableFuture.completedFuture(outcome);
    }

    @Override
    public void close() {
        // Nothing of its own: runs and tokens belong to the runtime and outlive one opening of the device.
    }

    private Map<String, Object> list() {
        PostureFileWatch.State state = file.state();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("file", file.file().toString());
        data.put("error", state.error());
        data.put("postures", state.postures().values().stream().map(p -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", p.name());
            row.put("title", p.title());
            row.put("titleEn", p.titleEn());
            row.put("steps", (long) p.steps().size());
            row.put("line", (long) p.line());
            return row;
        }).toList());
        return data;
    }

    private CommandOutcome preview(Command command) {
        Posture posture = posture(command);
        Plan plan = Plan.of(posture, command.issuer(), registry);
        PreviewTokens.Issued token = tokens.issue(plan);
        Map<String, Object> data = describe(plan);
        data.put("token", token.token());
        data.put("expiresAt", token.expiresAt().toString());
        data.put("tokenSeconds", tokens.life().toSeconds());
        return completed(command, data);
    }

    private CommandOutcome run(Command command) {
        Posture posture = posture(command);
        String token = text(command, "token");
        PreviewTokens.Issued issued = tokens.take(token);
        if (issued == null) {
            throw new Refused("token " + token + " confirms no preview (unknown, used already, or older than "
                    + tokens.life().toSeconds() + " s); preview posture " + posture.name() + " again");
        }
        if (!issued.plan().posture().name().equals(posture.name())) {
            throw new Refused("token " + token + " confirms posture " + issued.plan().posture().name() + ", not "
                    + posture.name() + "; preview " + posture.name() + " and use its token");
        }
        if (!issued.plan().issuer().user().equals(command.issuer().user())) {
            throw new Refused("token " + token + " was given to " + issued.plan().issuer().user() + "; a run is "
                    + "confirmed by the user who previewed it, so preview posture " + posture.name() + " yourself");
        }
        Plan now = Plan.of(posture, command.issuer(), registry);
        if (!now.fingerprint().equals(issued.fingerprint())) {
            throw new Refused("the plan of posture " + posture.name() + " changed since the preview ("
                    + now.differenceFrom(issued.plan()) + "); preview it again and confirm what it would do now");
        }
        PostureRuns.Run run = runs.start(command.id(), now, optional(command, "reason"));
        Map<String, Object> data = describe(now);
        data.put("run", run.id);
        data.put("message", "posture " + posture.name() + " started as run " + run.id + "; progress: posture.step events "
                + "with correlation id " + run.id + ", the summary: posture.finished (or the run-status action)");
        return completed(command, data);
    }

    private CommandOutcome status(Command command) {
        String id = text(command, "run");
        PostureRuns.Run run = runs.run(id);
        if (run == null) {
            throw new Refused("no posture run '" + id + "' is known (the last " + PostureRuns.KEPT + " since the hub "
                    + "started are kept); the record has older ones (yakata:event-list --type posture.)");
        }
        return completed(command, run.progress());
    }

    /** The plan as a preview and a run show it. */
    private static Map<String, Object> describe(Plan plan) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("posture", plan.posture().name());
        data.put("title", plan.posture().title());
        data.put("titleEn", plan.posture().titleEn());
        data.put("user", plan.issuer().user());
        List<Map<String, Object>> rows = plan.items().stream().map(item -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("step", (long) item.step());
            row.put("device", item.device());
            row.put("action", item.what());
            row.put("now", item.check().accepted() ? "would run" : "refused: " + item.check().refusedBy());
            row.put("reason", item.check().reason());
            return row;
        }).toList();
        data.put("commands", rows);
        data.put("wouldRun", plan.items().size() - (long) plan.refused().size());
        data.put("wouldBeRefused", (long) plan.refused().size());
        return data;
    }

    private Posture posture(Command command) {
        String name = text(command, "posture");
        PostureFileWatch.State state = file.state();
        Posture posture = state.postures().get(name);
        if (posture == null) {
            throw new Refused("no posture '" + name + "'; " + (state.postures().isEmpty() ? "none is in force"
                    + (state.error().isEmpty() ? "" : " (" + state.error() + ")")
                    : "the postures are " + String.join(", ", state.postures().keySet())));
        }
        return posture;
    }

    private static String text(Command command, String name) {
        String value = optional(command, name);
        if (value.isEmpty()) {
            throw new Refused("argument " + name + " is required and must not be empty");
        }
        return value;
    }

    private static String optional(Command command, String name) {
        Object value = command.arguments().get(name);
        return value == null ? "" : String.valueOf(value).trim();
    }

    private static CommandOutcome completed(Command command, Map<String, Object> data) {
        return new CommandOutcome(command.id(), OutcomeStatus.COMPLETED, "", data, Instant.now());
    }

    /** An operator's request that cannot be done as asked; REJECTED with the sentence. */
    private static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message, null, false, false);
        }
    }
}
