package dev.yakata.adapter.opcua.tools;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What the client adapter offers its shell commands (a separate bundle, installed only with the shell): its trust
 * list of server certificates (a trusted certificate lets waiting devices connect at their next retry) and a
 * browser for wiring devices. JDK types only, so the commands bundle needs no Milo.
 */
@ProviderType
public interface OpcUaClientTools {

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

    /** Where the adapter's PKI lives ({@code own/}, {@code trusted/certs}, {@code rejected/}). */
    Path pkiDirectory();

    /** The server certificates the adapter trusts. */
    List<X509Certificate> trustedCertificates();

    /** Server certificates refused because they were not trusted. */
    List<X509Certificate> rejectedCertificates();

    /**
     * Moves a rejected certificate, named by the start of its SHA-1 thumbprint, to the trusted list.
     *
     * @throws IllegalArgumentException when none, or more than one, matches
     */
    X509Certificate trust(String thumbprintPrefix);
}
