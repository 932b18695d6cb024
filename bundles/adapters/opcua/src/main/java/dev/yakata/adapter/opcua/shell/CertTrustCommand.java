package dev.yakata.adapter.opcua.shell;

import dev.yakata.adapter.opcua.client.OpcUaClientTools;
import dev.yakata.adapter.opcua.pki.CertificateTrust;
import dev.yakata.adapter.opcua.server.ServerCertificateTrust;
import dev.yakata.adapter.opcua.pki.Pki.CertificateEntry;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code yakata:opcua-cert-trust THUMBPRINT}: trusts a rejected OPC UA server certificate. */
@Service
@Command(scope = "yakata", name = "opcua-cert-trust",
        description = "Trusts a rejected OPC UA server certificate (devices waiting on it connect at their next retry), or with "
                + "--server a client certificate the hub's OPC UA server rejected")
public class CertTrustCommand implements Action {

    @Reference
    OpcUaClientTools tools;

    @Reference(optional = true)
    ServerCertificateTrust serverTrust;

    @Option(name = "--server", description = "the northbound server's trust list of client certificates instead of "
            + "the adapter's list of server certificates")
    boolean server;

    @Argument(index = 0, name = "thumbprint", required = true,
            description = "the start (6 or more hex digits) of the SHA-1 thumbprint opcua-cert-list shows")
    String thumbprint;

    private CertificateTrust trustList() {
        if (!server) {
            return tools;
        }
        if (serverTrust == null) {
            throw new IllegalStateException("the OPC UA server is not running; create etc/dev.yakata.opcua.server.cfg");
        }
        return serverTrust;
    }

    @Override
    public Object execute() {
        CertificateEntry trusted = trustList().trust(thumbprint);
        System.out.println("Trusted " + trusted.thumbprint() + " " + trusted.applicationUri() + " (" + trusted.subject()
                + ")");
        return null;
    }
}
