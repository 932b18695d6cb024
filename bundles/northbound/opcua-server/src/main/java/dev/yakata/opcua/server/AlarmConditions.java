package dev.yakata.opcua.server;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ubyte;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ushort;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.eclipse.milo.opcua.sdk.core.Reference;
import org.eclipse.milo.opcua.sdk.server.ManagedNamespace;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.Session;
import org.eclipse.milo.opcua.sdk.server.methods.AbstractMethodInvocationHandler.InvocationContext;
import org.eclipse.milo.opcua.sdk.server.model.objects.AcknowledgeableConditionType;
import org.eclipse.milo.opcua.sdk.server.model.objects.AlarmConditionTypeNode;
import org.eclipse.milo.opcua.sdk.server.model.objects.BaseEventTypeNode;
import org.eclipse.milo.opcua.sdk.server.model.objects.ConditionType;
import org.eclipse.milo.opcua.sdk.server.model.variables.TwoStateVariableTypeNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaFolderNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaMethodNode;
import org.eclipse.milo.opcua.sdk.server.nodes.factories.NodeFactory;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.util.NonceUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's alarms as OPC UA Alarms &amp; Conditions: one AlarmConditionType instance per alarm, in the folder
 * {@code Objects/Yakata/Alarms} (an event notifier of the Server object), kept from {@link AlarmSnapshot}s. Each
 * change fires the condition as an event with a fresh EventId. Acknowledge goes to {@link Acknowledger} (a hub
 * command under the core's policy); the bus event that follows sets AckedState. ConditionRefresh re-sends the
 * retained conditions between RefreshStart and RefreshEnd.
 */
final class AlarmConditions {

    /** Acknowledges a hub alarm for a session; throws with the Bad status (and sentence) when it is not done. */
    @FunctionalInterface
    interface Acknowledger {
        void acknowledge(Session session, String alarm, String comment) throws UaException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(AlarmConditions.class);
    /** EventIds remembered per alarm: a client may acknowledge from an event that a newer one has followed. */
    private static final int EVENT_IDS_KEPT = 16;

    private final OpcUaServer server;
    private final ManagedNamespace namespace;
    private final UaFolderNode folder;
    private final Function<String, NodeId> deviceNode;
    private final Acknowledger acknowledger;
    private final Map<String, Entry> alarms = new ConcurrentHashMap<>();

    private static final class Entry {
        final AlarmConditionTypeNode node;
        AlarmSnapshot snapshot;
        final Deque<ByteString> eventIds = new ArrayDeque<>();

        Entry(AlarmConditionTypeNode node) {
            this.node = node;
        }
    }

    AlarmConditions(OpcUaServer server, ManagedNamespace namespace, UaFolderNode parent,
            Function<String, NodeId> deviceNode, Acknowledger acknowledger) {
        this.server = server;
        this.namespace = namespace;
        this.deviceNode = deviceNode;
        this.acknowledger = acknowledger;
        folder = new UaFolderNode(namespace.getNodeContext(), new NodeId(namespace.getNamespaceIndex(), "alarms"),
                new QualifiedName(namespace.getNamespaceIndex(), "Alarms"), LocalizedText.english("Alarms"));
        folder.setEventNotifier(ubyte(1)); // SubscribeToEvents
        namespace.getNodeManager().addNode(folder);
        parent.addOrganizes(folder);
        // Server -HasNotifier-> Alarms: a client subscribed to the Server object's events is told of the alarms.
        folder.addReference(new Reference(folder.getNodeId(), NodeIds.HasNotifier, NodeIds.Server.expanded(), false));
        takeOverConditionRefresh();
    }

    /** The condition node's id of an alarm. */
    NodeId nodeId(String alarm) {
        return new NodeId(namespace.getNamespaceIndex(), "alarm/" + alarm);
    }

    /** Applies an alarm's new snapshot and fires its event. */
    synchronized void update(AlarmSnapshot snapshot) {
        Entry entry = alarms.get(snapshot.alarm());
        if (entry == null) {
            entry = create(snapshot.alarm());
            if (entry == null) {
                return;
            }
            alarms.put(snapshot.alarm(), entry);
        }
        entry.snapshot = snapshot;
        apply(entry, snapshot);
        ByteString eventId = NonceUtil.generateNonce(16);
        entry.eventIds.addLast(eventId);
        while (entry.eventIds.size() > EVENT_IDS_KEPT) {
            entry.eventIds.removeFirst();
        }
        entry.node.setEventId(eventId);
        entry.node.setTime(new DateTime(snapshot.time()));
        entry.node.setReceiveTime(DateTime.now());
        server.getEventNotifier().fire(entry.node);
    }

    /** Seeds alarms this server has not heard of yet (the list at start); an event already seen is newer. */
    synchronized void seed(List<AlarmSnapshot> snapshots) {
        for (AlarmSnapshot snapshot : snapshots) {
            if (!alarms.containsKey(snapshot.alarm())) {
                update(snapshot);
            }
        }
    }

    /** The snapshot of an alarm, or null. */
    AlarmSnapshot snapshot(String alarm) {
        Entry entry = alarms.get(alarm);
        return entry == null ? null : entry.snapshot;
    }

    private Entry create(String alarm) {
        try {
            AlarmConditionTypeNode node = (AlarmConditionTypeNode) namespace.getNodeFactory().createNode(
                    nodeId(alarm), NodeIds.AlarmConditionType, new NodeFactory.InstantiationCallback() {
                        @Override
                        public boolean includeOptionalNode(NodeId typeDefinitionId, QualifiedName browseName) {
                            return false; // the mandatory parts carry what the hub's alarms have
                        }
                    });
            node.setBrowseName(new QualifiedName(namespace.getNamespaceIndex(), alarm));
            node.setDisplayName(LocalizedText.english(alarm));
            node.setEventType(NodeIds.AlarmConditionType);
            node.setConditionClassId(NodeIds.BaseConditionClassType);
            node.setConditionClassName(LocalizedText.english("Base"));
            node.setBranchId(NodeId.NULL_VALUE);
            node.setSupportsFilteredRetain(false);
            node.setQuality(new org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode(StatusCodes.Good));
            names(node.getEnabledStateNode(), "Enabled", "Disabled");
            names(node.getActiveStateNode(), "Active", "Inactive");
            names(node.getAckedStateNode(), "Acknowledged", "Unacknowledged");
            if (!namespace.getNodeManager().containsNode(node.getNodeId())) {
                namespace.getNodeManager().addNode(node);
            }
            folder.addComponent(node);
            UaMethodNode acknowledge = node.getAcknowledgeMethodNode();
            acknowledge.setInvocationHandler(new AcknowledgeableConditionType.AcknowledgeMethod(acknowledge) {
                @Override
                protected void invoke(InvocationContext context, ByteString eventId, LocalizedText comment)
                        throws UaException {
                    acknowledge(context.getSession().orElse(null), alarm, eventId, comment);
                }
            });
            return new Entry(node);
        } catch (UaException | RuntimeException e) {
            LOG.warn("Cannot expose alarm {} over OPC UA: {}", alarm, e.getMessage());
            return null;
        }
    }

    private static void names(TwoStateVariableTypeNode state, String trueName, String falseName) {
        state.setTrueState(LocalizedText.english(trueName));
        state.setFalseState(LocalizedText.english(falseName));
    }

    private void apply(Entry entry, AlarmSnapshot s) {
        AlarmConditionTypeNode node = entry.node;
        NodeId source = s.device().isEmpty() ? null : deviceNode.apply(s.device());
        node.setSourceNode(source == null ? NodeId.NULL_VALUE : source);
        node.setSourceName(s.device().isEmpty() ? AlarmSnapshot.SOURCE : s.device());
        node.setConditionName(s.condition());
        node.setMessage(LocalizedText.english(s.message()));
        node.setSeverity(ushort(s.severity()));
        node.setLastSeverity(ushort(s.severity()));
        node.setRetain(s.retain());
        node.setSuppressedOrShelved(s.shelved() || s.suppressed());
        node.setComment(LocalizedText.english(s.comment()));
        node.setClientUserId(s.user());
        DateTime now = new DateTime(s.time());
        two(node.getEnabledStateNode(), !s.outOfService(), now);
        two(node.getActiveStateNode(), s.active(), now);
        two(node.getAckedStateNode(), s.acked(), now);
    }

    private static void two(TwoStateVariableTypeNode state, boolean id, DateTime time) {
        Boolean before = state.getIdNode() == null ? null : (Boolean) state.getIdNode().getValue().getValue().getValue();
        state.setId(id);
        state.setValue(new org.eclipse.milo.opcua.stack.core.types.builtin.DataValue(
                new org.eclipse.milo.opcua.stack.core.types.builtin.Variant(id ? state.getTrueState()
                        : state.getFalseState())));
        if (before == null || before != id) {
            state.setTransitionTime(time);
        }
    }

    private void acknowledge(Session session, String alarm, ByteString eventId, LocalizedText comment)
            throws UaException {
        Entry entry = alarms.get(alarm);
        if (entry == null) {
            throw new UaException(StatusCodes.Bad_NodeIdUnknown, "no alarm " + alarm);
        }
        boolean known;
        synchronized (this) {
            known = eventId != null && entry.eventIds.contains(eventId);
        }
        if (!known) {
            throw new UaException(StatusCodes.Bad_EventIdUnknown, "EventId is not one of alarm " + alarm
                    + "'s recent events; read the condition's EventId again");
        }
        // No lock while the hub decides: the outcome's own bus event (alarm.acknowledged) updates this condition.
        acknowledger.acknowledge(session, alarm, comment == null || comment.getText() == null ? ""
                : comment.getText());
    }

    /**
     * Milo's ConditionRefresh sends RefreshStart and RefreshEnd only; this one sends the retained conditions
     * between them. Milo fires every event to each event subscription, so other subscriptions see them too, which
     * Part 9 allows clients to take as a refresh of the same state.
     */
    private void takeOverConditionRefresh() {
        server.getAddressSpaceManager().getManagedNode(NodeIds.ConditionType_ConditionRefresh).ifPresentOrElse(
                node -> {
                    UaMethodNode method = (UaMethodNode) node;
                    method.setInvocationHandler(new ConditionType.ConditionRefreshMethod(method) {
                        @Override
                        protected void invoke(InvocationContext context, UInteger subscriptionId) throws UaException {
                            Session session = context.getSession().orElse(null);
                            if (session == null || session.getSubscriptionManager()
                                    .getSubscription(subscriptionId) == null) {
                                throw new UaException(StatusCodes.Bad_SubscriptionIdInvalid);
                            }
                            refresh();
                        }
                    });
                },
                () -> LOG.warn("Milo has no ConditionType.ConditionRefresh node; late clients miss standing alarms"));
    }

    synchronized void refresh() {
        fireMarker(NodeIds.RefreshStartEventType, "RefreshStart");
        List<Entry> retained = new ArrayList<>();
        for (Entry entry : alarms.values()) {
            if (entry.snapshot != null && entry.snapshot.retain()) {
                retained.add(entry);
            }
        }
        for (Entry entry : retained) {
            server.getEventNotifier().fire(entry.node);
        }
        fireMarker(NodeIds.RefreshEndEventType, "RefreshEnd");
    }

    private void fireMarker(NodeId type, String name) {
        try {
            BaseEventTypeNode marker = server.getEventFactory().createEvent(new NodeId(1, UUID.randomUUID()), type);
            marker.setBrowseName(new QualifiedName(1, name));
            marker.setDisplayName(LocalizedText.english(name));
            marker.setEventId(NonceUtil.generateNonce(16));
            marker.setEventType(type);
            marker.setSourceNode(NodeIds.Server);
            marker.setSourceName("Server");
            marker.setTime(DateTime.now());
            marker.setReceiveTime(DateTime.NULL_VALUE);
            marker.setMessage(LocalizedText.english(name));
            marker.setSeverity(ushort(0));
            server.getEventNotifier().fire(marker);
            marker.delete();
        } catch (UaException e) {
            LOG.warn("Cannot send {}: {}", name, e.getMessage());
        }
    }
}
