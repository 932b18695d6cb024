package dev.yakata.opcua.server;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ubyte;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import dev.yakata.opcua.common.Problems;
import dev.yakata.opcua.common.Values;
import dev.yakata.api.command.Command;
import dev.yakata.api.command.CommandOutcome;
import dev.yakata.api.command.Issuer;
import dev.yakata.api.device.DeviceDefinition;
import dev.yakata.api.device.PointDefinition;
import dev.yakata.api.device.PointKind;
import dev.yakata.api.device.PointValue;
import dev.yakata.api.device.Quality;
import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventTypes;
import dev.yakata.core.api.DeviceInfo;
import dev.yakata.core.api.DeviceRegistry;
import dev.yakata.core.api.Issuers;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.milo.opcua.sdk.core.AccessLevel;
import org.eclipse.milo.opcua.sdk.core.Reference;
import org.eclipse.milo.opcua.sdk.core.nodes.VariableNodeProperties;
import org.eclipse.milo.opcua.sdk.server.AddressSpace.WriteContext;
import org.eclipse.milo.opcua.sdk.server.ManagedNamespaceWithLifecycle;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.Session;
import org.eclipse.milo.opcua.sdk.server.identity.Identity;
import org.eclipse.milo.opcua.sdk.server.items.DataItem;
import org.eclipse.milo.opcua.sdk.server.items.MonitoredItem;
import org.eclipse.milo.opcua.sdk.server.methods.AbstractMethodInvocationHandler;
import org.eclipse.milo.opcua.sdk.server.methods.MethodInvocationHandler;
import org.eclipse.milo.opcua.sdk.server.nodes.UaFolderNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaMethodNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaObjectNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.sdk.server.util.SubscriptionModel;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.structured.Argument;
import org.eclipse.milo.opcua.stack.core.types.structured.CallMethodResult;
import org.eclipse.milo.opcua.stack.core.types.structured.EUInformation;
import org.eclipse.milo.opcua.stack.core.types.structured.WriteValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's devices as an OPC UA address space: {@code Objects/Yakata/<floor>/<zone>/<device>/<point>}.
 * A point is a variable (Double, Boolean, Int64 or String) whose value, status code and source timestamp follow
 * the bus; each device also has a {@code Status} variable and a {@code Command(action, arguments)} method. Writes
 * to writable points and method calls become hub commands whose issuer is the session's user with its realm roles
 * (channel OPCUA); {@link DeviceRegistry#submit} and its command policy decide them. A refusal is a Bad status
 * (Bad_UserAccessDenied); a Command call also returns the refusal's sentence ({@code REJECTED: refused by policy:
 * ...}) as its output, since a write result has room for a status code only.
 */
final class HubNamespace extends ManagedNamespaceWithLifecycle {

    /** The namespace URI of the hub's nodes. */
    static final String URI = "urn:yakata:hub";

    private static final Logger LOG = LoggerFactory.getLogger(HubNamespace.class);

    private final DeviceRegistry registry;
    private final ServerSettings settings;
    private final SubscriptionModel subscriptionModel;
    private final Map<String, UaFolderNode> folders = new ConcurrentHashMap<>();
    private final Map<String, DeviceNodes> devices = new ConcurrentHashMap<>();
    private final Map<NodeId, PointNode> points = new ConcurrentHashMap<>();
    private UaFolderNode root;
    private AlarmConditions alarms;
    /** Whether the current alarm list has been asked of the alarms device and answered. */
    private final java.util.concurrent.atomic.AtomicBoolean alarmsSeeded = new java.util.concurrent.atomic.AtomicBoolean();

    private record PointNode(String deviceId, PointDefinition point, UaVariableNode node) {
    }

    private record DeviceNodes(DeviceDefinition definition, UaObjectNode object, UaVariableNode status,
            List<UaNode> owned) {
    }

