package dev.yakata.adapter.opcua.shell;

import dev.yakata.adapter.opcua.client.OpcUaClientTools;
import dev.yakata.adapter.opcua.pki.CertificateTrust;
import dev.yakata.adapter.opcua.server.ServerCertificateTrust;
import dev.yakata.adapter.opcua.pki.Pki.CertificateEntry;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code yakata:opcua-cert-list}: the OPC UA server certificates the hub trusts and the ones it rejected. */
@Service
@Command(scope = "yakata", name = "opcua-cert-list",
        description = "Lists the OPC UA server certificates the hub trusts and those it rejected (to trust with "
                + "opcua-cert-trust); with --server, the client certificates of the hub's own OPC UA server")
public class CertListCommand implements Action {

    @Reference
    OpcUaClientTools tools;

    @Reference(optional = true)
    ServerCertificateTrust serverTrust;

    @Option(name = "--server", description = "the northbound server's trust list of client certificates instead of "
            + "the adapter's list of server certificates")
    boolean server;

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
        System.out.println("PKI: " + trustList().pkiDirectory());
        print("Rejected (trust with yakata:opcua-cert-trust THUMBPRINT)", trustList().rejectedCertificates());
        print("Trusted", trustList().trustedCertificates());
        return null;
    }

    static void print(String title, List<CertificateEntry> entries) {
        System.out.println(title + ": " + (entries.isEmpty() ? "none" : ""));
        for (CertificateEntry e : entries) {
            System.out.println("  " + e.thumbprint() + "  " + e.applicationUri() + "  " + e.subject() + "  valid until "
                    + e.notAfter());
        }
    }
}
