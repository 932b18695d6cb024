package dev.yakata.adapter.opcua.shell;

import dev.yakata.adapter.opcua.client.OpcUaClientTools;
import dev.yakata.adapter.opcua.pki.CertificateTrust;
import dev.yakata.adapter.opcua.server.ServerCertificateTrust;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;

/**
 * What {@code opcua-cert-list} and {@code opcua-cert-trust} share: the choice between the adapter's trust list of
 * server certificates and, with {@code --server}, the northbound server's list of client certificates. Karaf
 * injects the fields of this superclass into each command.
 */
abstract class CertificateTrustCommandSupport implements Action {

    @Reference
    OpcUaClientTools tools;

    @Reference(optional = true)
    ServerCertificateTrust serverTrust;

    @Option(name = "--server", description = "the northbound server's trust list of client certificates instead of "
            + "the adapter's list of server certificates")
    boolean server;

    final CertificateTrust trustList() {
        if (!server) {
            return tools;
        }
        if (serverTrust == null) {
            throw new IllegalStateException("the OPC UA server is not running; create etc/dev.yakata.opcua.server.cfg");
        }
        return serverTrust;
    }
}