    HubNamespace(OpcUaServer server, DeviceRegistry registry, ServerSettings settings) {
        super(server, URI);
        this.registry = registry;
        this.settings = settings;
        this.subscriptionModel = new SubscriptionModel(server, this);
        getLifecycleManager().addLifecycle(subscriptionModel);
        getLifecycleManager().addStartupTask(this::build);
    }

    private NodeId id(String path) {
        return new NodeId(getNamespaceIndex(), path);
    }

    private void build() {
        root = new UaFolderNode(getNodeContext(), id("yakata"), newQualifiedName("Yakata"),
                LocalizedText.english("Yakata"));
        getNodeManager().addNode(root);
        root.addReference(new Reference(root.getNodeId(), NodeIds.Organizes, NodeIds.ObjectsFolder.expanded(), false));
        for (DeviceInfo device : registry.devices()) {
            if (device.definition() != null) {
                addDevice(device);
            }
        }
        alarms = new AlarmConditions(getServer(), this, root, d -> devices.containsKey(d) ? id("device/" + d) : null,
                this::acknowledge);
        seedAlarms();
        LOG.info("OPC UA address space holds {} devices and {} points", devices.size(), points.size());
    }

    /**
     * Asks the alarms device for every alarm it has, so a server started after alarms were raised shows them. Asked
     * as the hub itself (the policy allows {@code yakata-hub} the list); when the device is not there yet, asked
     * again when it comes online.
     */
    private void seedAlarms() {
        if (registry.device(AlarmSnapshot.SOURCE).isEmpty() || alarmsSeeded.get()) {
            return;
        }
        Command list = Command.action(AlarmSnapshot.SOURCE, "list", Map.of("show", "all"),
                Issuers.hub("opcua-server"), "the OPC UA server shows the standing alarms");
        registry.submit(list).whenComplete((outcome, error) -> {
            if (error != null || !outcome.isSuccess()) {
                LOG.warn("The OPC UA server could not list the hub's alarms; they appear with their next event: {}",
                        error != null ? Problems.describe(error) : outcome.status() + " " + outcome.reason());
                return;
            }
            Object rows = outcome.data().get("alarms");
            List<AlarmSnapshot> snapshots = new ArrayList<>();
            if (rows instanceof List<?> list2) {
                for (Object row : list2) {
                    if (row instanceof Map<?, ?> map && map.get("alarm") != null) {
                        snapshots.add(AlarmSnapshot.fromRow(map, java.time.Instant.now()));
                    }
                }
            }
            alarmsSeeded.set(true);
            alarms.seed(snapshots);
            LOG.info("OPC UA server shows {} alarms of the alarms device", snapshots.size());
        });
    }

    /** Acknowledge from an OPC UA client: the {@code alarms} device's {@code acknowledge}, issued by the session. */
    private void acknowledge(Session session, String alarm, String comment) throws UaException {
        Map<String, Object> arguments = new LinkedHashMap<>();
        arguments.put("alarm", alarm);
        arguments.put("comment", comment);
        Issuer issuer = issuer(session);
        CommandOutcome outcome = submit(Command.action(AlarmSnapshot.SOURCE, "acknowledge", arguments, issuer,
                "OPC UA Acknowledge from " + clientName(session)));
        if (!outcome.isSuccess()) {
            LOG.info("OPC UA acknowledge of {} by {} ended {}: {}", alarm, issuer, outcome.status(), outcome.reason());
            throw new UaException(statusOf(outcome), outcome.status() + ": " + outcome.reason());
        }
    }

    private UaFolderNode folder(String path, String name, UaFolderNode parent) {
        return folders.computeIfAbsent(path, p -> {
            UaFolderNode folder = new UaFolderNode(getNodeContext(), id(p), newQualifiedName(name),
                    LocalizedText.english(name));
            getNodeManager().addNode(folder);
            parent.addOrganizes(folder);
            return folder;
        });
    }

