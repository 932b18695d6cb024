package dev.yakata.adapter.opcua.client;

import dev.yakata.adapter.opcua.pki.CertificateTrust;
import java.util.List;
import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What the client adapter offers the shell: its trust list of server certificates (a trusted certificate lets
 * waiting devices connect at their next retry) and a browser for wiring devices.
 */
@ProviderType
public interface OpcUaClientTools extends CertificateTrust {

    /** One node under the browsed node. */
    record BrowseEntry(String nodeId, String browseName, String displayName, String nodeClass, String dataType,
            String value) {
    }

    /**
     * Connects with {@code settings} (the {@code opcua.*} keys of a device file) and lists the nodes the given node
     * organises or contains, with data type and current value for variables.
     *
     * @param node a node id, or empty for the Objects folder
     * @throws IllegalArgumentException for bad settings or a malformed node id
     * @throws IllegalStateException    when the server cannot be reached or refuses, with the reason
     */
    List<BrowseEntry> browse(Map<String, String> settings, String node);
}
