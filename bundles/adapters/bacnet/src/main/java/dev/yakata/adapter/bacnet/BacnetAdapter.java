package dev.yakata.adapter.bacnet;

import dev.yakata.adapter.bacnet.client.BacnetClient;
import dev.yakata.adapter.bacnet.client.ClientConfig;
import dev.yakata.adapter.bacnet.client.ClientStatistics;
import dev.yakata.adapter.bacnet.codec.BacnetAddress;
import dev.yakata.adapter.bacnet.discovery.BacnetDiscovery;
import dev.yakata.api.adapter.DeviceAdapter;
import dev.yakata.api.adapter.DeviceContext;
import dev.yakata.api.adapter.DeviceHandler;
import dev.yakata.api.device.DeviceDefinition;
import dev.yakata.util.log.RateLimitedLog;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The BACnet/IP adapter ({@code adapter = bacnet} in a device file). All its devices share one UDP socket, bound
 * when the first device opens (so a hub without BACnet devices binds no port), configured by
 * {@code etc/dev.yakata.adapter.bacnet.cfg}. A device file names the device's address and instance and maps points
 * to objects (see {@link DeviceSettings} and {@link PointAddress}).
 */
@Component(service = {DeviceAdapter.class, BacnetDiscovery.class},
        property = DeviceAdapter.ADAPTER_ID + "=" + BacnetAdapter.ADAPTER, configurationPid = BacnetAdapter.PID)
@Designate(ocd = BacnetAdapter.Config.class)
public class BacnetAdapter implements DeviceAdapter, BacnetDiscovery {

    /** This adapter's id. */
    public static final String ADAPTER = "bacnet";
    /** Its configuration PID. */
    public static final String PID = "dev.yakata.adapter.bacnet";

    private static final Logger LOG = LoggerFactory.getLogger(BacnetAdapter.class);

    /** The adapter's settings: the local BACnet/IP endpoint and transaction timing. */
    @ObjectClassDefinition(name = "Yakata BACnet/IP adapter",
            description = "The hub's BACnet/IP endpoint, shared by all devices with adapter = bacnet")
    public @interface Config {
        @AttributeDefinition(description = "Local IPv4 address to bind: the hub's address on the building-automation"
                + " segment. The default, loopback, reaches no network; 0.0.0.0 binds every interface")
        String localAddress() default ClientConfig.LOOPBACK;

        @AttributeDefinition(description = "Local UDP port; 47808 (0xBAC0) is the standard, 0 picks a free port")
        int localPort() default ClientConfig.STANDARD_PORT;

        @AttributeDefinition(description = "Where Who-Is broadcasts go: the segment's directed broadcast address"
                + " (the default, loopback's, stays on this host)")
        String broadcastAddress() default ClientConfig.LOOPBACK_BROADCAST;

        @AttributeDefinition(description = "UDP port of the broadcast")
        int broadcastPort() default ClientConfig.STANDARD_PORT;

        @AttributeDefinition(description = "How long to wait for an answer before sending again, in milliseconds")
        long apduTimeoutMillis() default 3000;

        @AttributeDefinition(description = "How often to send again before a request times out")
        int apduRetries() default 2;

        @AttributeDefinition(description = "BBMD to register with as a foreign device (ip:port), empty for none")
        String bbmdAddress() default "";

        @AttributeDefinition(description = "Foreign-device time-to-live in seconds; renewed at half of it")
        int foreignDeviceTtlSeconds() default 300;
    }

    private final ClientConfig clientConfig;
    private final InetSocketAddress bbmd;
    private final int foreignDeviceTtlSeconds;
    private final Map<Long, DeviceSession> sessions = new ConcurrentHashMap<>();
    private final AtomicLong processIds = new AtomicLong();
    private final RateLimitedLog badInput = new RateLimitedLog(LOG, Duration.ofMinutes(1));
    private final java.util.concurrent.atomic.LongAdder valuesRead = new java.util.concurrent.atomic.LongAdder();
    private BacnetClient client;

    /** The DS constructor. */
    @Activate
    public BacnetAdapter(Config config) {
        this(new ClientConfig(new InetSocketAddress(config.localAddress(), config.localPort()),
                new InetSocketAddress(config.broadcastAddress(), config.broadcastPort()), config.apduTimeoutMillis(),
                config.apduRetries(), 64, 1), parseBbmd(config.bbmdAddress()), config.foreignDeviceTtlSeconds());
    }

