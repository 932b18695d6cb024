package dev.yakata.adapter.opcua.shell;

import dev.yakata.adapter.opcua.client.OpcUaClientTools;
import dev.yakata.adapter.opcua.pki.Pki.CertificateEntry;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code yakata:opcua-cert-list}: the OPC UA server certificates the hub trusts and the ones it rejected. */
@Service
@Command(scope = "yakata", name = "opcua-cert-list",
        description = "Lists the OPC UA server certificates the hub trusts and those it rejected (to trust with opcua-cert-trust)")
public class CertListCommand implements Action {

    @Reference
    OpcUaClientTools tools;

    @Override
    public Object execute() {
        System.out.println("PKI: " + tools.pkiDirectory());
        print("Rejected (trust with yakata:opcua-cert-trust THUMBPRINT)", tools.rejectedCertificates());
        print("Trusted", tools.trustedCertificates());
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
