package dev.yakata.opcua.server.commands;

import dev.yakata.opcua.server.trust.ServerCertificateTrust;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.lifecycle.Reference;

/**
 * What {@code opcua-server-cert-list} and {@code opcua-server-cert-trust} share: the northbound server's trust list
 * of client certificates (SCADA, BMS). Karaf injects the fields of this superclass into each command.
 */
abstract class CertificateTrustCommandSupport implements Action {

    @Reference
    ServerCertificateTrust tools;

}