    /** An adapter with explicit settings (tests, benchmarks). */
    public BacnetAdapter(ClientConfig clientConfig, InetSocketAddress bbmd, int foreignDeviceTtlSeconds) {
        this.clientConfig = clientConfig;
        this.bbmd = bbmd;
        this.foreignDeviceTtlSeconds = foreignDeviceTtlSeconds;
    }

    private static InetSocketAddress parseBbmd(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        int colon = text.lastIndexOf(':');
        try {
            return colon > 0 ? new InetSocketAddress(text.substring(0, colon).trim(),
                    Integer.parseInt(text.substring(colon + 1).trim()))
                    : new InetSocketAddress(text.trim(), ClientConfig.STANDARD_PORT);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bbmdAddress '" + text + "' is not ip[:port]", e);
        }
    }

    @Override
    public DeviceHandler open(DeviceDefinition device, DeviceContext context) throws IOException {
        DeviceSettings settings = DeviceSettings.of(device);
        checkReachable(device, settings);
        long processId = processIds.incrementAndGet();
        DeviceSession[] holder = new DeviceSession[1];
        DeviceSession session = new DeviceSession(device, context, settings, client(), processId, badInput,
                valuesRead, () -> sessions.remove(processId, holder[0]));
        holder[0] = session;
        sessions.put(processId, session);
        session.start();
        return session;
    }

    /**
     * A socket bound to loopback cannot send to a field device: say so when the device opens, naming the file to
     * change, instead of letting the device time out as if it were switched off.
     */
    private void checkReachable(DeviceDefinition device, DeviceSettings settings) {
        if (settings.address() != null) {
            checkReachable(device.id() + ": bacnet.address", settings.address().ip());
        }
    }

    private void checkReachable(String what, InetSocketAddress target) {
        InetSocketAddress bind = clientConfig.bind();
        if (bind.getAddress() != null && bind.getAddress().isLoopbackAddress() && target.getAddress() != null
                && !target.getAddress().isLoopbackAddress()) {
            throw new IllegalArgumentException(what + " " + target.getAddress().getHostAddress()
                    + " cannot be reached from the hub's BACnet/IP endpoint " + bind.getAddress().getHostAddress()
                    + " (loopback, the shipped default); set localAddress in etc/" + PID + ".cfg to the hub's "
                    + "address on the building-automation segment (and broadcastAddress to that segment's broadcast)");
        }
    }

    /** @return the shared client, opened on first use */
    synchronized BacnetClient client() throws IOException {
        if (client == null) {
            BacnetClient opened = BacnetClient.open(clientConfig);
            opened.addCovListener(this::routeCov);
            if (bbmd != null) {
                opened.registerForeignDevice(bbmd, foreignDeviceTtlSeconds).whenComplete((ok, failure) -> {
                    if (failure != null) {
                        LOG.warn("BACnet foreign-device registration with {} failed: {}", bbmd, failure.getMessage());
                    }
                });
            }
            LOG.info("BACnet/IP endpoint bound to {}", opened.localAddress());
            client = opened;
        }
        return client;
    }

    private void routeCov(BacnetClient.CovEvent event) {
        DeviceSession session = sessions.get(event.notification().processId());
        if (session == null) {
            badInput.warn(event.from() + "/cov-unknown", "COV notification from " + event.from()
                    + " for process id " + event.notification().processId() + ", which no device here subscribed");
            return;
        }
        session.onCov(event);
    }

    /** @return point values read or reported (by polls and COV) since the adapter started, changed or not */
    public long valuesRead() {
        return valuesRead.sum();
    }

    /** @return the client's counters, or null before the first device opened */
    public synchronized ClientStatistics statistics() {
        return client == null ? null : client.statistics();
    }

    @Override
    public List<DeviceInfo> discover(String target, long low, long high, long waitMillis, boolean withObjects)
            throws Exception {
        BacnetAddress address = null;
        if (target != null && !target.isBlank()) {
            int colon = target.lastIndexOf(':');
            address = BacnetAddress.of(colon > 0 ? new InetSocketAddress(target.substring(0, colon),
                    Integer.parseInt(target.substring(colon + 1))) : new InetSocketAddress(target,
                            ClientConfig.STANDARD_PORT));
        }
        if (address != null) {
            checkReachable("--address", address.ip());
        }
        return new Discoverer(client()).discover(address, low, high, waitMillis, withObjects);
    }

    /** Closes the socket; the hub has closed (or will close) the devices. */
    @Deactivate
    public synchronized void deactivate() {
        List.copyOf(sessions.values()).forEach(DeviceSession::close);
        if (client != null) {
            client.close();
            client = null;
        }
    }
}