    private synchronized void addDevice(DeviceInfo info) {
        DeviceDefinition device = info.definition();
        if (devices.containsKey(device.id())) {
            return;
        }
        String floorName = device.floor().isEmpty() ? "(no floor)" : device.floor();
        String zoneName = device.zone().isEmpty() ? "(no zone)" : device.zone();
        UaFolderNode floor = folder("floor/" + floorName, floorName, root);
        UaFolderNode zone = folder("floor/" + floorName + "/zone/" + zoneName, zoneName, floor);

        List<UaNode> owned = new ArrayList<>();
        UaObjectNode object = new UaObjectNode(getNodeContext(), id("device/" + device.id()),
                newQualifiedName(device.id()), LocalizedText.english(device.name()),
                LocalizedText.english(device.type() + " " + device.id()), uint(0), uint(0), ubyte(0));
        object.addReference(new Reference(object.getNodeId(), NodeIds.HasTypeDefinition,
                NodeIds.BaseObjectType.expanded(), true));
        getNodeManager().addNode(object);
        zone.addOrganizes(object);
        owned.add(object);

        UaVariableNode status = UaVariableNode.builder(getNodeContext())
                .setNodeId(id("device/" + device.id() + "#Status"))
                .setBrowseName(newQualifiedName("Status"))
                .setDisplayName(LocalizedText.english("Status"))
                .setDataType(NodeIds.String)
                .setTypeDefinition(NodeIds.BaseDataVariableType)
                .setAccessLevel(AccessLevel.CurrentRead)
                .setUserAccessLevel(AccessLevel.CurrentRead)
                .setValue(new DataValue(Variant.ofString(info.status().toString())))
                .build();
        getNodeManager().addNode(status);
        object.addComponent(status);
        owned.add(status);

        Map<String, PointValue> values = registry.values(device.id());
        for (PointDefinition point : device.points()) {
            UaVariableNode variable = UaVariableNode.builder(getNodeContext())
                    .setNodeId(pointNodeId(device.id(), point.id()))
                    .setBrowseName(newQualifiedName(point.id()))
                    .setDisplayName(LocalizedText.english(point.id()))
                    .setDataType(dataType(point.kind()))
                    .setTypeDefinition(NodeIds.BaseDataVariableType)
                    .setAccessLevel(point.writable() ? Set.of(AccessLevel.CurrentRead, AccessLevel.CurrentWrite)
                            : Set.of(AccessLevel.CurrentRead))
                    .setUserAccessLevel(point.writable() ? Set.of(AccessLevel.CurrentRead, AccessLevel.CurrentWrite)
                            : Set.of(AccessLevel.CurrentRead))
                    .setValue(dataValue(values.get(point.id())))
                    .build();
            getNodeManager().addNode(variable);
            object.addComponent(variable);
            if (!point.unit().isEmpty()) {
                variable.setProperty(VariableNodeProperties.EngineeringUnits, new EUInformation(
                        "http://www.opcfoundation.org/UA/units/un/cefact", -1, LocalizedText.english(point.unit()),
                        LocalizedText.english(point.unit())));
            }
            owned.add(variable);
            points.put(variable.getNodeId(), new PointNode(device.id(), point, variable));
        }

        UaMethodNode command = UaMethodNode.builder(getNodeContext())
                .setNodeId(id("device/" + device.id() + "#Command"))
                .setBrowseName(newQualifiedName("Command"))
                .setDisplayName(LocalizedText.english("Command"))
                .setDescription(LocalizedText.english("Sends a hub command (open, close, stop, unlock, ...) to the device"))
                .build();
        CommandMethod handler = new CommandMethod(command, device.id());
        command.setInputArguments(handler.getInputArguments());
        command.setOutputArguments(handler.getOutputArguments());
        command.setInvocationHandler(withOutcomeText(handler));
        getNodeManager().addNode(command);
        object.addComponent(command);
        owned.add(command);

        devices.put(device.id(), new DeviceNodes(device, object, status, owned));
    }

