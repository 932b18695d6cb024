package dev.yakata.opcua.server.trust;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The northbound server's trust list of client certificates (SCADA, BMS), for its shell commands bundle. JDK types
 * only, so that bundle needs no Milo.
 */
@ProviderType
public interface ServerCertificateTrust {

    /** Where the server's PKI lives ({@code own/}, {@code trusted/certs}, {@code rejected/}). */
    Path pkiDirectory();

    /** The client certificates the server trusts. */
    List<X509Certificate> trustedCertificates();

    /** Client certificates refused because they were not trusted. */
    List<X509Certificate> rejectedCertificates();

    /**
     * Moves a rejected certificate, named by the start of its SHA-1 thumbprint, to the trusted list.
     *
     * @throws IllegalArgumentException when none, or more than one, matches
     */
    X509Certificate trust(String thumbprintPrefix);
}
