package dev.yakata.adapter.opcua.commands;

import dev.yakata.opcua.common.certificates.CertificateEntry;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code yakata:opcua-cert-list}: the OPC UA server certificates the hub trusts and the ones it rejected. */
@Service
@Command(scope = "yakata", name = "opcua-cert-list",
        description = "Lists the OPC UA server certificates the client adapter trusts and those it rejected (to trust "
                + "with opcua-cert-trust); the hub's own server has opcua-server-cert-list")
public class CertListCommand extends CertificateTrustCommandSupport {

    @Override
    public Object execute() {
        System.out.println("PKI: " + tools.pkiDirectory());
        System.out.println(CertificateEntry.list("Rejected (trust with yakata:opcua-cert-trust THUMBPRINT)",
                CertificateEntry.of(tools.rejectedCertificates())));
        System.out.println(CertificateEntry.list("Trusted", CertificateEntry.of(tools.trustedCertificates())));
        return null;
    }
}
