package dev.yakata.opcua.server.commands;

import dev.yakata.opcua.common.certificates.CertificateEntry;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code yakata:opcua-server-cert-list}: the client certificates the hub's OPC UA server trusts and rejected. */
@Service
@Command(scope = "yakata", name = "opcua-server-cert-list",
        description = "Lists the client certificates (SCADA, BMS) the hub's OPC UA server trusts and those it rejected "
                + "(to trust with opcua-server-cert-trust); the client adapter's list is opcua-cert-list")
public class CertListCommand extends CertificateTrustCommandSupport {

    @Override
    public Object execute() {
        System.out.println("PKI: " + tools.pkiDirectory());
        System.out.println(CertificateEntry.list("Rejected (trust with yakata:opcua-server-cert-trust THUMBPRINT)",
                CertificateEntry.of(tools.rejectedCertificates())));
        System.out.println(CertificateEntry.list("Trusted", CertificateEntry.of(tools.trustedCertificates())));
        return null;
    }
}
