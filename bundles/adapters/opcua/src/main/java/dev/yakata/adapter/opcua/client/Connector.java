package dev.yakata.adapter.opcua.client;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import dev.yakata.opcua.common.pki.Pki;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.eclipse.milo.opcua.sdk.client.DiscoveryClient;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.OpcUaClientConfig;
import org.eclipse.milo.opcua.sdk.client.identity.AnonymousProvider;
import org.eclipse.milo.opcua.sdk.client.identity.UsernameProvider;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.enumerated.UserTokenType;
import org.eclipse.milo.opcua.stack.core.types.structured.EndpointDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.UserTokenPolicy;
import org.eclipse.milo.opcua.stack.core.util.EndpointUtil;
import org.eclipse.milo.opcua.stack.transport.client.tcp.OpcTcpClientTransport;
import org.eclipse.milo.opcua.stack.transport.client.tcp.OpcTcpClientTransportConfig;
import org.eclipse.milo.opcua.stack.transport.client.tcp.OpcTcpClientTransportConfigBuilder;

/** Creates and connects Milo clients for the adapter's devices and the browse command. */
public final class Connector {

    private Connector() {
    }

    /**
     * Asks the server for its endpoints, picks the one the settings name, and connects a session, both on the
     * adapter's {@code threads}. Never throws: failures complete the future exceptionally (a {@link UaException} with a
     * message naming the cause).
     */
    static CompletableFuture<OpcUaClient> connect(ClientSettings settings, Pki pki, ClientThreads threads) {
        return DiscoveryClient.getEndpoints(settings.endpointUrl(), threads::configure)
                .thenCompose(endpoints -> {
                    try {
                        EndpointDescription endpoint = select(settings, endpoints);
                        OpcTcpClientTransportConfigBuilder transport = OpcTcpClientTransportConfig.newBuilder()
                                .setConnectTimeout(uint(settings.requestTimeoutMillis()));
                        threads.configure(transport);
                        OpcUaClient client = new OpcUaClient(config(settings, pki, endpoint),
                                new OpcTcpClientTransport(transport.build()));
                        return client.connectAsync().whenComplete((c, failure) -> {
                            if (failure != null) {
                                client.disconnectAsync();
                            }
                        });
                    } catch (UaException e) {
                        return CompletableFuture.failedFuture(e);
                    }
                });
    }

    private static EndpointDescription select(ClientSettings settings, List<EndpointDescription> endpoints)
            throws UaException {
        for (EndpointDescription endpoint : endpoints) {
            if (settings.securityPolicy().getUri().equals(endpoint.getSecurityPolicyUri())
                    && settings.securityMode() == endpoint.getSecurityMode()
                    && offersIdentity(endpoint, settings.hasUser() ? UserTokenType.UserName : UserTokenType.Anonymous)) {
                // The server may advertise a host name this hub cannot resolve; keep the configured host and port.
                return EndpointUtil.updateUrl(endpoint, EndpointUtil.getHost(settings.endpointUrl()),
                        EndpointUtil.getPort(settings.endpointUrl()));
            }
        }
        String offered = endpoints.stream()
                .map(e -> SecurityPolicy.fromUriSafe(e.getSecurityPolicyUri()).map(Enum::name).orElse("?") + "/"
                        + e.getSecurityMode() + " " + identities(e))
                .distinct().collect(Collectors.joining(", "));
        throw new UaException(StatusCodes.Bad_SecurityPolicyRejected, "the server offers no endpoint with "
                + settings.securityPolicy().name() + "/" + settings.securityMode() + " and "
                + (settings.hasUser() ? "user name" : "anonymous") + " login; it offers: " + offered);
    }

    private static boolean offersIdentity(EndpointDescription endpoint, UserTokenType type) {
        UserTokenPolicy[] policies = endpoint.getUserIdentityTokens();
        if (policies == null) {
            return false;
        }
        for (UserTokenPolicy policy : policies) {
            if (policy.getTokenType() == type) {
                return true;
            }
        }
        return false;
    }

    private static String identities(EndpointDescription endpoint) {
        UserTokenPolicy[] policies = endpoint.getUserIdentityTokens();
        if (policies == null) {
            return "[]";
        }
        return java.util.Arrays.stream(policies).map(p -> p.getTokenType().name()).distinct()
                .collect(Collectors.joining("|", "[", "]"));
    }

    private static OpcUaClientConfig config(ClientSettings settings, Pki pki, EndpointDescription endpoint) {
        return OpcUaClientConfig.builder()
                .setEndpoint(endpoint)
                .setApplicationName(LocalizedText.english("Yakata hub"))
                .setApplicationUri(pki.applicationUri())
                .setProductUri("urn:yakata")
                .setKeyPair(pki.keyPair())
                .setCertificate(pki.certificate())
                .setCertificateChain(new X509Certificate[] {pki.certificate()})
                .setCertificateValidator(pki.serverCertificateValidator())
                .setIdentityProvider(settings.hasUser()
                        ? new UsernameProvider(settings.username(), settings.password())
                        : new AnonymousProvider())
                .setRequestTimeout(uint(settings.requestTimeoutMillis()))
                .build();
    }
}
