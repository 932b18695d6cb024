package dev.yakata.adapter.opcua.commands;

import dev.yakata.adapter.opcua.tools.OpcUaClientTools;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.lifecycle.Reference;

/**
 * What {@code opcua-cert-list} and {@code opcua-cert-trust} share: the client adapter's trust list of server
 * certificates (the northbound server's list of client certificates has its own commands, opcua-server-cert-*, in
 * the server's commands bundle). Karaf injects the fields of this superclass into each command.
 */
abstract class CertificateTrustCommandSupport implements Action {

    @Reference
    OpcUaClientTools tools;

}
