package dev.yakata.opcua.server;

import dev.yakata.opcua.common.Problems;
import dev.yakata.opcua.common.pki.Pki;
import dev.yakata.opcua.server.trust.ServerCertificateTrust;
import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventListener;
import dev.yakata.api.event.EventTypes;
import dev.yakata.core.api.DeviceRegistry;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.sdk.server.EndpointConfig;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig;
import org.eclipse.milo.opcua.sdk.server.identity.AnonymousIdentityValidator;
import org.eclipse.milo.opcua.sdk.server.identity.CompositeValidator;
import org.eclipse.milo.opcua.sdk.server.identity.IdentityValidator;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.security.CertificateStore;
import org.eclipse.milo.opcua.stack.core.security.DefaultApplicationGroup;
import org.eclipse.milo.opcua.stack.core.security.DefaultCertificateManager;
import org.eclipse.milo.opcua.stack.core.security.MemoryCertificateStore;
import org.eclipse.milo.opcua.stack.core.security.RsaSha256CertificateFactory;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.transport.TransportProfile;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.UserTokenType;
import org.eclipse.milo.opcua.stack.core.types.structured.BuildInfo;
import org.eclipse.milo.opcua.stack.core.types.structured.UserTokenPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransport;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransportConfig;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The northbound OPC UA server: the hub's devices and points for a SCADA or BMS client, kept live from the bus.
 * Runs only when its configuration ({@code etc/dev.yakata.opcua.server.cfg}) exists; listens on 127.0.0.1 unless
 * told otherwise. Users log in with the hub's users (JAAS realm {@code karaf}); any user with a {@code yakata-*} role
 * browses, reads and subscribes. A write or a Command call becomes a hub command whose issuer is the session's user
 * and roles on channel OPCUA; the core's command policy decides it, as for every channel. Anonymous sessions only
 * when {@code allowAnonymous = true} (the demo profile). The hub's alarms are OPC UA Alarms &amp; Conditions
 * (AlarmConditionType instances under {@code Yakata/Alarms}); Acknowledge is the {@code alarms} device's
 * {@code acknowledge} command, decided by the same policy.
 */
@Component(service = {EventListener.class, ServerCertificateTrust.class}, configurationPid = HubServer.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true,
        property = {EventListener.EVENT_TYPES + "=" + EventTypes.POINT_CHANGED,
                EventListener.EVENT_TYPES + "=" + EventTypes.DEVICE_STATUS,
                EventListener.EVENT_TYPES + "=" + EventTypes.ALARM_RAISED,
                EventListener.EVENT_TYPES + "=" + EventTypes.ALARM_ACKNOWLEDGED,
                EventListener.EVENT_TYPES + "=" + EventTypes.ALARM_RETURNED,
                EventListener.EVENT_TYPES + "=" + EventTypes.ALARM_CLEARED,
                EventListener.EVENT_TYPES + "=" + EventTypes.ALARM_SHELVED,
                EventListener.EVENT_TYPES + "=" + EventTypes.ALARM_UNSHELVED,
                EventListener.EVENT_TYPES + "=" + EventTypes.ALARM_SUPPRESSED,
                EventListener.EVENT_TYPES + "=" + EventTypes.ALARM_UNSUPPRESSED,
                EventListener.EVENT_TYPES + "=" + EventTypes.ALARM_OUT_OF_SERVICE,
                EventListener.EVENT_TYPES + "=" + EventTypes.ALARM_IN_SERVICE,
                "yakata.event.listener.name=opcua-server"})
@Designate(ocd = HubServer.Config.class)
public class HubServer implements EventListener, ServerCertificateTrust {

    /** The server's configuration PID. */
    public static final String PID = "dev.yakata.opcua.server";

    private static final Logger LOG = LoggerFactory.getLogger(HubServer.class);

    @ObjectClassDefinition(name = "Yakata OPC UA server", description = "The hub's devices and points over OPC UA")
    public @interface Config {
        @AttributeDefinition(description = "Address to listen on")
        String bindAddress() default "127.0.0.1";

        @AttributeDefinition(description = "TCP port")
        int port() default 4840;

        @AttributeDefinition(description = "Host name in the advertised endpoint URLs; empty means the bind address")
        String hostname() default "";

        @AttributeDefinition(description = "Endpoint path")
        String path() default "/yakata";

        @AttributeDefinition(description = "Security policies offered: None, Basic256Sha256 (comma list)")
        String securityPolicies() default "None,Basic256Sha256";

        @AttributeDefinition(description = "Accept anonymous sessions (demo profile only)")
        boolean allowAnonymous() default false;

        @AttributeDefinition(description = "Roles an anonymous session's commands carry; the command policy decides "
                + "what they may do")
        String anonymousRoles() default "yakata-viewer";

        @AttributeDefinition(description = "JAAS realm of the hub's users")
        String jaasRealm() default "karaf";

        @AttributeDefinition(description = "PKI directory; empty means ${karaf.etc}/opcua/server-pki")
        String pkiDirectory() default "";

        @AttributeDefinition(description = "Application URI, written into the generated certificate")
        String applicationUri() default "urn:yakata:hub:server";

        @AttributeDefinition(description = "How long a write or call waits for the command's outcome, ms")
        long commandTimeoutMillis() default 35000;
    }

    private final ServerSettings settings;
    private final Pki pki;
    private final OpcUaServer server;
    private final HubNamespace namespace;

    @Activate
    public HubServer(Config config, @Reference DeviceRegistry registry) throws Exception {
        this(settings(config), registry, new JaasAuthenticator(config.jaasRealm()));
    }

