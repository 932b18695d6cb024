package dev.yakata.adapter.opcua.commands;

import dev.yakata.opcua.common.certificates.CertificateEntry;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code yakata:opcua-cert-trust THUMBPRINT}: trusts a rejected OPC UA server certificate. */
@Service
@Command(scope = "yakata", name = "opcua-cert-trust",
        description = "Trusts a rejected OPC UA server certificate; devices waiting on it connect at their next retry")
public class CertTrustCommand extends CertificateTrustCommandSupport {

    @Argument(index = 0, name = "thumbprint", required = true,
            description = "the start (6 or more hex digits) of the SHA-1 thumbprint opcua-cert-list shows")
    String thumbprint;

    @Override
    public Object execute() {
        CertificateEntry trusted = CertificateEntry.of(tools.trust(thumbprint));
        System.out.println("Trusted " + trusted.thumbprint() + " " + trusted.applicationUri() + " (" + trusted.subject()
                + ")");
        return null;
    }
}
