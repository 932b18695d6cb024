package dev.yakata.adapter.mqtt.device;

import dev.yakata.api.adapter.DeviceContext;
import dev.yakata.api.adapter.DeviceHandler;
import dev.yakata.api.command.Command;
import dev.yakata.api.command.CommandOutcome;
import dev.yakata.api.device.DeviceStatus;
import dev.yakata.api.device.StatusDetail;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One MQTT device: its topic mapping, its status, and its link to the broker (a session shared with the adapter's other
 * devices on that broker, or one of its own: {@link SharedSessions}). The device is ONLINE while the session is up and
 * the broker granted its subscriptions and, when it has an availability topic (its last will), while it last said it
 * was online.
 */
final class MqttDevice implements DeviceHandler, SessionMember {

    /** Gives a device its link once its mapping (and so its filters) is known. */
    interface Links {
        DeviceLink link(MqttDeviceSettings settings, SessionMember device);
    }

    private final DeviceContext context;
    private final MqttDeviceSettings settings;
    private final DeviceMapping mapping;
    private final InboundGuard guard;
    private final String[] filters;
    private final DeviceLink connection;
    private final Map<String, Pending> awaitingResult = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile String brokerProblem = "connecting to the broker";
    private volatile Boolean reportedOnline;
    private volatile String hardwareFault;
    private volatile boolean closed;

    MqttDevice(DeviceContext context, MqttDeviceSettings settings, Links links) {
        this.context = context;
        this.settings = settings;
        this.guard = new InboundGuard(context.device().id(), settings.maxPayloadBytes(), settings.maxMessagesPerSecond());
        this.mapping = new DeviceMapping();
        java.util.Set<String> contractPoints = switch (settings.contract()) {
            case "door-controller" -> DoorControllerContract.addTo(mapping, this);
            case "camera" -> CameraContract.addTo(mapping, this);
            default -> java.util.Set.of();
        };
        GenericMapping.addTo(mapping, this, contractPoints);
        if (settings.availabilityTopic() != null) {
            mapping.onMessage(settings.availabilityTopic(), this::availability);
        }
        this.filters = mapping.filters();
        this.connection = links.link(settings, this);
    }

    void start() {
        connection.start();
    }

    DeviceContext context() {
        return context;
    }

    MqttDeviceSettings settings() {
        return settings;
    }

    // ---- session ------------------------------------------------------------------------------------------

    @Override
    public String[] filters() {
        return filters;
    }

    @Override
    public int qos() {
        return settings.qos();
    }

    @Override
    public void subscribed() {
        brokerProblem = null;
        updateStatus();
    }

    @Override
    public void refused(String brokerDescription, Throwable failure) {
        // The broker's ACL, not the network: retrying will not help, so the device stays OFFLINE saying why.
        brokerProblem = "broker " + brokerDescription + " " + failure.getMessage()
                + "; fix the broker's ACL, then touch the device file";
        updateStatus();
    }

    @Override
    public void disconnected(String reason) {
        if (closed) {
            return; // the session ending because the device closed
        }
        brokerProblem = reason;
        reportedOnline = null; // the retained availability comes again with the next session
        updateStatus();
        // Nothing reaches the hub from the device now: its last values are no longer known to hold. Retained state
        // comes again with the next session and makes them GOOD.
        context.device().points().forEach(p -> context.publishValue(p.id(), dev.yakata.api.device.PointValue.bad()));
    }

    @Override
    public void messageArrived(String topic, byte[] payload) {
        if (closed) {
            return;
        }
        if (!guard.admit(topic, payload.length)) {
            return;
        }
        List<DeviceMapping.MessageHandler> handlers = mapping.handlersFor(topic);
        if (handlers.isEmpty()) {
            guard.unknownTopic(topic);
            return;
        }
        for (DeviceMapping.MessageHandler handler : handlers) {
            try {
                handler.handle(topic, payload);
            } catch (PayloadException e) {
                guard.malformed(topic, e.getMessage());
            } catch (RuntimeException e) {
                guard.malformed(topic, "could not be handled: " + e);
            }
        }
    }

    private void availability(String topic, byte[] payload) throws PayloadException {
        String text = new String(payload, StandardCharsets.UTF_8).trim();
        if (text.equals(settings.availabilityOnline())) {
            reportedOnline = true;
        } else if (text.equals(settings.availabilityOffline())) {
            reportedOnline = false;
        } else {
            throw new PayloadException("availability '" + text + "' is neither '" + settings.availabilityOnline()
                    + "' nor '" + settings.availabilityOffline() + "' (mqtt.availability.online/offline)");
        }
        updateStatus();
    }