    static ServerSettings settings(Config config) {
        return new ServerSettings(config.bindAddress().trim(), config.port(), config.hostname().trim(), config.path(),
                ServerSettings.policies(config.securityPolicies()), config.allowAnonymous(),
                ServerSettings.roles(config.anonymousRoles()), config.jaasRealm(),
                Pki.directory(config.pkiDirectory(), "server-pki"), config.applicationUri(),
                config.commandTimeoutMillis());
    }

    /** A running server outside OSGi (tests, benchmark). */
    public HubServer(ServerSettings settings, DeviceRegistry registry, UserAuthenticator authenticator)
            throws Exception {
        this.settings = settings;
        this.pki = Pki.open(settings.pkiDirectory(), settings.applicationUri(), "Yakata hub server");
        try {
            this.server = new OpcUaServer(config(settings, pki, authenticator),
                    profile -> new OpcTcpServerTransport(OpcTcpServerTransportConfig.newBuilder().build()));
            this.namespace = new HubNamespace(server, registry, settings);
            namespace.startup();
            server.startup().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            pki.close();
            throw new IllegalStateException("cannot start the OPC UA server on " + settings.bindAddress() + ":"
                    + settings.port() + ": " + Problems.describe(e), e);
        }
        LOG.info("OPC UA server listening on {} (bound to {}, policies {}, anonymous {})", settings.endpointUrl(),
                settings.bindAddress(), settings.securityPolicies(), settings.allowAnonymous() ? "allowed" : "refused");
    }

    private static OpcUaServerConfig config(ServerSettings settings, Pki pki, UserAuthenticator authenticator)
            throws Exception {
        CertificateStore store = new MemoryCertificateStore();
        store.set(NodeIds.RsaSha256ApplicationCertificateType,
                new CertificateStore.Entry(pki.keyPair().getPrivate(), new X509Certificate[] {pki.certificate()}));
        DefaultApplicationGroup group = DefaultApplicationGroup.createAndInitialize(pki.trustList(), store,
                new RsaSha256CertificateFactory() {
                    @Override
                    protected X509Certificate[] createRsaSha256CertificateChain(java.security.KeyPair keyPair) {
                        // The store already holds the PKI's certificate, so Milo never asks for a new one.
                        return new X509Certificate[] {pki.certificate()};
                    }
                }, pki.clientCertificateValidator());

        IdentityValidator users = new HubIdentityValidator(authenticator);
        IdentityValidator identities = settings.allowAnonymous()
                ? new CompositeValidator(AnonymousIdentityValidator.INSTANCE, users) : users;

        return OpcUaServerConfig.builder()
                .setApplicationUri(settings.applicationUri())
                .setApplicationName(LocalizedText.english("Yakata hub"))
                .setProductUri("urn:yakata")
                .setBuildInfo(new BuildInfo("urn:yakata", "Yakata", "Yakata hub", "0.1", "", DateTime.now()))
                .setEndpoints(endpoints(settings, pki))
                .setCertificateManager(new DefaultCertificateManager(pki.quarantine(), group))
                .setIdentityValidator(identities)
                .build();
    }

    private static Set<EndpointConfig> endpoints(ServerSettings settings, Pki pki) {
        // The password is always encrypted with the server's key, even on a None channel.
        UserTokenPolicy username = new UserTokenPolicy("username", UserTokenType.UserName, null, null,
                SecurityPolicy.Basic256Sha256.getUri());
        UserTokenPolicy anonymous = new UserTokenPolicy("anonymous", UserTokenType.Anonymous, null, null, null);
        List<UserTokenPolicy> tokens = new ArrayList<>(List.of(username));
        if (settings.allowAnonymous()) {
            tokens.add(0, anonymous);
        }
        EndpointConfig.Builder base = EndpointConfig.newBuilder()
                .setBindAddress(settings.bindAddress())
                .setBindPort(settings.port())
                .setHostname(settings.hostname())
                .setPath(settings.path())
                .setTransportProfile(TransportProfile.TCP_UASC_UABINARY)
                .setCertificate(pki.certificate())
                .addTokenPolicies(tokens.toArray(UserTokenPolicy[]::new));
        Set<EndpointConfig> endpoints = new LinkedHashSet<>();
        for (SecurityPolicy policy : settings.securityPolicies()) {
            if (policy == SecurityPolicy.None) {
                endpoints.add(base.copy().setSecurityPolicy(policy).setSecurityMode(MessageSecurityMode.None).build());
            } else {
                endpoints.add(base.copy().setSecurityPolicy(policy).setSecurityMode(MessageSecurityMode.Sign).build());
                endpoints.add(base.copy().setSecurityPolicy(policy).setSecurityMode(MessageSecurityMode.SignAndEncrypt)
                        .build());
            }
        }
        if (!settings.securityPolicies().contains(SecurityPolicy.None)) {
            // Clients ask for the endpoints over an unsecured channel; this one serves discovery only.
            endpoints.add(base.copy().setPath(settings.path() + "/discovery").setSecurityPolicy(SecurityPolicy.None)
                    .setSecurityMode(MessageSecurityMode.None).build());
        }
        return endpoints;
    }

    @Override
    public void onEvent(Event event) {
        namespace.onEvent(event);
    }

    /** The settings in force. */
    public ServerSettings settings() {
        return settings;
    }

    /** The server's PKI (trusted and rejected client certificates). */
    public Pki pki() {
        return pki;
    }

    @Override
    public java.nio.file.Path pkiDirectory() {
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

    /** Stops the server and releases its port. */
    @Deactivate
    public void close() {
        try {
            namespace.shutdown();
            server.shutdown().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("The OPC UA server did not stop cleanly: {}", e.getMessage());
        } finally {
            pki.close();
        }
    }
}
