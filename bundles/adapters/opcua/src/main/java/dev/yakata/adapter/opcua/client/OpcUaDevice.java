package dev.yakata.adapter.opcua.client;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import dev.yakata.opcua.common.Problems;
import dev.yakata.opcua.common.Values;
import dev.yakata.opcua.common.pki.Pki;
import dev.yakata.api.adapter.DeviceContext;
import dev.yakata.api.adapter.DeviceHandler;
import dev.yakata.api.command.Command;
import dev.yakata.api.command.CommandOutcome;
import dev.yakata.api.device.DeviceDefinition;
import dev.yakata.api.device.DeviceState;
import dev.yakata.api.device.DeviceStatus;
import dev.yakata.api.device.PointDefinition;
import dev.yakata.api.device.PointKind;
import dev.yakata.api.device.PointValue;
import dev.yakata.api.device.StatusDetail;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.SessionActivityListener;
import org.eclipse.milo.opcua.sdk.client.UaSession;
import org.eclipse.milo.opcua.sdk.client.subscriptions.MonitoredItemServiceOperationResult;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.OpcUaDataType;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.enumerated.DataChangeTrigger;
import org.eclipse.milo.opcua.stack.core.types.enumerated.DeadbandType;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.CallMethodRequest;
import org.eclipse.milo.opcua.stack.core.types.structured.CallMethodResult;
import org.eclipse.milo.opcua.stack.core.types.structured.DataChangeFilter;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadValueId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one device on an OPC UA server: one session, one subscription with a monitored item per point, writes
 * to variables and method calls for device actions.
 *
 * <p>Connection: the first connect and every retry after a failed one happen here, with a doubling delay between
 * {@code opcua.reconnectMinMillis} and {@code opcua.reconnectMaxMillis}. Once a session exists, Milo reconnects
 * a lost one itself (its own backoff, up to 16 s) and transfers the subscription; when the transfer fails (the
 * server restarted) the subscription and its items are created again from the same point mapping.
 */
final class OpcUaDevice implements DeviceHandler {

    private static final Logger LOG = LoggerFactory.getLogger(OpcUaDevice.class);

    private final DeviceDefinition device;
    private final DeviceContext context;
    private final ClientSettings settings;
    private final Pki pki;
    private final ClientThreads threads;
    private final Map<String, NodeId> nodeIds;
    private final Map<NodeId, NodeId> dataTypes = new ConcurrentHashMap<>();
    private final Map<CompletableFuture<CommandOutcome>, Command> pending = new ConcurrentHashMap<>();

    private volatile boolean closed;
    private volatile OpcUaClient client;
    private volatile OpcUaSubscription subscription;
    private volatile String pointProblems = "";
    private long retryDelayMillis;
    private long authRetryDelayMillis;

    OpcUaDevice(DeviceDefinition device, DeviceContext context, ClientSettings settings, Pki pki,
            ClientThreads threads, Map<String, NodeId> nodeIds) {
        this.device = device;
        this.context = context;
        this.settings = settings;
        this.pki = pki;
        this.threads = threads;
        this.nodeIds = nodeIds;
        this.retryDelayMillis = settings.reconnectMinMillis();
        this.authRetryDelayMillis = settings.authRetryMinMillis();
    }

    void start() {
        context.updateStatus(DeviceStatus.offline(StatusDetail.STARTING, "connecting to " + settings));
        context.scheduler().execute(this::connect);
    }

    private void connect() {
        if (closed) {
            return;
        }
        Connector.connect(settings, pki, threads).whenComplete((connected, failure) -> {
            if (failure != null) {
                connectFailed(failure);
                return;
            }
            if (closed) {
                connected.disconnectAsync();
                return;
            }
            client = connected;
            retryDelayMillis = settings.reconnectMinMillis();
            authRetryDelayMillis = settings.authRetryMinMillis();
            connected.addSessionActivityListener(new SessionWatch());
            subscribe(connected);
        });
    }

