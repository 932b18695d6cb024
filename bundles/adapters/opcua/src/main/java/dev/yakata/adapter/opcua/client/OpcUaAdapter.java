package dev.yakata.adapter.opcua.client;

import dev.yakata.opcua.common.Problems;
import dev.yakata.opcua.common.Values;
import dev.yakata.opcua.common.pki.Pki;
import dev.yakata.api.adapter.DeviceAdapter;
import dev.yakata.api.adapter.DeviceContext;
import dev.yakata.api.adapter.DeviceHandler;
import dev.yakata.api.device.DeviceDefinition;
import dev.yakata.api.device.PointDefinition;
import dev.yakata.adapter.opcua.tools.OpcUaClientTools;
import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.enumerated.NodeClass;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.ReferenceDescription;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OPC UA client adapter ({@code adapter = opcua} in a device file): connects to a building-management
 * server, maps each point to a node ({@code point.<id>.address = ns=2;s=Shutter1.State}), receives values through
 * one subscription per device, writes variables and calls methods for device actions.
 *
 * <p>Device keys are described in {@link ClientSettings}. The adapter's own settings (PID
 * {@code dev.yakata.opcua.client}) say where its certificate and trust list live.
 */
@Component(service = {DeviceAdapter.class, OpcUaClientTools.class},
        property = DeviceAdapter.ADAPTER_ID + "=" + OpcUaAdapter.ADAPTER, configurationPid = OpcUaAdapter.PID)
@Designate(ocd = OpcUaAdapter.Config.class)
public class OpcUaAdapter implements DeviceAdapter, OpcUaClientTools {

    /** This adapter's id. */
    public static final String ADAPTER = "opcua";

    /** The adapter's configuration PID. */
    public static final String PID = "dev.yakata.opcua.client";

    private static final Logger LOG = LoggerFactory.getLogger(OpcUaAdapter.class);

    @ObjectClassDefinition(name = "Yakata OPC UA client adapter",
            description = "The hub's identity towards OPC UA servers")
    public @interface Config {
        @AttributeDefinition(name = "PKI directory", description = "Own certificate, trusted and rejected "
                + "certificates; empty means ${karaf.etc}/opcua/pki")
        String pkiDirectory() default "";

        @AttributeDefinition(name = "Application URI", description = "Written into the generated certificate")
        String applicationUri() default "urn:yakata:hub:client";
    }

    private final Pki pki;
    /** What every client of this adapter runs on, made with the first one (a hub without OPC UA devices runs none). */
    private ClientThreads threads; // guarded by this

    @Activate
    public OpcUaAdapter(Config config) throws IOException {
        this(Pki.directory(config.pkiDirectory(), "pki"), config.applicationUri());
    }

    /** An adapter outside OSGi (tests, benchmark) with its PKI in {@code pkiDirectory}. */
    public OpcUaAdapter(Path pkiDirectory, String applicationUri) throws IOException {
        this.pki = Pki.open(pkiDirectory, applicationUri, "Yakata hub client");
    }

    /** Stops the adapter outside OSGi. */
    public void close() {
        deactivate();
    }

    @Deactivate
    void deactivate() {
        synchronized (this) {
            if (threads != null) {
                threads.close();
                threads = null;
            }
        }
        pki.close();
    }

    private synchronized ClientThreads threads() {
        if (threads == null) {
            threads = new ClientThreads();
        }
        return threads;
    }

    /** The device-file keys that hold secrets: the hub never shows or logs their values, nor does this adapter. */
    @Override
    public java.util.Set<String> secretSettings() {
        return ClientSettings.SECRET_KEYS;
    }

