package dev.yakata.adapter.opcua.shell;

import dev.yakata.adapter.opcua.pki.Pki.CertificateEntry;
import java.util.List;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code yakata:opcua-cert-list}: the OPC UA server certificates the hub trusts and the ones it rejected. */
@Service
@Command(scope = "yakata", name = "opcua-cert-list",
        description = "Lists the OPC UA server certificates the hub trusts and those it rejected (to trust with "
                + "opcua-cert-trust); with --server, the client certificates of the hub's own OPC UA server")
public class CertListCommand extends CertificateTrustCommandSupport {

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