    private void connectFailed(Throwable failure) {
        if (closed) {
            return;
        }
        if (Problems.isAuthenticationFailure(failure)) {
            authenticationFailed(failure);
            return;
        }
        String reason = "cannot connect to " + settings + ": " + Problems.describe(failure) + "; retrying in "
                + Math.round(retryDelayMillis / 1000.0) + " s";
        LOG.debug("Device {}: {}", device.id(), reason, failure);
        context.updateStatus(DeviceStatus.offline(StatusDetail.COMMUNICATION_ERROR, reason));
        schedule(this::connect, retryDelayMillis);
        retryDelayMillis = Math.min(settings.reconnectMaxMillis(), retryDelayMillis * 2);
    }

    /**
     * The server refused the user's credentials. Retrying at the network pace (every 1 to 30 s) would only count
     * failed log-ins towards the account's lock-out on a strict server, so the next attempt waits
     * {@code opcua.authRetryMinMillis} (5 min), doubling up to {@code opcua.authRetryMaxMillis}. Editing the device
     * file (the fix) reopens the device at once.
     */
    private void authenticationFailed(Throwable failure) {
        long delay = authRetryDelayMillis;
        String who = settings.hasUser() ? "user " + settings.username() : "anonymous login";
        String reason = "authentication failed at " + settings.endpointUrl() + " for " + who + ": "
                + Problems.describe(failure) + "; next attempt in " + Math.round(delay / 1000.0)
                + " s; fix opcua.password (or opcua.username) in the device file";
        LOG.warn("Device {}: {}", device.id(), reason);
        context.updateStatus(DeviceStatus.offline(StatusDetail.CONFIGURATION_ERROR, reason));
        schedule(this::connect, delay);
        authRetryDelayMillis = Math.min(settings.authRetryMaxMillis(), delay * 2);
        // a later network failure starts its own back-off from the beginning
        retryDelayMillis = settings.reconnectMinMillis();
    }

