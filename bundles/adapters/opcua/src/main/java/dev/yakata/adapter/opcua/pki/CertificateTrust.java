package dev.yakata.adapter.opcua.pki;

import dev.yakata.adapter.opcua.pki.Pki.CertificateEntry;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/** One application's trust list as a manager works with it from the shell. */
@ProviderType
public interface CertificateTrust {

    /** Where the PKI lives ({@code own/}, {@code trusted/certs}, {@code rejected/}). */
    String pkiDirectory();

    List<CertificateEntry> trustedCertificates();

    /** Peer certificates refused because they were not trusted. */
    List<CertificateEntry> rejectedCertificates();

    /** Moves a rejected certificate, named by the start of its thumbprint, to the trusted list. */
    CertificateEntry trust(String thumbprintPrefix);
}