    private synchronized void removeDevice(String deviceId) {
        DeviceNodes nodes = devices.remove(deviceId);
        if (nodes != null) {
            nodes.owned().forEach(node -> {
                points.remove(node.getNodeId());
                node.delete();
            });
        }
    }

    private NodeId pointNodeId(String deviceId, String pointId) {
        return id("device/" + deviceId + "/" + pointId);
    }

    static NodeId dataType(PointKind kind) {
        return switch (kind) {
            case ANALOG -> NodeIds.Double;
            case BINARY -> NodeIds.Boolean;
            case MULTISTATE -> NodeIds.Int64;
            case TEXT -> NodeIds.String;
        };
    }

    private static DataValue dataValue(PointValue value) {
        if (value == null) {
            // never published: no value yet, and the status code says so
            return new DataValue(Variant.NULL_VALUE, new StatusCode(StatusCodes.Bad_WaitingForInitialData), null,
                    DateTime.now());
        }
        Variant variant = value.value() == null ? Variant.NULL_VALUE : Variant.of(value.value());
        return new DataValue(variant, Values.statusCode(value.quality()), new DateTime(value.timestamp()),
                DateTime.now());
    }

    /** Applies a bus event; called on the listener's thread. */
    void onEvent(Event event) {
        if (AlarmSnapshot.isAlarmEvent(event)) {
            AlarmConditions conditions = alarms;
            if (conditions != null) {
                conditions.update(AlarmSnapshot.after(conditions.snapshot(event.subject()), event));
            }
            return;
        }
        if (EventTypes.POINT_CHANGED.equals(event.type())) {
            PointNode node = points.get(pointNodeId(event.source(), event.subject()));
            if (node != null) {
                Object value = event.data().get("value");
                Quality quality = Quality.valueOf(String.valueOf(event.data().getOrDefault("quality", "BAD")));
                Object typed = value == null ? null : Values.toJava(value, node.point().kind());
                node.node().setValue(dataValue(new PointValue(typed, typed == null ? Quality.BAD : quality,
                        event.time())));
            }
        } else if (EventTypes.DEVICE_STATUS.equals(event.type())) {
            String deviceId = event.source();
            Optional<DeviceInfo> info = registry.device(deviceId);
            DeviceNodes nodes = devices.get(deviceId);
            if (info.isEmpty() || info.get().definition() == null) {
                removeDevice(deviceId);
            } else if (nodes == null || !nodes.definition().equals(info.get().definition())) {
                removeDevice(deviceId);
                addDevice(info.get());
            } else {
                nodes.status().setValue(new DataValue(Variant.ofString(info.get().status().toString())));
            }
            // The alarms device came (back): a list it could not answer before is asked now.
            if (AlarmSnapshot.SOURCE.equals(deviceId) && alarms != null) {
                seedAlarms();
            }
        }
    }

    /** For tests and the benchmark: the node id of a point. */
    NodeId nodeIdOf(String deviceId, String pointId) {
        return pointNodeId(deviceId, pointId);
    }

    @Override
    public List<StatusCode> write(WriteContext context, List<WriteValue> writeValues) {
        List<StatusCode> results = new ArrayList<>(Collections.nCopies(writeValues.size(), (StatusCode) null));
        List<WriteValue> others = new ArrayList<>();
        List<Integer> otherIndexes = new ArrayList<>();
        for (int i = 0; i < writeValues.size(); i++) {
            WriteValue write = writeValues.get(i);
            PointNode point = points.get(write.getNodeId());
            if (point != null && write.getAttributeId().equals(AttributeId.Value.uid())) {
                results.set(i, writePoint(context.getSession().orElse(null), point, write));
            } else {
                others.add(write);
                otherIndexes.add(i);
            }
        }
        if (!others.isEmpty()) {
            List<StatusCode> otherResults = super.write(context, others);
            for (int i = 0; i < others.size(); i++) {
                results.set(otherIndexes.get(i), otherResults.get(i));
            }
        }
        return results;
    }