    private void schedule(Runnable task, long delayMillis) {
        try {
            context.scheduler().schedule(task, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("Device {}: scheduler stopped, not retrying", device.id());
        }
    }

    /** Creates the subscription and one monitored item per point; runs again after a failed transfer. */
    private void subscribe(OpcUaClient connected) {
        OpcUaSubscription sub = new OpcUaSubscription(connected, settings.publishingIntervalMillis());
        sub.setSubscriptionListener(new OpcUaSubscription.SubscriptionListener() {
            @Override
            public void onTransferFailed(OpcUaSubscription s, StatusCode status) {
                LOG.info("Device {}: subscription not transferred to the new session ({}); creating it again",
                        device.id(), Problems.name(status));
                schedule(() -> recreate(connected, s), 0);
            }
        });
        List<OpcUaMonitoredItem> items = new ArrayList<>();
        for (PointDefinition point : device.points()) {
            OpcUaMonitoredItem item = OpcUaMonitoredItem.newDataItem(nodeIds.get(point.id()));
            item.setSamplingInterval(settings.samplingIntervalMillis());
            item.setQueueSize(uint(settings.queueSize()));
            item.setDiscardOldest(true);
            if (settings.deadband() > 0 && point.kind() == PointKind.ANALOG) {
                item.setFilter(new DataChangeFilter(DataChangeTrigger.StatusValue, uint(DeadbandType.Absolute.getValue()),
                        settings.deadband()));
            }
            item.setUserObject(point);
            PointKind kind = point.kind();
            String pointId = point.id();
            item.setDataValueListener((i, value) -> context.publishValue(pointId, Values.toPointValue(value, kind)));
            items.add(item);
        }
        sub.addMonitoredItems(items);
        subscription = sub;
        createOnServer(sub);
    }

    private void recreate(OpcUaClient connected, OpcUaSubscription sub) {
        if (closed || connected != client) {
            return;
        }
        createOnServer(sub);
    }

    private void createOnServer(OpcUaSubscription sub) {
        sub.createAsync().whenComplete((unit, failure) -> {
            if (closed) {
                return;
            }
            if (failure != null) {
                String reason = "connected to " + settings.endpointUrl() + " but cannot create a subscription: "
                        + Problems.describe(failure) + "; retrying";
                context.updateStatus(DeviceStatus.offline(StatusDetail.COMMUNICATION_ERROR, reason));
                schedule(() -> createOnServer(sub), retryDelayMillis);
                return;
            }
            try {
                List<MonitoredItemServiceOperationResult> results = sub.createMonitoredItems();
                List<String> problems = new ArrayList<>();
                for (MonitoredItemServiceOperationResult result : results) {
                    if (!result.isGood()) {
                        PointDefinition point = (PointDefinition) result.monitoredItem().getUserObject().orElseThrow();
                        StatusCode status = result.operationResult().orElse(result.serviceResult());
                        problems.add("point " + point.id() + " (" + point.address() + "): " + Problems.describe(status));
                        context.publishValue(point.id(), PointValue.bad());
                    }
                }
                pointProblems = String.join("; ", problems);
                reportOnline();
            } catch (RuntimeException e) {
                context.updateStatus(DeviceStatus.offline(StatusDetail.COMMUNICATION_ERROR,
                        "cannot create monitored items: " + Problems.describe(e) + "; retrying"));
                schedule(() -> createOnServer(sub), retryDelayMillis);
            }
        });
    }

    private void reportOnline() {
        String problems = pointProblems;
        // Good points keep flowing; a point whose node the server does not know is BAD and named here.
        context.updateStatus(problems.isEmpty() ? DeviceStatus.online()
                : new DeviceStatus(DeviceState.ONLINE, StatusDetail.CONFIGURATION_ERROR, problems));
    }

    /** Follows Milo's session: OFFLINE with a reason while it is lost, back ONLINE when Milo restores it. */
    private final class SessionWatch implements SessionActivityListener {
        private volatile boolean lost;

        @Override
        public void onSessionInactive(UaSession session) {
            if (closed) {
                return;
            }
            lost = true;
            context.updateStatus(DeviceStatus.offline(StatusDetail.COMMUNICATION_ERROR, "session to "
                    + settings.endpointUrl() + " lost; reconnecting"));
            device.points().forEach(p -> context.publishValue(p.id(), PointValue.bad()));
        }

        @Override
        public void onSessionActive(UaSession session) {
            if (closed || !lost) {
                return;
            }
            lost = false;
            LOG.info("Device {}: session to {} restored", device.id(), settings.endpointUrl());
            reportOnline();
        }
    }

    @Override
    public CompletionStage<CommandOutcome> execute(Command command) {
        OpcUaClient connected = client;
        if (connected == null) {
            return CompletableFuture.completedFuture(CommandOutcome.failed(command, "not connected to "
                    + settings.endpointUrl()));
        }
        CompletableFuture<CommandOutcome> outcome = Command.WRITE.equals(command.action())
                ? write(connected, command) : call(connected, command);
        pending.put(outcome, command);
        outcome.whenComplete((o, f) -> pending.remove(outcome));
        return outcome;
    }

    private CompletableFuture<CommandOutcome> write(OpcUaClient connected, Command command) {
        PointDefinition point = device.point(command.pointId()).orElse(null);
        if (point == null) {
            return CompletableFuture.completedFuture(CommandOutcome.rejected(command, "no point " + command.pointId()));
        }
        NodeId nodeId = nodeIds.get(point.id());
        Object value = command.arguments().get(Command.VALUE);
        return dataType(connected, nodeId).thenCompose(dataType -> {
            Variant variant;
            try {
                variant = Values.toVariant(value, dataType);
            } catch (Values.TypeMismatchException e) {
                return CompletableFuture.completedFuture(CommandOutcome.rejected(command, "point " + point.id() + " ("
                        + point.address() + "): " + e.getMessage()));
            }
            return connected.writeValuesAsync(List.of(nodeId), List.of(DataValue.valueOnly(variant)))
                    .thenApply(statuses -> {
                        StatusCode status = statuses.get(0);
                        return status.isGood() ? CommandOutcome.completed(command)
                                : CommandOutcome.failed(command, "the server refused the write to " + point.address()
                                        + ": " + Problems.describe(status));
                    });
        }).exceptionally(failure -> CommandOutcome.failed(command, "write to " + point.address() + " failed: "
                + Problems.describe(failure)));
    }

    /** The node's data type (read once); for an abstract type, the built-in type of its current value. */
    private CompletableFuture<NodeId> dataType(OpcUaClient connected, NodeId nodeId) {
        NodeId known = dataTypes.get(nodeId);
        if (known != null) {
            return CompletableFuture.completedFuture(known);
        }
        List<ReadValueId> reads = List.of(
                new ReadValueId(nodeId, AttributeId.DataType.uid(), null, QualifiedName.NULL_VALUE),
                new ReadValueId(nodeId, AttributeId.Value.uid(), null, QualifiedName.NULL_VALUE));
        return connected.readAsync(0.0, TimestampsToReturn.Neither, reads).thenApply(response -> {
            DataValue typeValue = response.getResults()[0];
            if (!typeValue.getStatusCode().isGood()) {
                throw new java.util.concurrent.CompletionException(new org.eclipse.milo.opcua.stack.core.UaException(
                        typeValue.getStatusCode(), "cannot read the node's data type"));
            }
            NodeId declared = (NodeId) typeValue.getValue().getValue();
            NodeId type = declared;
            if (OpcUaDataType.fromNodeId(declared) == null) {
                Object current = response.getResults()[1].getValue().getValue();
                type = current == null ? declared : Variant.of(current).getDataType()
                        .map(OpcUaDataType::getNodeId).orElse(declared);
            }
            dataTypes.put(nodeId, type);
            return type;
        });
    }

    private CompletableFuture<CommandOutcome> call(OpcUaClient connected, Command command) {
        ClientSettings.MethodAction action = settings.actions().get(command.action());
        if (action == null) {
            return CompletableFuture.completedFuture(CommandOutcome.rejected(command, "device " + device.id()
                    + " has no OPC UA action '" + command.action() + "'; configured: "
                    + (settings.actions().isEmpty() ? "none (add opcua.action." + command.action() + ".object and .method)"
                            : String.join(", ", new java.util.TreeSet<>(settings.actions().keySet())))));
        }
        Variant[] inputs = new Variant[action.arguments().size()];
        for (int i = 0; i < inputs.length; i++) {
            ClientSettings.Argument argument = action.arguments().get(i);
            try {
                inputs[i] = MethodArguments.toVariant(argument, command.arguments().get(argument.name()));
            } catch (Values.TypeMismatchException e) {
                return CompletableFuture.completedFuture(CommandOutcome.rejected(command, "argument " + argument.name()
                        + ": " + e.getMessage()));
            }
        }
        CallMethodRequest request = new CallMethodRequest(action.objectId(), action.methodId(), inputs);
        return connected.callAsync(List.of(request)).thenApply(response -> {
            CallMethodResult result = response.getResults()[0];
            if (!result.getStatusCode().isGood()) {
                return CommandOutcome.failed(command, "method " + action.methodId().toParseableString() + " failed: "
                        + Problems.describe(result.getStatusCode()));
            }
            Map<String, Object> outputs = new LinkedHashMap<>();
            Variant[] values = result.getOutputArguments();
            for (int i = 0; values != null && i < values.length; i++) {
                Object v = values[i].getValue();
                outputs.put("output" + i, v == null ? null : v instanceof Number || v instanceof Boolean
                        || v instanceof String ? v : v.toString());
            }
            CommandOutcome done = CommandOutcome.completed(command);
            return new CommandOutcome(done.commandId(), done.status(), "", outputs, done.completedAt());
        }).exceptionally(failure -> CommandOutcome.failed(command, "method call " + action.name() + " failed: "
                + Problems.describe(failure)));
    }

    @Override
    public void close() {
        closed = true;
        pending.forEach((stage, command) -> stage.complete(CommandOutcome.failed(command, "device closed")));
        OpcUaClient connected = client;
        client = null;
        if (connected != null) {
            try {
                // Deleting the subscription tells the server at once; the session close follows.
                connected.disconnectAsync().get(3, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.debug("Device {}: disconnect did not finish cleanly: {}", device.id(), Problems.describe(e));
            }
        }
    }

    /** For tests: the node id a point maps to. */
    NodeId nodeId(String pointId) {
        return nodeIds.get(pointId);
    }
}