    @Override
    public DeviceHandler open(DeviceDefinition device, DeviceContext context) {
        ClientSettings settings = ClientSettings.parse(device.properties());
        Map<String, NodeId> nodeIds = new LinkedHashMap<>();
        for (PointDefinition point : device.points()) {
            NodeId nodeId = ClientSettings.parseNodeId(point.address()).orElseThrow(() -> new IllegalArgumentException(
                    "point." + point.id() + ".address '" + point.address() + "' is not a node id; write it as "
                            + "ns=2;s=Shutter1.State or ns=2;i=1001"));
            nodeIds.put(point.id(), nodeId);
        }
        settings.actions().values().forEach(action -> action.arguments().forEach(argument -> {
            if (!MethodArguments.isKnownType(argument.type())) {
                throw new IllegalArgumentException("opcua.action." + action.name() + ".arguments: type "
                        + argument.type() + " is not supported; use Boolean, Int32, Double, String, ...");
            }
        }));
        OpcUaDevice handler = new OpcUaDevice(device, context, settings, pki, threads(), Map.copyOf(nodeIds));
        handler.start();
        return handler;
    }

    /** The PKI, for tests and the benchmark. */
    public Pki pki() {
        return pki;
    }

    @Override
    public Path pkiDirectory() {
        return pki.directory();
    }

    @Override
    public List<X509Certificate> trustedCertificates() {
        return pki.trusted();
    }

    @Override
    public List<X509Certificate> rejectedCertificates() {
        return pki.rejected();
    }

    @Override
    public X509Certificate trust(String thumbprintPrefix) {
        return pki.trust(thumbprintPrefix);
    }

    @Override
    public List<BrowseEntry> browse(Map<String, String> settingsMap, String node) {
        ClientSettings settings = ClientSettings.parse(settingsMap);
        NodeId start = node == null || node.isBlank() ? NodeIds.ObjectsFolder
                : ClientSettings.parseNodeId(node).orElseThrow(() -> new IllegalArgumentException("'" + node
                        + "' is not a node id; write it as ns=2;s=Name, i=85, ..."));
        OpcUaClient client;
        try {
            client = Connector.connect(settings, pki, threads())
                    .get(settings.requestTimeoutMillis() * 3, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        } catch (Exception e) {
            throw new IllegalStateException("cannot connect to " + settings + ": " + Problems.describe(e));
        }
        try {
            List<ReferenceDescription> references = client.getAddressSpace().browse(start);
            List<NodeId> ids = new ArrayList<>();
            List<ReadValueId> reads = new ArrayList<>();
            for (ReferenceDescription reference : references) {
                NodeId id = reference.getNodeId().toNodeId(client.getNamespaceTable()).orElse(NodeId.NULL_VALUE);
                ids.add(id);
                if (reference.getNodeClass() == NodeClass.Variable) {
                    reads.add(new ReadValueId(id, AttributeId.DataType.uid(), null, QualifiedName.NULL_VALUE));
                    reads.add(new ReadValueId(id, AttributeId.Value.uid(), null, QualifiedName.NULL_VALUE));
                }
            }
            DataValue[] values = reads.isEmpty() ? new DataValue[0]
                    : client.read(0.0, TimestampsToReturn.Neither, reads).getResults();
            List<BrowseEntry> entries = new ArrayList<>();
            int r = 0;
            for (int i = 0; i < references.size(); i++) {
                ReferenceDescription reference = references.get(i);
                String dataType = "";
                String value = "";
                if (reference.getNodeClass() == NodeClass.Variable) {
                    Object type = values[r].getValue().getValue();
                    dataType = type instanceof NodeId t ? Values.typeName(t) : "";
                    DataValue current = values[r + 1];
                    value = current.getStatusCode().isGood() ? String.valueOf(current.getValue().getValue())
                            : Problems.name(current.getStatusCode());
                    r += 2;
                }
                entries.add(new BrowseEntry(ids.get(i).toParseableString(), reference.getBrowseName().toParseableString(),
                        reference.getDisplayName().text(), reference.getNodeClass().name(), dataType, value));
            }
            return entries;
        } catch (Exception e) {
            throw new IllegalStateException("browsing " + start.toParseableString() + " failed: " + Problems.describe(e));
        } finally {
            client.disconnectAsync();
        }
    }

    static {
        // Logged once so an operator sees which Milo the bundle carries.
        LOG.debug("OPC UA adapter on Eclipse Milo {}", OpcUaClient.SDK_VERSION);
    }
}