    private StatusCode writePoint(Session session, PointNode point, WriteValue write) {
        if (!point.point().writable()) {
            return new StatusCode(StatusCodes.Bad_NotWritable);
        }
        if (write.getIndexRange() != null && !write.getIndexRange().isEmpty()) {
            return new StatusCode(StatusCodes.Bad_IndexRangeInvalid);
        }
        Object raw = write.getValue().getValue().getValue();
        Object value = Values.toJava(raw, point.point().kind());
        // Only exact kinds are accepted: a Double point takes numbers, a Boolean point only Booleans, and so on.
        if (value == null || !kindAccepts(point.point().kind(), raw)) {
            return new StatusCode(StatusCodes.Bad_TypeMismatch);
        }
        Command command = Command.write(point.deviceId(), point.point().id(), value, issuer(session),
                "OPC UA write from " + clientName(session));
        CommandOutcome outcome = submit(command);
        if (!outcome.isSuccess()) {
            LOG.info("OPC UA write to {}/{} by {} ended {}: {}", point.deviceId(), point.point().id(),
                    command.issuer(), outcome.status(), outcome.reason());
        }
        return statusOf(outcome);
    }

    private static boolean kindAccepts(PointKind kind, Object raw) {
        return switch (kind) {
            case ANALOG -> raw instanceof Number;
            case BINARY -> raw instanceof Boolean;
            case MULTISTATE -> raw instanceof Number n && !(raw instanceof Double || raw instanceof Float);
            case TEXT -> raw instanceof String || raw instanceof LocalizedText;
        };
    }