    /** A contract's point: published when the device file declares it, otherwise the contract's value is not wanted. */
    void publishIfDeclared(String pointId, Object value) {
        if (context.device().point(pointId).isPresent()) {
            context.publishValue(pointId, dev.yakata.api.device.PointValue.good(value));
        }
    }

    /** A contract reports a hardware fault of the device (camera tamper), or its end with {@code null}. */
    void hardwareFault(String reason) {
        hardwareFault = reason;
        updateStatus();
    }

    private void updateStatus() {
        if (closed) {
            return;
        }
        String problem = brokerProblem;
        if (problem != null) {
            context.updateStatus(DeviceStatus.offline(StatusDetail.COMMUNICATION_ERROR, problem));
        } else if (hardwareFault != null) {
            context.updateStatus(DeviceStatus.fault(StatusDetail.HARDWARE_FAULT, hardwareFault));
        } else if (settings.availabilityTopic() != null && !Boolean.TRUE.equals(reportedOnline)) {
            context.updateStatus(DeviceStatus.offline(StatusDetail.COMMUNICATION_ERROR, reportedOnline == null
                    ? "waiting for the device to report '" + settings.availabilityOnline() + "' on " + settings.availabilityTopic()
                    : "the device reported '" + settings.availabilityOffline() + "' on " + settings.availabilityTopic()
                            + " (its last will, or it went offline)"));
        } else {
            context.updateStatus(DeviceStatus.online());
        }
    }

    // ---- commands -----------------------------------------------------------------------------------------

    @Override
    public CompletionStage<CommandOutcome> execute(Command command) {
        DeviceMapping.CommandSender sender = command.point().isPresent() ? mapping.write(command.pointId())
                : mapping.action(command.action());
        if (sender == null) {
            return CompletableFuture.completedFuture(CommandOutcome.rejected(command, command.point().isPresent()
                    ? "point '" + command.pointId() + "' has no command topic; set mqtt.point." + command.pointId() + ".command.topic"
                    : "unknown action '" + command.action() + "'; this device knows: " + String.join(", ", mapping.actionNames())));
        }
        if (!connection.isConnected()) {
            return CompletableFuture.completedFuture(CommandOutcome.failed(command, "not sent: " + brokerProblem));
        }
        try {
            return sender.send(command);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(CommandOutcome.rejected(command, e.getMessage()));
        }
    }

    /**
     * Publishes a command's payload. Without confirmation the outcome is COMPLETED once the broker has the message;
     * with it, once the device answers on its result topic (see {@link #completeCommand}).
     */
    CompletionStage<CommandOutcome> send(Command command, String topic, String payload, boolean retain, boolean confirm) {
        CompletableFuture<CommandOutcome> outcome = new CompletableFuture<>();
        if (confirm) {
            awaitingResult.put(command.id(), new Pending(command, outcome));
        }
        connection.publish(topic, payload.getBytes(StandardCharsets.UTF_8), settings.qos(), retain).whenComplete((ok, failure) -> {
            if (failure != null) {
                awaitingResult.remove(command.id());
                outcome.complete(CommandOutcome.failed(command, "not delivered to the broker: " + failure.getMessage()));
            } else if (!confirm) {
                outcome.complete(CommandOutcome.completed(command));
            }
        });
        // The hub times the command out; forget it then so the map does not grow.
        outcome.whenComplete((o, f) -> awaitingResult.remove(command.id()));
        return outcome;
    }

    /**
     * Completes a confirmed command from the device's answer: COMPLETED when {@code ok}, else FAILED with the
     * device's reason. Returns false when no such command is waiting (late, or another hub's).
     */
    boolean completeCommand(String commandId, boolean ok, String reason) {
        Pending waiting = awaitingResult.remove(commandId);
        if (waiting == null) {
            return false;
        }
        waiting.outcome().complete(ok ? CommandOutcome.completed(waiting.command())
                : CommandOutcome.failed(waiting.command(), "the device refused: " + (reason == null ? "no reason given" : reason)));
        return true;
    }

    private record Pending(Command command, CompletableFuture<CommandOutcome> outcome) {
    }

    static Map<String, String> variables(Command command) {
        Map<String, String> variables = new HashMap<>();
        variables.put("command.id", command.id());
        variables.put("issued.by", command.issuer().user());
        variables.put("issuer.channel", command.issuer().channel().name());
        variables.put("device.id", command.deviceId());
        command.arguments().forEach((k, v) -> variables.put("arg." + k, String.valueOf(v)));
        return variables;
    }

    @Override
    public void close() {
        closed = true;
        connection.close();
        awaitingResult.values().forEach(p -> p.outcome().complete(CommandOutcome.failed(p.command(), "the device was closed")));
        awaitingResult.clear();
    }

    String counts() {
        return guard.counts();
    }
}
