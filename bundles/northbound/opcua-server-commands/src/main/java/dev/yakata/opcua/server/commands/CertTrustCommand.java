package dev.yakata.opcua.server.commands;

import dev.yakata.opcua.common.certificates.CertificateEntry;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code yakata:opcua-server-cert-trust THUMBPRINT}: lets a rejected client open encrypted sessions. */
@Service
@Command(scope = "yakata", name = "opcua-server-cert-trust",
        description = "Trusts a client certificate the hub's OPC UA server rejected; the client's next secure connect succeeds")
public class CertTrustCommand extends CertificateTrustCommandSupport {

    @Argument(index = 0, name = "thumbprint", required = true,
            description = "the start (6 or more hex digits) of the SHA-1 thumbprint opcua-server-cert-list shows")
    String thumbprint;

    @Override
    public Object execute() {
        CertificateEntry trusted = CertificateEntry.of(tools.trust(thumbprint));
        System.out.println("Trusted " + trusted.thumbprint() + " " + trusted.applicationUri() + " (" + trusted.subject()
                + ")");
        return null;
    }
}