    private CommandOutcome submit(Command command) {
        try {
            return registry.submit(command).toCompletableFuture().get(settings.commandTimeoutMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CommandOutcome.failed(command, "interrupted");
        } catch (TimeoutException e) {
            return CommandOutcome.timedOut(command, "no outcome within " + settings.commandTimeoutMillis() + " ms");
        } catch (Exception e) {
            return CommandOutcome.failed(command, Problems.describe(e));
        }
    }

    /** The reason the core gives a command the policy refused starts with this. */
    static final String POLICY_REFUSAL = "refused by policy:";

    private static StatusCode statusOf(CommandOutcome outcome) {
        return new StatusCode(switch (outcome.status()) {
            case COMPLETED -> StatusCodes.Good;
            case REJECTED -> outcome.reason().startsWith(POLICY_REFUSAL) ? StatusCodes.Bad_UserAccessDenied
                    : StatusCodes.Bad_RequestNotAllowed;
            case FAILED -> StatusCodes.Bad_DeviceFailure;
            case TIMED_OUT -> StatusCodes.Bad_Timeout;
        });
    }

    /**
     * The issuer of a session's commands: the logged-in user with its realm roles, an anonymous session (demo
     * profile only) as {@code opcua-anonymous} with the configured anonymous roles, anything else with no role
     * (which the policy refuses).
     */
    private Issuer issuer(Session session) {
        Identity identity = session == null ? null : session.getIdentity();
        if (identity instanceof HubUser user) {
            return user.issuer();
        }
        if (identity instanceof Identity.AnonymousIdentity && settings.allowAnonymous()) {
            return new Issuer("opcua-anonymous", settings.anonymousRoles(), Issuer.Channel.OPCUA);
        }
        return new Issuer("opcua-unknown", Set.of(), Issuer.Channel.OPCUA);
    }

    private static String clientName(Session session) {
        return session == null ? "an unknown session" : session.getSessionName() + " (" + session.getClientAddress()
                + ")";
    }

    /**
     * Milo's method handler turns an exception into a bare status code; this keeps the outcome's sentence for the
     * call's output, so the client reads why (e.g. {@code REJECTED: refused by policy: ...}) beside the Bad status.
     * Milo invokes the handler on the calling thread, so the sentence travels in a thread local.
     */
    private static final ThreadLocal<String> FAILED_OUTCOME = new ThreadLocal<>();

    private static MethodInvocationHandler withOutcomeText(AbstractMethodInvocationHandler handler) {
        return (context, request) -> {
            FAILED_OUTCOME.remove();
            try {
                CallMethodResult result = handler.invoke(context, request);
                String text = FAILED_OUTCOME.get();
                if (text == null || result.getStatusCode().isGood()) {
                    return result;
                }
                return new CallMethodResult(result.getStatusCode(), result.getInputArgumentResults(),
                        result.getInputArgumentDiagnosticInfos(), new Variant[] {Variant.ofString(text)});
            } finally {
                FAILED_OUTCOME.remove();
            }
        };
    }

    /** {@code Command(action, arguments)}: a device-level hub command; arguments as {@code key=value,key=value}. */
    private final class CommandMethod extends AbstractMethodInvocationHandler {

        private final String deviceId;

        CommandMethod(UaMethodNode node, String deviceId) {
            super(node);
            this.deviceId = deviceId;
        }

        @Override
        public Argument[] getInputArguments() {
            return new Argument[] {
                new Argument("Action", NodeIds.String, -1, null, LocalizedText.english("open, close, stop, unlock, ...")),
                new Argument("Arguments", NodeIds.String, -1, null,
                        LocalizedText.english("key=value pairs separated by commas; may be empty"))};
        }

        @Override
        public Argument[] getOutputArguments() {
            return new Argument[] {
                new Argument("Outcome", NodeIds.String, -1, null,
                        LocalizedText.english("COMPLETED, or the status and reason"))};
        }

        @Override
        protected Variant[] invoke(InvocationContext context, Variant[] inputValues) throws UaException {
            Session session = context.getSession().orElse(null);
            String action = String.valueOf(inputValues[0].getValue()).trim();
            if (action.isEmpty() || "null".equals(action)) {
                throw new UaException(StatusCodes.Bad_InvalidArgument, "no action given");
            }
            Map<String, Object> arguments = new LinkedHashMap<>();
            Object text = inputValues[1].getValue();
            if (text != null && !text.toString().isBlank()) {
                for (String pair : text.toString().split(",")) {
                    int eq = pair.indexOf('=');
                    if (eq <= 0) {
                        throw new UaException(StatusCodes.Bad_InvalidArgument, "argument '" + pair
                                + "' is not key=value");
                    }
                    arguments.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
                }
            }
            Issuer issuer = issuer(session);
            CommandOutcome outcome = submit(Command.action(deviceId, action, arguments, issuer,
                    "OPC UA call from " + clientName(session)));
            if (!outcome.isSuccess()) {
                LOG.info("OPC UA command {} on {} by {} ended {}: {}", action, deviceId, issuer, outcome.status(),
                        outcome.reason());
                String sentence = outcome.status() + ": " + outcome.reason();
                FAILED_OUTCOME.set(sentence);
                throw new UaException(statusOf(outcome), sentence);
            }
            return new Variant[] {Variant.ofString(outcome.status().name())};
        }
    }

    @Override
    public void onDataItemsCreated(List<DataItem> dataItems) {
        subscriptionModel.onDataItemsCreated(dataItems);
    }

    @Override
    public void onDataItemsModified(List<DataItem> dataItems) {
        subscriptionModel.onDataItemsModified(dataItems);
    }

    @Override
    public void onDataItemsDeleted(List<DataItem> dataItems) {
        subscriptionModel.onDataItemsDeleted(dataItems);
    }

    @Override
    public void onMonitoringModeChanged(List<MonitoredItem> monitoredItems) {
        subscriptionModel.onMonitoringModeChanged(monitoredItems);
    }
}
